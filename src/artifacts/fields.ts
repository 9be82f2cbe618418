/**
 * Which frontmatter fields each artifact kind documents, and which are deprecated. Facts from the
 * VS Code custom-agent/prompt/instructions references, the Agent Skills spec and Claude Code's
 * subagent docs; an unknown field is a warning, because clients silently ignore what they don't know.
 */
import type { ArtifactKind } from './spec.ts';

const COPILOT_AGENT = [
  'name', 'description', 'argument-hint', 'tools', 'agents', 'model', 'handoffs', 'user-invocable',
  'user-invokable', 'disable-model-invocation', 'infer', 'target', 'mcp-servers', 'github', 'hooks', 'advancedOptions',
];

export const KNOWN_FIELDS: Record<ArtifactKind, ReadonlySet<string>> = {
  agent: new Set(COPILOT_AGENT),
  chatmode: new Set(['name', 'title', 'description', 'tools', 'model']),
  'claude-agent': new Set([
    'name', 'description', 'tools', 'disallowedTools', 'model', 'permissionMode', 'mcpServers', 'hooks', 'maxTurns',
    'skills', 'initialPrompt', 'memory', 'effort', 'background', 'isolation', 'color',
  ]),
  prompt: new Set(['name', 'description', 'argument-hint', 'agent', 'mode', 'model', 'tools']),
  instructions: new Set(['name', 'description', 'applyTo', 'excludeAgent']),
  skill: new Set([
    'name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools', 'argument-hint', 'user-invocable',
    'user-invokable', 'disable-model-invocation', 'context', 'model', 'agent', 'hooks',
  ]),
  'agents-md': new Set(),
};

/** Deprecated field → what to write instead. */
export const DEPRECATED_FIELDS: Partial<Record<ArtifactKind, Record<string, string>>> = {
  agent: {
    infer: 'use `user-invocable` and `disable-model-invocation` instead (`infer: true` means both visible and delegable)',
    'user-invokable': 'the field is spelled `user-invocable`',
  },
  skill: { 'user-invokable': 'the field is spelled `user-invocable`' },
  prompt: { mode: 'use `agent` instead of the older `mode`' },
};
