/**
 * The hook configuration `kao init --client X` writes, merged into what the repository already has:
 * other hooks and settings are kept, and running it twice changes nothing. Pure (the caller reads and
 * writes the file).
 */
import type { Client } from './payload.ts';

export interface HookFile {
  path: string;
  /** The merged configuration, and whether anything was added. */
  merge(existing: unknown): { config: Record<string, unknown>; added: string[] };
}

/** The command a client runs: the local install (npx --no-install never downloads a stranger's `kao`). */
export const hookCommand = (client: Client) => `npx --no-install kao hook ${client}`;

const CLAUDE_EVENTS = ['PreToolUse', 'PostToolUse', 'UserPromptSubmit', 'SessionStart', 'Stop'];
const COPILOT_EVENTS = ['preToolUse', 'postToolUse', 'userPromptSubmitted', 'sessionStart', 'agentStop'];

type Entry = Record<string, unknown>;

function mergeEvents(existing: unknown, events: string[], entry: (event: string) => Entry, has: (list: Entry[]) => boolean, base: Record<string, unknown> = {}) {
  const config: Record<string, unknown> = existing && typeof existing === 'object' && !Array.isArray(existing) ? { ...(existing as Record<string, unknown>) } : { ...base };
  const hooks: Record<string, unknown> = config.hooks && typeof config.hooks === 'object' ? { ...(config.hooks as Record<string, unknown>) } : {};
  const added: string[] = [];
  for (const event of events) {
    const list = Array.isArray(hooks[event]) ? [...(hooks[event] as Entry[])] : [];
    if (has(list)) continue;
    list.push(entry(event));
    hooks[event] = list;
    added.push(event);
  }
  config.hooks = hooks;
  return { config, added };
}

const mentions = (client: Client) => (list: Entry[]) => JSON.stringify(list).includes(`kao hook ${client}`);

export function hookFile(client: Client): HookFile {
  const command = hookCommand(client);
  switch (client) {
    case 'claude':
      return { path: '.claude/settings.json', merge: (e) => mergeEvents(e, CLAUDE_EVENTS, () => ({ matcher: '*', hooks: [{ type: 'command', command, timeout: 30 }] }), mentions(client)) };
    case 'codex':
      return { path: '.codex/hooks.json', merge: (e) => mergeEvents(e, CLAUDE_EVENTS, () => ({ hooks: [{ type: 'command', command, timeout: 30 }] }), mentions(client)) };
    case 'vscode':
      return { path: '.github/hooks/kao-vscode.json', merge: (e) => mergeEvents(e, CLAUDE_EVENTS, () => ({ type: 'command', command, timeout: 30 }), mentions(client)) };
    case 'copilot':
      return { path: '.github/hooks/kao-copilot.json', merge: (e) => mergeEvents(e, COPILOT_EVENTS, () => ({ type: 'command', bash: command, timeoutSec: 30 }), mentions(client), { version: 1 }) };
  }
}
