/**
 * Which standing instructions apply to a file: instruction files whose `applyTo` matches it, and
 * the nearest `AGENTS.md` (the one in the closest enclosing folder wins over its parents). Pure.
 */
import { applyToMatcher } from './globs.ts';
import type { AgentsMdSpec, Artifact, InstructionsSpec } from '../artifacts/spec.ts';

export interface FileContext {
  path: string;
  instructions: InstructionsSpec[];
  /** The governing AGENTS.md, or null when none encloses the file. */
  agentsMd: AgentsMdSpec | null;
  /** AGENTS.md files further up that the nearest one overrides. */
  overridden: AgentsMdSpec[];
}

export function contextFor(path: string, artifacts: readonly Artifact[]): FileContext {
  const instructions = artifacts.filter((a): a is InstructionsSpec =>
    a.kind === 'instructions' && a.applyTo.some((g) => applyToMatcher(g)(path)));
  const enclosing = artifacts
    .filter((a): a is AgentsMdSpec => a.kind === 'agents-md' && (a.dir === '.' || path.startsWith(`${a.dir}/`)))
    .sort((a, b) => depth(b.dir) - depth(a.dir));
  return { path, instructions, agentsMd: enclosing[0] ?? null, overridden: enclosing.slice(1) };
}

function depth(dir: string): number {
  return dir === '.' ? 0 : dir.split('/').length;
}
