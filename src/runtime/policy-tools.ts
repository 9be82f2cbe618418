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
import { executeCommand, readText, searchText, writeText, type ExecuteLimits } from './workspace-ops.ts';

export interface PolicyToolsOptions {
  /** Absolute workspace root. */
  root: string;
  /** The role's policy (createPolicy of its context). */
  policy: Policy;
  /** The canonical tools the role is granted (read, search, edit, execute). */
  granted: ReadonlySet<string>;
  /** Told every decision, for the audit log and the live view. */
  onDecision?: (action: Action, decision: Decision) => void;
  limits?: ExecuteLimits;
}

const DEFAULT_LIMITS: ExecuteLimits = { timeoutMs: 120_000, outputBytes: 64 * 1024 };

/** The SDK's tool type is generic over each tool's own parameters; the list holds all four kinds. */
type AnyTool = FunctionTool<any, any, any>;

export function policyTools(opts: PolicyToolsOptions): AnyTool[] {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  /** `needsApproval`: the policy says ask. */
  const asks = (action: Action) => opts.policy.decide(action).decision === 'ask';
  /**
   * `execute` decides again (the workspace may have changed since) and does the work on allow, or on
   * ask once the run was resumed with the call approved; a denial goes back to the model.
   */
  const decided = (action: Action, work: () => string | Promise<string>) => {
    const d = opts.policy.decide(action);
    opts.onDecision?.(action, d);
    return d.decision === 'deny' ? `denied by ${d.rule} (${d.source}): ${d.reason}` : work();
  };
  const tools: AnyTool[] = [];
  if (opts.granted.has('read')) {
    const action = (a: { path: string }): Action => ({ tool: 'read', path: a.path });
    tools.push(tool({
      name: 'read', description: 'Read a file of the workspace.', parameters: z.object({ path: z.string() }),
      needsApproval: async (_ctx, a) => asks(action(a)),
      execute: async (a) => decided(action(a), () => readText(opts.root, a.path)),
    }));
  }
  if (opts.granted.has('search')) {
    const action = (a: { query: string }): Action => ({ tool: 'search', query: a.query });
    tools.push(tool({
      name: 'search', description: 'Find the lines of the workspace that hold a text.', parameters: z.object({ query: z.string().min(1) }),
      needsApproval: async (_ctx, a) => asks(action(a)),
      execute: async (a) => decided(action(a), () => searchText(opts.root, a.query)),
    }));
  }
  if (opts.granted.has('edit')) {
    const action = (a: { path: string }): Action => ({ tool: 'edit', path: a.path });
    tools.push(tool({
      name: 'edit', description: 'Write a file of the workspace (its whole new content).', parameters: z.object({ path: z.string(), content: z.string() }),
      needsApproval: async (_ctx, a) => asks(action(a)),
      execute: async (a) => decided(action(a), () => writeText(opts.root, a.path, a.content)),
    }));
  }
  if (opts.granted.has('execute')) {
    const action = (a: { command: string }): Action => ({ tool: 'execute', command: a.command });
    tools.push(tool({
      name: 'execute', description: 'Run a command line in the workspace (bash), with a time limit.', parameters: z.object({ command: z.string().min(1) }),
      needsApproval: async (_ctx, a) => asks(action(a)),
      execute: async (a) => decided(action(a), () => executeCommand(opts.root, a.command, limits)),
    }));
  }
  return tools;
}
