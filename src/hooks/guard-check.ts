/**
 * What `kao lint` says about the agent clients' hook configuration: a client configured with hooks
 * but none that asks kao before a tool runs leaves its agents unguarded, and a kao hook for a client
 * that does not say which agent runs (VS Code, Copilot) with no `--role` and no `policy.defaultRole`
 * denies every tool call. The check is pure; `readHookConfigs` is its I/O edge.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';

export interface HookConfig {
  path: string;
  /** The parsed JSON, or null when it does not parse. */
  json: unknown;
}

const PRE_TOOL = /^(PreToolUse|preToolUse)$/;

/** The hook files the clients read from a repository (agent-hooks.md). */
export function readHookConfigs(root: string): HookConfig[] {
  let hooksDir: string[] = [];
  try {
    hooksDir = readdirSync(join(root, '.github', 'hooks')).filter((f) => f.endsWith('.json')).map((f) => `.github/hooks/${f}`);
  } catch {
    // no .github/hooks folder
  }
  const out: HookConfig[] = [];
  for (const path of ['.claude/settings.json', '.claude/settings.local.json', '.codex/hooks.json', ...hooksDir]) {
    let text: string;
    try {
      text = readFileSync(join(root, path), 'utf8');
    } catch {
      continue;
    }
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // reported below as a file whose hooks cannot be read
    }
    out.push({ path, json });
  }
  return out;
}

export function hookDiagnostics(configs: readonly HookConfig[], defaultRole: string | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: string, rule: string, message: string, fix: string): Diagnostic => ({ rule, severity: 'warning', file: path, line: 1, column: 1, message, fix });
  for (const c of configs) {
    const hooks = (c.json as { hooks?: Record<string, unknown> } | null)?.hooks;
    if (!hooks || typeof hooks !== 'object') {
      if (c.json === null) out.push(at(c.path, 'hook-unguarded', `${c.path} is not valid JSON, so the client may run its agents without any hook`, 'Fix the JSON, then run `kao init --client …` to add kao\'s hooks.'));
      continue;
    }
    const pre = Object.entries(hooks).filter(([event]) => PRE_TOOL.test(event)).map(([, list]) => JSON.stringify(list)).join('\n');
    const commands = [...pre.matchAll(/kao(?:\.js)? hook (vscode|claude|copilot|codex)([^"]*)/g)];
    if (commands.length === 0) {
      out.push(at(c.path, 'hook-unguarded', `${c.path} configures agent hooks, but none asks kao before a tool runs: the agents of this client are unguarded`,
        `Run \`kao init --client ${c.path.includes('claude') ? 'claude' : c.path.includes('codex') ? 'codex' : c.path.includes('copilot') ? 'copilot' : 'vscode'}\` to add kao's PreToolUse hook.`));
      continue;
    }
    for (const m of commands) {
      if ((m[1] === 'vscode' || m[1] === 'copilot') && !/--role\s/.test(m[2]!) && !defaultRole) {
        out.push(at(c.path, 'hook-no-role', `kao hook ${m[1]} has no --role and the operating model sets no policy.defaultRole: ${m[1]} does not say which agent runs, so kao will deny every tool call`,
          'Set policy.defaultRole in .github/agent-os/operating-model.yaml, or add --role ROLE to the hook command.'));
      }
    }
  }
  return out;
}
