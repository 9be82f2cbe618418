/**
 * Path → artifact kind, the way agent clients decide it: by file name, and for Claude Code
 * subagents by folder. Pure; paths are POSIX and relative to the repository root.
 */
import type { ArtifactKind } from './spec.ts';

export function kindOf(path: string): ArtifactKind | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  if (lower.endsWith('.agent.md')) return 'agent';
  if (lower.endsWith('.chatmode.md')) return 'chatmode';
  if (lower.endsWith('.prompt.md')) return 'prompt';
  if (lower.endsWith('.instructions.md')) return 'instructions';
  if (path === '.github/copilot-instructions.md' || path.endsWith('/.github/copilot-instructions.md')) return 'instructions';
  if (base === 'SKILL.md') return 'skill';
  if (base === 'AGENTS.md') {
    // An AGENTS.md shipped inside a skill is a template the skill writes elsewhere, not a live one.
    return /(^|\/)skills\/[^/]+\//.test(path) ? null : 'agents-md';
  }
  // Claude Code: project subagents, and a plugin's agents folder.
  if (lower.endsWith('.md') && /(^|\/)(\.claude|plugins\/[^/]+)\/agents\/[^/]+$/.test(path)) return 'claude-agent';
  if (lower.endsWith('.md') && /(^|\/)\.github\/agents\/[^/]+$/.test(path)) return 'agent';
  return null;
}
