/**
 * A role of the playbook as an agent of the OpenAI Agents SDK: its instructions are the role file's
 * own body, followed by the standing instructions that apply to all work (the repository-wide
 * instruction files and the root AGENTS.md), and its tools are the ones the role is granted, each
 * decided by the policy engine for this role and lane (policy-tools.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, type Model } from '@openai/agents';
import { grantedTools } from '../artifacts/tools.ts';
import { splitFrontmatter } from '../artifacts/frontmatter.ts';
import type { Artifact } from '../artifacts/spec.ts';
import { contextFor } from '../playbook/context.ts';
import { builtinPlaybookDir } from '../playbook/builtin.ts';
import type { EffectiveRole, Playbook } from '../playbook/load.ts';
import { policyContext } from '../policy/context.ts';
import { createPolicy, type Policy, type PolicyContext } from '../policy/decide.ts';
import { workspaceFs } from '../policy/fs-view.ts';
import { policyTools, type PolicyToolsOptions } from './policy-tools.ts';
import { UsageError } from '../errors.ts';

/** Globs that attach an instruction file to every file, so to every task. */
const EVERYWHERE = new Set(['**', '**/*', '*']);

function bodyOf(path: string, file: string): string {
  return splitFrontmatter(readFileSync(path, 'utf8'), file).body.trim();
}

/** Instructions for all work: copilot-instructions, instruction files for every file, the root AGENTS.md. */
function isStanding(a: Artifact): boolean {
  return (a.kind === 'instructions' && (a.file.endsWith('copilot-instructions.md') || a.applyTo.some((g) => EVERYWHERE.has(g))))
    || (a.kind === 'agents-md' && a.dir === '.');
}

/** The role's instructions: its own body, then the standing instructions of the repository. */
export function roleInstructions(playbook: Playbook, roleId: string): string {
  const role = playbook.roles.get(roleId);
  if (!role) throw new UsageError('no-such-role', `no role \`${roleId}\` in this playbook`, `Known roles: ${[...playbook.roles.keys()].sort().join(', ')}.`);
  const home = role.origin === 'builtin' ? builtinPlaybookDir() : playbook.root;
  const parts = [bodyOf(join(home, role.spec.file), role.spec.file)];
  for (const { artifact, origin } of playbook.artifacts) {
    if (origin === 'repo' && isStanding(artifact)) parts.push(`## Standing instructions (${artifact.file})\n\n${bodyOf(join(playbook.root, artifact.file), artifact.file)}`);
  }
  return parts.join('\n\n');
}

/** The policy a role works under in a lane, with the PO's honoured answers of the run. */
export function rolePolicy(playbook: Playbook, roleId: string, lane: string, answers?: Pick<PolicyContext, 'approved' | 'denied'>): Policy {
  // The policy context checks the role and the lane exist, with a usage error naming the known ones.
  return createPolicy(policyContext(playbook, roleId, lane, workspaceFs(playbook.root), answers));
}

export interface RoleAgentOptions {
  playbook: Playbook;
  roleId: string;
  lane: string;
  model: Model;
  /** The policy its tools are decided by (default: the role's own in this lane, no answers). */
  policy?: Policy;
  /** The MCP tools it is granted, from connected servers. */
  mcp?: PolicyToolsOptions['mcp'];
  onDecision?: PolicyToolsOptions['onDecision'];
  onResult?: PolicyToolsOptions['onResult'];
}

export function roleAgent(opts: RoleAgentOptions): Agent {
  const policy = opts.policy ?? rolePolicy(opts.playbook, opts.roleId, opts.lane);
  const role = opts.playbook.roles.get(opts.roleId);
  if (!role) throw new UsageError('no-such-role', `no role \`${opts.roleId}\` in this playbook`);
  return new Agent({
    name: opts.roleId,
    instructions: roleInstructions(opts.playbook, opts.roleId),
    model: opts.model,
    tools: policyTools({
      root: opts.playbook.root, policy, granted: roleTools(role), mcp: opts.mcp, onDecision: opts.onDecision, onResult: opts.onResult,
      instructionsFor: fileInstructions(opts.playbook),
    }),
  });
}

/**
 * The instruction files and the nearest AGENTS.md that apply to a file (VS Code's `applyTo`, the
 * AGENTS.md convention), each given once per agent: the standing ones are in its instructions already.
 */
function fileInstructions(playbook: Playbook): (path: string) => string | null {
  const repo = playbook.artifacts.filter((a) => a.origin === 'repo').map((a) => a.artifact);
  const given = new Set(repo.filter((a) => isStanding(a)).map((a) => a.file));
  return (path) => {
    const ctx = contextFor(path.replace(/^\.\//, ''), repo);
    const fresh = [...ctx.instructions, ...(ctx.agentsMd ? [ctx.agentsMd] : [])].filter((a) => !given.has(a.file));
    if (fresh.length === 0) return null;
    for (const a of fresh) given.add(a.file);
    return fresh.map((a) => `## Instructions for ${path} (${a.file})\n\n${bodyOf(join(playbook.root, a.file), a.file)}`).join('\n\n');
  };
}

/** The MCP servers a role is granted (`server/*` or `server/tool`); every configured one for a role with every tool. */
export function roleMcpServers(role: EffectiveRole, configured: readonly string[]): string[] {
  if (!role.spec.toolsDeclared || role.spec.tools.some((t) => t.kind === 'all')) return [...configured];
  return [...new Set(role.spec.tools.flatMap((t) => (t.kind === 'mcp' ? [t.server] : [])))];
}

/** Whether a role is granted one tool of an MCP server. */
export function grantsMcpTool(role: EffectiveRole, server: string, name: string): boolean {
  if (!role.spec.toolsDeclared) return true;
  return role.spec.tools.some((t) => t.kind === 'all' || (t.kind === 'mcp' && t.server === server && (t.name === '*' || t.name === name)));
}

/** The canonical tools a role has; a role file without `tools` has every tool, as the clients treat it. */
export function roleTools(role: EffectiveRole): Set<string> {
  return role.spec.toolsDeclared ? grantedTools(role.spec.tools) : new Set(['read', 'search', 'edit', 'execute', 'web', 'agent']);
}
