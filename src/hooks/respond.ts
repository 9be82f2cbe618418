/**
 * kao's answer in each client's own output format. `ask` goes out where the client honours it (VS Code,
 * Claude Code, Copilot CLI); Codex runs the tool on an `ask`, so there it is a deny whose reason says
 * how the PO approves (`kao approve ID`), and once approved the same action passes. Pure.
 */
import type { Verdict } from '../policy/decide.ts';
import type { Client } from './payload.ts';

export interface HookAnswer {
  stdout: string;
  exitCode: number;
}

export function preToolAnswer(client: Client, decision: Verdict, reason: string): HookAnswer {
  const said = `kao: ${reason}`;
  if (client === 'copilot') return json({ permissionDecision: decision, permissionDecisionReason: said });
  if (client === 'codex') {
    // Codex accepts only a deny (an allow needs an input rewrite, an ask is "unsupported" and runs the tool).
    if (decision === 'allow') return { stdout: '', exitCode: 0 };
    return json({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: said } });
  }
  return json({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: said } });
}

/** Text the agent sees before it starts (the routed task packet), where the client takes it. */
export function contextAnswer(client: Client, eventName: string, context: string): HookAnswer {
  if (client === 'copilot') return { stdout: '', exitCode: 0 };
  return json({ hookSpecificOutput: { hookEventName: eventName, additionalContext: context } });
}

/** A message for the person at the end of a session (pending PO gates are never dropped silently). */
export function stopAnswer(message: string | null): HookAnswer {
  return message ? json({ systemMessage: message }) : { stdout: '', exitCode: 0 };
}

/**
 * Fail closed: the clients run the tool when a hook crashes or prints nothing they understand, so
 * every internal error is an explicit deny — exit 2 with the reason on stderr (which VS Code, Claude
 * Code and Codex read as a block), and a deny on stdout for the clients that read it.
 */
export function failClosed(client: Client, reason: string): HookAnswer & { stderr: string } {
  const answer = preToolAnswer(client, 'deny', `denied because kao could not decide: ${reason}`);
  return { stdout: answer.stdout, exitCode: 2, stderr: `kao: denied because kao could not decide: ${reason}\n` };
}

const json = (value: unknown): HookAnswer => ({ stdout: `${JSON.stringify(value)}\n`, exitCode: 0 });
