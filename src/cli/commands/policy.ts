/**
 * `kao policy check`: decide tool calls for a role in a lane, as JSON lines
 * `{decision, rule, source, reason, gate?}`, one per action.
 */
import { createInterface } from 'node:readline';
import { UsageError } from '../../errors.ts';
import { repositoryRoot } from '../../git/git.ts';
import { assertUsable, loadPlaybook } from '../../playbook/load.ts';
import { parseAction, type Action } from '../../policy/action.ts';
import { policyContext } from '../../policy/context.ts';
import { createPolicy, type HistoryEntry } from '../../policy/decide.ts';
import { realpathDeepest } from '../../policy/realpath.ts';

export interface PolicyCheckOptions {
  role?: string;
  lane?: string;
  action?: string;
  stdin: boolean;
  dir: string;
  /** With a run: that run's PO approvals apply, each decision is audited, and each PO gate is filed. */
  run?: string;
}

export async function runPolicyCheck(opts: PolicyCheckOptions): Promise<number> {
  if (!opts.role || !opts.lane) throw new UsageError('missing-flag', 'kao policy check needs --role ROLE and --lane LANE', 'For example: kao policy check --role backend-lead --lane planning --action \'{"tool":"edit","path":"src/app.ts"}\'');
  if (!opts.action && !opts.stdin) throw new UsageError('no-action', 'give an action with --action JSON, or JSON lines with --stdin', 'Actions: {"tool":"read"|"edit","path":P}, {"tool":"search","query":Q}, {"tool":"execute","command":C}, {"tool":"agent","target":ROLE}, {"tool":"server/tool","args":{}}');
  const playbook = await loadPlaybook(repositoryRoot(opts.dir));
  assertUsable(playbook, opts.role);
  if (!opts.run) {
    const policy = createPolicy(policyContext(playbook, opts.role, opts.lane, realpathDeepest));
    return decideAll(opts, (action, history) => Promise.resolve(policy.decide(action, history)));
  }
  const { withRepoStore } = await import('../../store/repo.ts');
  const { approvedIn } = await import('../../store/store.ts');
  const run = opts.run;
  const role = opts.role;
  const lane = opts.lane;
  const result = await withRepoStore(playbook.root, true, async (store) => {
    const policy = createPolicy(policyContext(playbook, role, lane, realpathDeepest, await approvedIn(store, run)));
    return decideAll(opts, async (action, history) => {
      const d = policy.decide(action, history);
      await store.recordDecision({ runId: run, role, lane: lane as never, action: action as never, ...d, gate: d.gate as never });
      if (d.decision !== 'ask' || !d.gate) return d;
      // A PO gate becomes a request the PO answers with `kao approve` / `kao deny`.
      const { request } = await store.requestApproval({ runId: run, role, decision: d.gate as never, action: action as never, context: d.reason });
      return { ...d, request: request.id };
    });
  });
  return result ?? 0;
}

type Decide = (action: Action, history: HistoryEntry[]) => Promise<object>;

async function decideAll(opts: PolicyCheckOptions, decide: Decide): Promise<number> {
  const print = (value: unknown) => process.stdout.write(JSON.stringify(value) + '\n');
  if (opts.action) {
    const parsed = parseAction(opts.action);
    if ('error' in parsed) throw new UsageError('bad-action', `--action: ${parsed.error}`, 'Pass one JSON object, quoted for the shell.');
    print(await decide(parsed.action, []));
    return 0;
  }
  // JSON lines: an action, or {"action": …, "exitCode", "error", "results"} to feed the outcome of
  // an earlier call into the stop conditions. A bad line is reported in place; the rest go on.
  const history: HistoryEntry[] = [];
  let bad = 0;
  let n = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    n++;
    if (line.trim() === '') continue;
    const { action, outcome, error } = readLine(line);
    if (!action) {
      bad++;
      print({ line: n, error });
      continue;
    }
    print(await decide(action, history));
    history.push({ action, ...outcome });
  }
  return bad > 0 ? 2 : 0;
}

function readLine(line: string): { action?: Action; outcome?: Omit<HistoryEntry, 'action'>; error?: string } {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
  const envelope = data && typeof data === 'object' && 'action' in data ? (data as Record<string, unknown>) : null;
  const parsed = parseAction(JSON.stringify(envelope ? envelope.action : data));
  if ('error' in parsed) return { error: parsed.error };
  const outcome: Omit<HistoryEntry, 'action'> = {};
  if (envelope) {
    if (typeof envelope.exitCode === 'number') outcome.exitCode = envelope.exitCode;
    if (typeof envelope.error === 'string') outcome.error = envelope.error;
    if (typeof envelope.results === 'number') outcome.results = envelope.results;
  }
  return { action: parsed.action, outcome };
}
