/**
 * PO gates from the command line: `kao approvals` lists requests, `kao approvals request` makes one
 * (for scripts, tests and agent runtimes without the library), `kao approve ID` and `kao deny ID`
 * answer one as a listed product owner. The store is `.agent-os/kao.db` in the repository; usage
 * problems throw UsageError (exit 2).
 */
import { UsageError } from '../../errors.ts';
import { GATE_DECISIONS } from '../../router/task-packet.ts';
import type { Json } from '../../store/canonical.ts';
import { authorisedSigner } from '../../store/product-owners.ts';
import { answerPayload, signAnswer } from '../../store/signatures.ts';
import { repositoryRoot } from '../../git/git.ts';
import { STORE_FILE, withRepoStore } from '../../store/repo.ts';
import { describeAction, type ApprovalRequest } from '../../store/store.ts';
import { parseCommand, type CommandShape, type OptionSpec, type OptionValues, type ParsedCommand } from '../command.ts';

type Opt = OptionSpec;
const DIR: Opt = { type: 'string', description: 'the repository (default: .)', value: '<dir>' };
const JSON_OPT: Opt = { type: 'boolean', description: 'print JSON' };
const EXIT = 'Exit status: 0 ok, 2 usage error.';

const LIST = {
  name: 'approvals', args: '', summary: 'List the PO approval requests waiting for an answer (or all of them with --all).',
  options: { all: { type: 'boolean', description: 'list answered requests too' }, run: { type: 'string', description: 'only the requests of one run', value: '<id>' }, json: JSON_OPT, dir: DIR } as Record<string, Opt>,
  epilog: `Make a request: kao approvals request --help. Answer one: kao approve ID, kao deny ID --reason TEXT.\nStore: ${STORE_FILE}. ${EXIT}`,
};
const REQUEST = {
  name: 'approvals request', args: '', summary: "Ask for the PO's approval of one exact action in a run (an approval-needed packet).",
  options: {
    run: { type: 'string', description: 'the run id (required)', value: '<id>' },
    role: { type: 'string', description: 'the role proposing the action (required)', value: '<role>' },
    decision: { type: 'string', description: 'the PO decision the action needs (required)', value: '<decision>', choices: GATE_DECISIONS },
    action: { type: 'string', description: 'the proposed action as a JSON object, e.g. \'{"tool":"edit","path":"db/schema.sql"}\' (required)', value: '<json>' },
    context: { type: 'string', description: 'the context for the PO (default: who proposes what)', value: '<text>' },
    option: { type: 'string', description: 'an option (repeatable; default: approve / do not approve)', value: '<text>', multiple: true },
    pro: { type: 'string', description: 'a pro of the --option before it (repeatable)', value: '<text>', multiple: true },
    con: { type: 'string', description: 'a con of the --option before it (repeatable)', value: '<text>', multiple: true },
    risk: { type: 'string', description: 'a risk of proceeding without approval (repeatable)', value: '<text>', multiple: true },
    json: JSON_OPT, dir: DIR,
  } as Record<string, Opt>,
  epilog: `Asking again about the same run, decision and action returns the open request. ${EXIT}`,
};

type Values = OptionValues;

export async function runApprovals(argv: string[]): Promise<number> {
  if (argv[0] === 'request') return request(argv.slice(1));
  const parsed = parse(LIST, argv);
  if (!parsed) return 0;
  if (parsed.positionals.length > 0) throw new UsageError('unknown-subcommand', `approvals: unknown sub-command "${parsed.positionals[0]}"`, 'Run `kao approvals --help`.');
  const v = parsed.values;
  const requests = await withRepoStore(repositoryRoot(str(v.dir) ?? '.'), false, (store) =>
    store.listApprovals({ ...(v.all ? {} : { status: 'pending' as const }), ...(typeof v.run === 'string' ? { runId: v.run } : {}) }));
  if (v.json) {
    process.stdout.write(`${JSON.stringify({ version: 1, requests: requests ?? [] }, null, 2)}\n`);
    return 0;
  }
  if (!requests || requests.length === 0) {
    process.stdout.write(`no ${v.all ? '' : 'pending '}approval requests${requests ? '' : ` (no store yet at ${STORE_FILE})`}\n`);
    return 0;
  }
  process.stdout.write(requests.map(render).join(''));
  return 0;
}

export interface AnswerOptions {
  as?: string;
  /** The private SSH key the answer is signed with. */
  key?: string;
  dir: string;
}

export async function runApprove(id: string | undefined, opts: AnswerOptions & { note?: string }): Promise<number> {
  return answer('approve', id, opts, { answer: 'approved', ...(opts.note?.trim() ? { note: opts.note } : {}) });
}

export async function runDeny(id: string | undefined, opts: AnswerOptions & { reason?: string }): Promise<number> {
  if (!opts.reason?.trim()) throw new UsageError('missing-reason', 'deny: --reason is required', 'Say why, e.g. `kao deny ID --reason "keep the schema as is until Q3"`.');
  return answer('deny', id, opts, { answer: 'denied', reason: opts.reason });
}

async function answer(verb: string, id: string | undefined, opts: AnswerOptions, given: { answer: 'approved'; note?: string } | { answer: 'denied'; reason: string }): Promise<number> {
  if (!id) throw new UsageError('missing-id', `${verb}: which request? Give its id`, 'Run `kao approvals` to see the pending requests and their ids.');
  const root = repositoryRoot(opts.dir);
  const { owner, keyPath } = authorisedSigner(root, opts);
  const by = owner.id;
  const answered = await withRepoStore(root, false, async (store) => {
    const request = await store.getApproval(id);
    if (!request) throw new UsageError('no-such-request', `no approval request "${id}"`, 'Run `kao approvals --all` to see the requests and their ids.');
    // The signature covers the request, run, role, decision, exact action and the answer's words.
    const signature = signAnswer(answerPayload({
      requestId: request.id, runId: request.runId, role: request.role, decision: request.decision, actionHash: request.actionHash,
      answer: given.answer, text: (given.answer === 'approved' ? given.note : given.reason) ?? '',
    }), keyPath);
    return store.answerApproval({ id, by, ...given, signature });
  });
  if (!answered) throw new UsageError('no-such-request', `no approval request "${id}" (no store yet at ${STORE_FILE})`, 'Run `kao approvals` in the repository the request was made in, or pass --dir.');
  process.stdout.write(`${answered.status} ${answered.id}: ${answered.decision} for ${describeAction(answered.action)} in run ${answered.runId}, as ${by}\n`);
  return 0;
}

async function request(argv: string[]): Promise<number> {
  const parsed = parse(REQUEST, argv);
  if (!parsed) return 0;
  const v = parsed.values;
  for (const k of ['run', 'role', 'decision', 'action']) {
    if (!str(v[k])) throw usage('missing-option', `approvals request: --${k} is required`);
  }
  let action: unknown;
  try {
    action = JSON.parse(str(v.action)!);
  } catch (e) {
    throw usage('bad-action', `approvals request: --action is not JSON: ${(e as Error).message}`);
  }
  if (action === null || typeof action !== 'object' || Array.isArray(action)) throw usage('bad-action', 'approvals request: --action must be a JSON object, e.g. {"tool":"edit","path":"db/schema.sql"}');
  const options: { title: string; pros: string[]; cons: string[] }[] = [];
  for (const { name, value } of parsed.order) {
    if (name === 'option') options.push({ title: value, pros: [], cons: [] });
    if (name !== 'pro' && name !== 'con') continue;
    const last = options.at(-1);
    if (!last) throw usage('pro-before-option', `approvals request: --${name} "${value}" comes before any --option`);
    (name === 'pro' ? last.pros : last.cons).push(value);
  }
  const result = (await withRepoStore(repositoryRoot(str(v.dir) ?? '.'), true, (store) => store.requestApproval({
    runId: str(v.run)!, role: str(v.role)!, decision: str(v.decision) as (typeof GATE_DECISIONS)[number], action: action as Record<string, Json>,
    ...(str(v.context) ? { context: str(v.context) } : {}), options, risks: Array.isArray(v.risk) ? v.risk : [],
  })))!;
  if (v.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${result.created ? 'requested' : `already requested (${result.request.status})`}: ${render(result.request)}`);
  return 0;
}

function render(r: ApprovalRequest): string {
  const state = r.status === 'pending' ? 'pending' : `${r.status} by ${r.by} at ${r.at}${r.status === 'approved' ? (r.note ? `: ${r.note}` : '') : `: ${r.reason}`}`;
  const lines = [`${r.id}  ${r.decision}  ${describeAction(r.action)}  (run ${r.runId}, ${r.role}, ${r.requestedAt})  ${state}`, `    ${r.packet.context}`];
  for (const o of r.packet.options) lines.push(`    option: ${o.title}${o.pros.length ? `; pros: ${o.pros.join('; ')}` : ''}${o.cons.length ? `; cons: ${o.cons.join('; ')}` : ''}`);
  for (const risk of r.packet.risks) lines.push(`    risk: ${risk}`);
  if (r.status === 'pending') lines.push(`    answer: kao approve ${r.id} [--note TEXT]  |  kao deny ${r.id} --reason TEXT`);
  return `${lines.join('\n')}\n`;
}

function parse(spec: CommandShape, argv: string[]): ParsedCommand | null {
  return parseCommand(spec, argv);
}

const usage = (code: string, message: string) => new UsageError(code, message, 'Run `kao approvals request --help` for the options.');
const str = (v: Values[string]): string | undefined => (typeof v === 'string' ? v : undefined);
