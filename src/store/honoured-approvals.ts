/**
 * The PO answers the policy engine may rely on. An answer counts only when it is on a sound hash
 * chain (so a row written into the store with sqlite3 counts for nothing), answers a request made
 * for this run and this role (an approval of one role's action is not another's), and carries a valid
 * signature by a key listed for the product owner who gave it. A denial holds the same way: the same
 * action in the same run is denied with the PO's reason until the PO changes it.
 */
import { answerPayload, verifyAnswer } from './signatures.ts';
import { ownerNamed, readProductOwners } from './product-owners.ts';
import type { AuditEntry, AuditEvent, Store } from './store.ts';

export interface HonouredAnswers {
  approved: (decision: string, actionHash: string) => boolean;
  /** The PO's reason when this action was denied. */
  denied: (decision: string, actionHash: string) => string | undefined;
  /** Answers that were not honoured, and why (for the audit and `kao audit verify`). */
  problems: string[];
}

type Answered = Extract<AuditEvent, { type: 'approval-answered' }>;
type Requested = Extract<AuditEvent, { type: 'approval-requested' }>;

/** Why a signed answer on the chain does not count, or null when it does. */
export function answerProblem(answer: Answered, request: Requested | undefined, owners: ReturnType<typeof readProductOwners>): string | null {
  if (!request) return `answer to ${answer.requestId} has no request on the log`;
  const owner = owners && ownerNamed(owners, answer.by);
  if (!owner) return `answer to ${answer.requestId} by ${answer.by}, who is not a product owner`;
  if (!answer.signature) return `answer to ${answer.requestId} by ${answer.by} is not signed`;
  const payload = answerPayload({
    requestId: answer.requestId, runId: answer.runId, role: request.role, decision: answer.decision, actionHash: answer.actionHash,
    answer: answer.answer, text: (answer.answer === 'approved' ? answer.note : answer.reason) ?? '',
  });
  return verifyAnswer(payload, answer.signature, owner.id, owner.keys) ? null : `answer to ${answer.requestId} by ${answer.by} does not carry a valid signature of a key listed for them`;
}

/** `entries`: the run's audit entries when the caller has already read them (a hook reads them once). */
export async function honouredAnswers(store: Store, root: string, runId: string, role: string, entries?: readonly AuditEntry[]): Promise<HonouredAnswers> {
  return (await honouredAnswersFor(store, root, runId, [role], entries)).get(role)!;
}

/**
 * The honoured answers of several roles of one run (a team), read in one pass: the chain is verified
 * and the product owners read once, however many roles ask.
 */
export async function honouredAnswersFor(store: Store, root: string, runId: string, roles: readonly string[], entries?: readonly AuditEntry[]): Promise<Map<string, HonouredAnswers>> {
  const key = (decision: string, hash: string) => `${decision}\n${hash}`;
  const byRole = new Map(roles.map((role) => [role, { approved: new Set<string>(), denied: new Map<string, string>(), problems: [] as string[] }]));
  const result = new Map([...byRole].map(([role, r]): [string, HonouredAnswers] => [role, {
    approved: (d, h) => r.approved.has(key(d, h)), denied: (d, h) => r.denied.get(key(d, h)), problems: r.problems,
  }]));
  const events = (entries ?? (await store.readAudit({ runId }))).map((e) => e.event);
  const answers = events.filter((e): e is Answered => e.type === 'approval-answered');
  // With no answer in the run there is nothing to honour, and no need to walk the whole chain.
  if (answers.length === 0) return result;
  const report = await store.verifyAudit();
  if (!report.ok) {
    for (const r of byRole.values()) r.problems.push(`the audit log does not verify (${report.problems[0]?.message ?? 'broken'}), so no answer is honoured`);
    return result;
  }
  const requests = new Map(events.filter((e): e is Requested => e.type === 'approval-requested').map((e) => [e.requestId, e]));
  const owners = readProductOwners(root);
  for (const a of answers) {
    const request = requests.get(a.requestId);
    // An answer counts for the role whose request it answers; one without a request is a problem for all.
    const targets = request ? [byRole.get(request.role)].filter((r) => r !== undefined) : [...byRole.values()];
    if (targets.length === 0) continue;
    const problem = answerProblem(a, request, owners);
    for (const r of targets) {
      if (problem) {
        r.problems.push(problem);
        continue;
      }
      const k = key(a.decision, a.actionHash);
      // The latest answer about an action wins: a new approval after a denial lifts it.
      if (a.answer === 'approved') {
        r.approved.add(k);
        r.denied.delete(k);
      } else {
        r.denied.set(k, a.reason ?? 'denied');
        r.approved.delete(k);
      }
    }
  }
  return result;
}

/**
 * Approval rows the log does not account for (written into the store outside kao), and answers on
 * the log that do not carry a valid product owner's signature: what `kao audit verify` adds to the
 * hash-chain check.
 */
export async function approvalProblems(store: Store, root: string): Promise<string[]> {
  const events = (await store.readAudit()).map((e) => e.event);
  const requested = new Map(events.filter((e): e is Requested => e.type === 'approval-requested').map((e) => [e.requestId, e]));
  const answered = new Map(events.filter((e): e is Answered => e.type === 'approval-answered').map((e) => [e.requestId, e]));
  const problems: string[] = [];
  for (const row of await store.listApprovals()) {
    const r = requested.get(row.id);
    if (!r || r.runId !== row.runId || r.role !== row.role || r.decision !== row.decision || r.actionHash !== row.actionHash) {
      problems.push(`approval request ${row.id} in the store does not match the log: it was written outside kao`);
      continue;
    }
    const a = answered.get(row.id);
    if (row.status === 'pending' ? a !== undefined : !a || a.answer !== row.status || a.by !== row.by) {
      problems.push(`the answer to approval request ${row.id} in the store (${row.status}) does not match the log: it was written outside kao`);
    }
  }
  if (answered.size === 0) return problems;
  const owners = readProductOwners(root);
  for (const a of answered.values()) {
    const problem = answerProblem(a, requested.get(a.requestId), owners);
    if (problem) problems.push(problem);
  }
  return problems;
}
