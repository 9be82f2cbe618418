/**
 * The tools a role's agent gets in a run, each decided by the policy engine before it does anything:
 * `allow` does it, `deny` returns the rule and the reason to the model (so it can change course), `ask`
 * makes the call an interruption of the run (the SDK's `needsApproval`), which pauses until someone
 * approves or rejects it. Only the tools the role is granted are given. Built on the OpenAI Agents SDK
 * (`tool()`); the doing is in workspace-ops.ts.
 */
import { tool, type FunctionTool } from '@openai/agents';
import * as z from 'zod';
import type { Action } from '../policy/action.ts';
import type { Decision, Policy } from '../policy/decide.ts';
import { executeCommand, fetchText, readText, searchText, writeText, type ExecuteLimits } from './workspace-ops.ts';

export interface PolicyToolsOptions {
  /** Absolute workspace root. */
  root: string;
  /** The role's policy (createPolicy of its context). */
  policy: Policy;
  /** The canonical tools the role is granted (read, search, edit, execute, web). */
  granted: ReadonlySet<string>;
  /** Told every decision before the call goes on, for the audit log and the live view. */
  onDecision?: (action: Action, decision: Decision) => void | Promise<void>;
  /** Told what an allowed call returned. */
  onResult?: (action: Action, output: string) => void | Promise<void>;
  limits?: ExecuteLimits;
}

const DEFAULT_LIMITS: ExecuteLimits = { timeoutMs: 120_000, outputBytes: 64 * 1024 };

/** The SDK's tool type is generic over each tool's own parameters; the list holds every kind. */
type AnyTool = FunctionTool<any, any, any>;

/** Each workspace tool: what the model sees, the action the policy judges, and the work it does. */
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
const isToolName = (name: string): name is ToolName => Object.hasOwn(WORKSPACE_TOOLS, name);

/**
 * The action a workspace tool call stands for, from its name and its arguments as the model sent them
 * (JSON text); null when the call is not one of these tools or its arguments do not fit.
 */
export function workspaceToolAction(name: string, args: string): Action | null {
  if (!isToolName(name)) return null;
  let value: unknown;
  try {
    value = JSON.parse(args);
  } catch {
    return null;
  }
  const parsed = WORKSPACE_TOOLS[name].parameters.safeParse(value);
  return parsed.success ? WORKSPACE_TOOLS[name].action(parsed.data as never) : null;
}

export function policyTools(opts: PolicyToolsOptions): AnyTool[] {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  return (Object.keys(WORKSPACE_TOOLS) as ToolName[]).filter((name) => opts.granted.has(name)).map((name) => {
    const spec = WORKSPACE_TOOLS[name] as unknown as {
      description: string; parameters: z.ZodObject; action: (a: unknown) => Action; work: (root: string, a: unknown, l: ExecuteLimits) => string | Promise<string>;
    };
    // Arguments are checked here, not by the SDK: arguments that do not fit go back to the model as a
    // message it can act on (local models often send `file` for `path`), instead of ending the run.
    const fits = (a: unknown) => spec.parameters.safeParse(a);
    return tool({
      name, description: spec.description, strict: false,
      parameters: { ...z.toJSONSchema(spec.parameters), additionalProperties: true } as never,
      // `needsApproval`: the policy says ask.
      needsApproval: async (_ctx, a) => fits(a).success && opts.policy.decide(spec.action(a)).decision === 'ask',
      // Decided again (the workspace may have changed since): the work is done on allow, or on ask once
      // the run was resumed with the call approved; a denial goes back to the model.
      execute: async (raw) => {
        const parsed = fits(raw);
        if (!parsed.success) return `invalid arguments for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(arguments)'}: ${i.message}`).join('; ')}; send ${JSON.stringify(exampleArgs(spec.parameters))}`;
        const a = parsed.data;
        const action = spec.action(a);
        const d = opts.policy.decide(action);
        await opts.onDecision?.(action, d);
        if (d.decision === 'deny') return `denied by ${d.rule} (${d.source}): ${d.reason}`;
        const output = await spec.work(opts.root, a, limits);
        await opts.onResult?.(action, output);
        return output;
      },
    });
  });
}

/** `{"path":"…"}`: the shape a tool's arguments take, for the message on arguments that do not fit. */
function exampleArgs(schema: z.ZodObject): Record<string, string> {
  return Object.fromEntries(Object.keys(schema.shape).map((k) => [k, '…']));
}
