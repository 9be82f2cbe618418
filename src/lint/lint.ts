/** Runs every lint rule over a loaded playbook and merges in what the compiler found. Pure. */
import { compareDiagnostics, type Diagnostic } from '../diagnostics.ts';
import type { Playbook } from '../playbook/load.ts';
import type { LintRule } from './rule.ts';
import { applyToGlobs } from './rules/apply-to.ts';
import { linkBroken } from './rules/link-broken.ts';
import { roleDuplicate, roleUndefined } from './rules/role-refs.ts';
import { agentCallsPrompt, forbiddenNotEnforced, leadSections, readonlyRoleWrites, toolNotGranted, toolsUnrestricted, toolUnknown } from './rules/role-shape.ts';

export const LINT_RULES: readonly LintRule[] = [
  linkBroken, roleUndefined, roleDuplicate, readonlyRoleWrites, agentCallsPrompt, leadSections, forbiddenNotEnforced, toolUnknown, toolsUnrestricted, toolNotGranted, applyToGlobs,
];

export interface LintResult {
  diagnostics: Diagnostic[];
  summary: { files: number; errors: number; warnings: number; infos: number };
}

export function lintPlaybook(pb: Playbook): LintResult {
  const diagnostics = [...pb.diagnostics, ...LINT_RULES.flatMap((r) => r.check(pb))].sort(compareDiagnostics);
  const count = (s: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === s).length;
  return {
    diagnostics,
    summary: {
      files: pb.artifacts.filter((a) => a.origin === 'repo').length,
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
    },
  };
}
