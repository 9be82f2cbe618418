import { builtinPlaybookDir } from '../../playbook/builtin.ts';
import { loadPlaybook } from '../../playbook/load.ts';
import { formatSarif } from '../../lint/format/sarif.ts';
import { formatText } from '../../lint/format/text.ts';
import { UsageError } from '../../errors.ts';
import { repositoryRoot } from '../../git/git.ts';
import { colorEnabled } from '../output/color.ts';
import { sarifToJunit } from '../output/junit.ts';
import { sarifToAnnotations } from '../output/github.ts';
import { lintPlaybook } from '../../lint/lint.ts';
import { RULE_CATALOG } from '../../lint/rule-catalog.ts';
import { VERSION } from '../../version.ts';

export interface LintOptions {
  format: 'text' | 'json' | 'sarif' | 'github' | 'junit';
  builtin?: boolean;
  builtinRoles?: boolean;
  quiet?: boolean;
  /** More warnings than this fail the run, as ESLint's --max-warnings. */
  maxWarnings?: number;
  /** Text output prints at most this many problems (the summary counts all). */
  maxProblems?: number;
}

/** JSON output contract version; bump on any incompatible change. */
export const LINT_JSON_VERSION = 1;

export async function runLint(dir: string, opts: LintOptions): Promise<number> {
  // From a subfolder, the repository is the one it is in, as for every other command.
  const root = opts.builtin ? builtinPlaybookDir() : repositoryRoot(dir);
  const playbook = await loadPlaybook(root, { builtin: opts.builtinRoles !== false });
  if (!opts.builtin && !playbook.artifacts.some((a) => a.origin === 'repo')) {
    throw new UsageError('no-playbook', `no playbook in ${root}: no role, instruction, prompt, skill or AGENTS.md file to check`,
      'Run `kao init` to start from the built-in playbook, or `kao lint --builtin` to check the built-in one.');
  }
  const result = lintPlaybook(playbook);
  if (!opts.builtin) {
    // The clients' hook files are not playbook artifacts, but an unguarded client is a playbook not enforced.
    const { hookDiagnostics, readHookConfigs } = await import('../../hooks/guard-check.ts');
    const found = hookDiagnostics(readHookConfigs(root), playbook.model.policy?.defaultRole);
    if (found.length) {
      result.diagnostics.push(...found);
      result.summary.warnings += found.length;
    }
  }
  if (opts.quiet) result.diagnostics = result.diagnostics.filter((d) => d.severity === 'error');
  const sarif = () => formatSarif(result, VERSION, Object.fromEntries(Object.entries(RULE_CATALOG).map(([k, v]) => [k, v.description])));
  const out =
    opts.format === 'json'
      ? JSON.stringify({ version: LINT_JSON_VERSION, root: opts.builtin ? '<builtin>' : dir, ...result }, null, 2) + '\n'
      : opts.format === 'sarif' ? sarif()
        : opts.format === 'github' ? sarifToAnnotations(sarif())
          : opts.format === 'junit' ? sarifToJunit(sarif(), 'kao lint')
          : formatText(result, colorEnabled(), opts.maxProblems);
  process.stdout.write(out);
  const tooManyWarnings = opts.maxWarnings !== undefined && result.summary.warnings > opts.maxWarnings;
  if (tooManyWarnings) process.stderr.write(`kao lint: ${result.summary.warnings} warnings, more than --max-warnings ${opts.maxWarnings}\n`);
  return result.summary.errors > 0 || tooManyWarnings ? 1 : 0;
}
