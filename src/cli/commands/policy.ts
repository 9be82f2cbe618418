/**
 * `kao policy check`: decide tool calls for a role in a lane, as JSON lines
 * `{decision, rule, source, reason, gate?}`, one per action.
 */
import { UsageError } from '../../errors.ts';
import { repositoryRoot } from '../../git/git.ts';
import { assertUsable, loadPlaybook } from '../../playbook/load.ts';
import { actionFrom, parseAction, parseJson, type Action } from '../../policy/action.ts';
import { policyContext } from '../../policy/context.ts';
import { createPolicy, type HistoryEntry } from '../../policy/decide.ts';
import { workspaceFs } from '../../policy/fs-view.ts';

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
    const policy = createPolicy(policyContext(playbook, opts.role, opts.lane, workspaceFs(playbook.root)));
    return decideAll(opts, (action, history) => policy.decide(action, history));
  }
  const { withRepoStore } = await import('../../store/repo.ts');
  const { honouredAnswers } = await import('../../store/honoured-approvals.ts');
  const run = opts.run;
  const role = opts.role;
  const lane = opts.lane;
  const result = await withRepoStore(playbook.root, true, async (store) => {
    const policy = createPolicy(policyContext(playbook, role, lane, workspaceFs(playbook.root), await honouredAnswers(store, playbook.root, run, role)));
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

type Decide = (action: Action, history: HistoryEntry[]) => object | Promise<object>;

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
  // Read in chunks and written in batches: per-line reads and writes would cost more than deciding.
  const history: HistoryEntry[] = [];
  let bad = 0;
  let n = 0;
  let out: string[] = [];
  let outSize = 0;
  const emit = (value: unknown) => {
    const text = JSON.stringify(value) + '\n';
    out.push(text);
    outSize += text.length;
    if (outSize > 1 << 16) flush();
  };
  const flush = () => {
    if (out.length) process.stdout.write(out.join(''));
    out = [];
    outSize = 0;
  };
  const remember = (action: Action, outcome: Omit<HistoryEntry, 'action'> | undefined) => {
    // Only outcomes feed the stop conditions; keeping bare actions would make each decision scan them all.
    if (outcome && Object.keys(outcome).length) {
      history.push({ action, ...outcome });
      if (history.length > 1000) history.splice(0, history.length - 1000);
    }
  };
  /** Synchronous unless deciding is (with --run it writes the store): no await per line otherwise. */
  const handle = (line: string): Promise<void> | undefined => {
    n++;
    if (line.trim() === '') return undefined;
    const { action, outcome, error } = readLine(line);
    if (!action) {
      bad++;
      emit({ line: n, error });
      return undefined;
    }
    const d = decide(action, history);
    if (d instanceof Promise) return d.then((value) => { emit(value); remember(action, outcome); });
    emit(d);
    remember(action, outcome);
    return undefined;
  };
  let rest = '';
  // Decoded as a stream, so a character split across two chunks arrives whole.
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      const pending = handle(line.replace(/\r$/, ''));
      if (pending) await pending;
    }
  }
  if (rest !== '') await handle(rest.replace(/\r$/, ''));
  flush();
  return bad > 0 ? 2 : 0;
}

function readLine(line: string): { action?: Action; outcome?: Omit<HistoryEntry, 'action'>; error?: string } {
  const json = parseJson(line);
  if ('error' in json) return { error: json.error };
  const data = json.value;
  const envelope = data && typeof data === 'object' && 'action' in data ? (data as Record<string, unknown>) : null;
  const parsed = actionFrom(envelope ? envelope.action : data);
  if ('error' in parsed) return { error: parsed.error };
  const outcome: Omit<HistoryEntry, 'action'> = {};
  if (envelope) {
    if (typeof envelope.exitCode === 'number') outcome.exitCode = envelope.exitCode;
    if (typeof envelope.error === 'string') outcome.error = envelope.error;
    if (typeof envelope.results === 'number') outcome.results = envelope.results;
  }
  return { action: parsed.action, outcome };
}
