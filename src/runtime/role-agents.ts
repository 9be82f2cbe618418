/**
 * A role of the playbook as an agent of the OpenAI Agents SDK: its instructions are the role file's
 * own body, followed by the standing instructions that apply to all work (the repository-wide
 * instruction files and the root AGENTS.md), and its tools are the ones the role is granted, each
 * decided by the policy engine for this role and lane (policy-tools.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, type Model } from '@openai/agents';
import type { Action } from '../policy/action.ts';
import { grantedTools } from '../artifacts/tools.ts';
import { splitFrontmatter } from '../artifacts/frontmatter.ts';
import { builtinPlaybookDir } from '../playbook/builtin.ts';
import type { Playbook } from '../playbook/load.ts';
import { policyContext } from '../policy/context.ts';
import { createPolicy, type Decision } from '../policy/decide.ts';
import { workspaceFs } from '../policy/fs-view.ts';
import { policyTools } from './policy-tools.ts';
import { UsageError } from '../errors.ts';

/** Globs that attach an instruction file to every file, so to every task. */
const EVERYWHERE = new Set(['**', '**/*', '*']);

function bodyOf(path: string, file: string): string {
  return splitFrontmatter(readFileSync(path, 'utf8'), file).body.trim();
}

/** The role's instructions: its own body, then the standing instructions of the repository. */
export function roleInstructions(playbook: Playbook, roleId: string): string {
  const role = playbook.roles.get(roleId);
  if (!role) throw new UsageError('no-such-role', `no role \`${roleId}\` in this playbook`, `Known roles: ${[...playbook.roles.keys()].sort().join(', ')}.`);
  const home = role.origin === 'builtin' ? builtinPlaybookDir() : playbook.root;
  const parts = [bodyOf(join(home, role.spec.file), role.spec.file)];
  for (const { artifact, origin } of playbook.artifacts) {
    if (origin !== 'repo') continue;
    const always = (artifact.kind === 'instructions' && (artifact.file.endsWith('copilot-instructions.md') || artifact.applyTo.some((g) => EVERYWHERE.has(g))))
      || (artifact.kind === 'agents-md' && artifact.dir === '.');
    if (always) parts.push(`## Standing instructions (${artifact.file})\n\n${bodyOf(join(playbook.root, artifact.file), artifact.file)}`);
  }
  return parts.join('\n\n');
}

export interface RoleAgentOptions {
  playbook: Playbook;
  roleId: string;
  lane: string;
  model: Model;
  onDecision?: (action: Action, decision: Decision) => void;
}

export function roleAgent(opts: RoleAgentOptions): Agent {
  // The policy context checks the role and the lane exist, with a usage error naming the known ones.
  const policy = createPolicy(policyContext(opts.playbook, opts.roleId, opts.lane, workspaceFs(opts.playbook.root)));
  const role = opts.playbook.roles.get(opts.roleId)!;
  // A role file without `tools` has every tool, as the clients treat it.
  const granted = role.spec.toolsDeclared ? grantedTools(role.spec.tools) : new Set(['read', 'search', 'edit', 'execute']);
  return new Agent({
    name: opts.roleId,
    instructions: roleInstructions(opts.playbook, opts.roleId),
    model: opts.model,
    tools: policyTools({ root: opts.playbook.root, policy, granted, ...(opts.onDecision ? { onDecision: opts.onDecision } : {}) }),
  });
}
