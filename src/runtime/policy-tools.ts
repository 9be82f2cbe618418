/**
 * The tools a role's agent gets in a run, each decided by the policy engine before it does anything:
 * `allow` does it, `deny` returns the rule and the reason to the model (so it can change course), `ask`
 * makes the call an interruption of the run (the SDK's `needsApproval`), which pauses until someone
 * approves or rejects it. Only the tools the role is granted are given: the workspace tools below and
 * the tools of the MCP servers it is granted. Built on the OpenAI Agents SDK (`tool()`); the doing is
 * in workspace-ops.ts and mcp-servers.ts.
 */
import { tool, type FunctionTool } from '@openai/agents';
import * as z from 'zod';
import type { Action } from '../policy/action.ts';
import type { Decision, Policy } from '../policy/decide.ts';
import type { McpTool } from './mcp-servers.ts';
import { executeCommand, fetchText, readText, searchText, writeText, type ExecuteLimits } from './workspace-ops.ts';

export interface PolicyToolsOptions {
  /** Absolute workspace root. */
  root: string;
  /** The role's policy (createPolicy of its context). */
  policy: Policy;
  /** The canonical tools the role is granted (read, search, edit, execute, web). */
  granted: ReadonlySet<string>;
  /** The MCP tools the role is granted, from connected servers. */
  mcp?: readonly McpTool[];
  /** Told every decision before the call goes on, for the audit log and the live view. */
  onDecision?: (action: Action, decision: Decision) => void | Promise<void>;
  /** Told what an allowed call returned. */
  onResult?: (action: Action, output: string) => void | Promise<void>;
  /**
   * Standing instructions that apply to a file the role reads or writes and has not been given yet
   * (as an editor attaches them when the file comes into context); appended to the call's output.
   */
  instructionsFor?: (path: string) => string | null;
  limits?: ExecuteLimits;
}

const DEFAULT_LIMITS: ExecuteLimits = { timeoutMs: 120_000, outputBytes: 64 * 1024 };

/** The SDK's tool type is generic over each tool's own parameters; the list holds every kind. */
type AnyTool = FunctionTool<any, any, any>;

/** One tool as kao guards it: what the model sees, how its arguments are checked, the action the policy judges, the work. */
interface GuardedTool {
  name: string;
  description: string;
  jsonSchema: Record<string, unknown>;
  /** The arguments as the tool takes them, or what is wrong with them. */
  check(raw: unknown): { ok: true; args: any } | { ok: false; message: string };
  action(args: any): Action;
  work(args: any): string | Promise<string>;
}

/** Each workspace tool: its parameters, the action the policy judges, and the work it does. */
const WORKSPACE_TOOLS = {
  read: {
    description: 'Read a file of the workspace.',
    parameters: z.object({ path: z.string() }),
    action: (a: { path: string }): Action => ({ tool: 'read', path: a.path }),
    work: (root: string, a: { path: string }) => readText(root, a.path),
  },
  search: {
    description: 'Find the lines of the workspace that hold a text.',
    parameters: z.object({ query: z.string().min(1) }),
    action: (a: { query: string }): Action => ({ tool: 'search', query: a.query }),
    work: (root: string, a: { query: string }) => searchText(root, a.query),
  },
  edit: {
    description: 'Write a file of the workspace (its whole new content).',
    parameters: z.object({ path: z.string(), content: z.string() }),
    action: (a: { path: string }): Action => ({ tool: 'edit', path: a.path }),
    work: (root: string, a: { path: string; content: string }) => writeText(root, a.path, a.content),
  },
  execute: {
    description: 'Run a command line in the workspace (bash), with a time limit.',
    parameters: z.object({ command: z.string().min(1) }),
    action: (a: { command: string }): Action => ({ tool: 'execute', command: a.command }),
    work: (root: string, a: { command: string }, limits: ExecuteLimits) => executeCommand(root, a.command, limits),
  },
  web: {
    description: 'Fetch a web page (text) by its URL. Redirects are not followed: fetch the URL they point to.',
    parameters: z.object({ url: z.string().min(1) }),
    action: (a: { url: string }): Action => ({ tool: 'web', url: a.url }),
    work: (_root: string, a: { url: string }) => fetchText(a.url),
  },
} as const;

type ToolName = keyof typeof WORKSPACE_TOOLS;

function workspaceTool(name: ToolName, root: string, limits: ExecuteLimits): GuardedTool {
  const spec = WORKSPACE_TOOLS[name] as unknown as {
    description: string; parameters: z.ZodObject; action: (a: unknown) => Action; work: (root: string, a: unknown, l: ExecuteLimits) => string | Promise<string>;
  };
  return {
    name, description: spec.description,
    jsonSchema: { ...z.toJSONSchema(spec.parameters), additionalProperties: true },
    check(raw) {
      const parsed = spec.parameters.safeParse(raw);
      if (parsed.success) return { ok: true, args: parsed.data };
      const example = JSON.stringify(Object.fromEntries(Object.keys(spec.parameters.shape).map((k) => [k, '…'])));
      return { ok: false, message: `${parsed.error.issues.map((i) => `${i.path.join('.') || '(arguments)'}: ${i.message}`).join('; ')}; send ${example}` };
    },
    action: spec.action,
    work: (a) => spec.work(root, a, limits),
  };
}

/** Function names are `[a-zA-Z0-9_-]{1,64}`; an MCP tool is `server__tool`. */
export const mcpToolName = (server: string, name: string) => `${server}__${name}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);

function mcpTool(t: McpTool): GuardedTool {
  return {
    name: mcpToolName(t.server, t.name),
    description: t.description || `${t.name} of the MCP server ${t.server}`,
    jsonSchema: t.inputSchema,
    // The server checks its own arguments; kao needs an object to judge (URLs in it are egress).
    check: (raw) => (raw && typeof raw === 'object' && !Array.isArray(raw) ? { ok: true, args: raw } : { ok: false, message: 'send the arguments as a JSON object' }),
    action: (args: Record<string, unknown>): Action => ({ tool: `${t.server}/${t.name}`, args }),
    work: (args: Record<string, unknown>) => t.call(args),
  };
}

/** The action of each guarded tool, for reading an interrupted call back (`toolCallAction`). */
const GUARDED = new WeakMap<object, GuardedTool>();

/**
 * The action a call of one of these tools stands for, from the arguments as the model sent them
 * (JSON text); null when the tool is not one of them or its arguments do not fit.
 */
export function toolCallAction(t: object, args: string): Action | null {
  const g = GUARDED.get(t);
  if (!g) return null;
  let value: unknown;
  try {
    value = JSON.parse(args);
  } catch {
    return null;
  }
  const checked = g.check(value);
  return checked.ok ? g.action(checked.args) : null;
}

export function policyTools(opts: PolicyToolsOptions): AnyTool[] {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const guarded = [
    ...(Object.keys(WORKSPACE_TOOLS) as ToolName[]).filter((name) => opts.granted.has(name)).map((name) => workspaceTool(name, opts.root, limits)),
    ...(opts.mcp ?? []).map(mcpTool),
  ];
  return guarded.map((g) => {
    // Arguments are checked here, not by the SDK: arguments that do not fit go back to the model as a
    // message it can act on (local models often send `file` for `path`), instead of ending the run.
    const t = tool({
      name: g.name, description: g.description, strict: false, parameters: g.jsonSchema as never,
      // `needsApproval`: the policy says ask.
      needsApproval: async (_ctx, raw) => {
        const checked = g.check(raw);
        return checked.ok && opts.policy.decide(g.action(checked.args)).decision === 'ask';
      },
      // Decided again (the workspace may have changed since): the work is done on allow, or on ask once
      // the run was resumed with the call approved; a denial goes back to the model.
      execute: async (raw) => {
        const checked = g.check(raw);
        if (!checked.ok) return `invalid arguments for ${g.name}: ${checked.message}`;
        const action = g.action(checked.args);
        const d = opts.policy.decide(action);
        await opts.onDecision?.(action, d);
        if (d.decision === 'deny') return `denied by ${d.rule} (${d.source}): ${d.reason}`;
        const output = await g.work(checked.args);
        await opts.onResult?.(action, output);
        const extra = (action.tool === 'read' || action.tool === 'edit') && 'path' in action ? opts.instructionsFor?.(action.path) : null;
        return extra ? `${output}\n\n${extra}` : output;
      },
    });
    GUARDED.set(t, g);
    return t;
  });
}
