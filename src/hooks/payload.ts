/**
 * One hook call as the agent client sends it on stdin, read into one shape for every client: VS Code
 * (snake_case and the older camelCase), Claude Code, Copilot CLI and cloud agent (camelCase with
 * `toolArgs` as a JSON string, or the VS Code-compatible PascalCase form), and Codex. Field names are
 * the clients' own (../shared/research/agent-hooks.md). Pure.
 */

export const CLIENTS = ['vscode', 'claude', 'copilot', 'codex'] as const;
export type Client = (typeof CLIENTS)[number];

export type HookEventKind = 'pre-tool' | 'post-tool' | 'prompt' | 'session-start' | 'stop';

export interface HookCall {
  event: HookEventKind;
  /** The event's name as the client sent it, echoed back where the client wants it. */
  eventName: string;
  sessionId: string;
  toolName?: string;
  toolInput?: Record<string, unknown>;
  toolUseId?: string;
  /** The running agent, where the client says it (Claude, Codex). */
  agentType?: string;
  prompt?: string;
  cwd?: string;
  /** PostToolUse: what happened. */
  exitCode?: number;
  error?: string;
}

const EVENTS: Record<string, HookEventKind> = {
  pretooluse: 'pre-tool', posttooluse: 'post-tool', posttoolusefailure: 'post-tool', userpromptsubmit: 'prompt', userpromptsubmitted: 'prompt',
  sessionstart: 'session-start', stop: 'stop', subagentstop: 'stop', agentstop: 'stop',
};

export class PayloadError extends Error {}

export function readHookCall(raw: string): HookCall {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new PayloadError(`the hook payload is not JSON: ${(e as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new PayloadError('the hook payload is not a JSON object');
  const p = data as Record<string, unknown>;
  const str = (...keys: string[]) => {
    for (const k of keys) if (typeof p[k] === 'string' && p[k] !== '') return p[k] as string;
    return undefined;
  };
  const eventName = str('hook_event_name', 'hookEventName', 'event') ?? (p.toolName || p.tool_name ? 'PreToolUse' : undefined);
  if (!eventName) throw new PayloadError('the hook payload names no event (hook_event_name)');
  const event = EVENTS[eventName.toLowerCase()];
  if (!event) throw new PayloadError(`kao does not handle the hook event "${eventName}"`);
  const call: HookCall = { event, eventName, sessionId: str('session_id', 'sessionId', 'conversation_id') ?? 'no-session' };
  const toolName = str('tool_name', 'toolName');
  if (toolName) call.toolName = toolName;
  let input = p.tool_input ?? p.toolInput ?? p.toolArgs ?? p.tool_args;
  // Copilot's camelCase payload carries the arguments as a JSON string.
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch {
      input = { command: input };
    }
  }
  if (input && typeof input === 'object' && !Array.isArray(input)) call.toolInput = input as Record<string, unknown>;
  const toolUseId = str('tool_use_id', 'toolUseId');
  if (toolUseId) call.toolUseId = toolUseId;
  const agent = str('agent_type', 'agentType', 'agentName');
  if (agent) call.agentType = agent;
  const prompt = str('prompt', 'user_prompt', 'userPrompt');
  if (prompt) call.prompt = prompt;
  const cwd = str('cwd');
  if (cwd) call.cwd = cwd;
  const response = (p.tool_response ?? p.toolResult ?? p.tool_result) as Record<string, unknown> | undefined;
  const exit = response && typeof response === 'object' ? (response.exit_code ?? response.exitCode ?? response.returnCode) : undefined;
  if (typeof exit === 'number') call.exitCode = exit;
  const error = str('error') ?? (response && typeof response === 'object' && typeof response.stderr === 'string' && response.stderr ? response.stderr : undefined);
  if (error) call.error = error.slice(0, 500);
  if (eventName.toLowerCase() === 'posttoolusefailure' && call.exitCode === undefined) call.exitCode = 1;
  return call;
}

/** A session id as a run id of the store: letters, digits and `._:-`, at most 128. */
export function runIdOf(client: Client, sessionId: string): string {
  return `${client}-${sessionId.replace(/[^A-Za-z0-9._:-]/g, '_')}`.slice(0, 128);
}
