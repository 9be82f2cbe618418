/**
 * The durable store: runs, PO approval requests and their answers, and a hash-chained audit log.
 * Callers see only the `Store` interface and the records below, defined once as zod schemas with
 * the types inferred, so the same definitions validate what a backend reads back (SQLite today,
 * PostgreSQL later) and a new backend changes no caller. Every method that changes state writes
 * the change and its audit entry in one transaction.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { PACKET_SCHEMAS } from '../packets/schemas.ts';
import { GATE_DECISIONS, LANES } from '../router/task-packet.ts';

// zod/mini keeps start-up small; English messages are opted in (as in playbook/operating-model.ts).
z.config(en());

/** The hash a chain starts from: the `prevHash` of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

const hash = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'a sha256 hash is 64 lower-case hex digits'));
/** Run ids come from the agent runtime or a script: a token that is safe in a shell and a file name. */
export const RunIdSchema = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'a run id is 1-128 letters, digits, ".", "_", ":" or "-"'));
const roleId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'a role id is lower-case words joined by hyphens, e.g. backend-lead'));
const text = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));
const timestamp = z.iso.datetime();
/** A proposed action as the policy engine receives it: a JSON object such as `{"tool":"edit","path":"…"}`. */
export const ActionJsonSchema = z.record(z.string(), z.json());
export const GateDecisionSchema = z.enum(GATE_DECISIONS);
export const VerdictSchema = z.enum(['allow', 'deny', 'ask']);

/** What the policy engine decided about one action (its `Decision`, with the run, role and action). */
export const DecisionInputSchema = z.strictObject({
  runId: RunIdSchema,
  role: roleId,
  lane: z.optional(z.enum(LANES)),
  action: ActionJsonSchema,
  decision: VerdictSchema,
  rule: text,
  /** `file:line` of the playbook rule, or `kao` for the engine's own rules. */
  source: text,
  reason: text,
  /** For `ask`: the PO decision that would allow the action. */
  gate: z.optional(GateDecisionSchema),
  /** From an agent client's hook: which client, its session and the tool call's id. */
  client: z.optional(text),
  session: z.optional(text),
  toolUseId: z.optional(text),
});
export type DecisionInput = z.input<typeof DecisionInputSchema>;

export const ApprovalInputSchema = z.strictObject({
  runId: RunIdSchema,
  role: roleId,
  decision: GateDecisionSchema,
  action: ActionJsonSchema,
  /** The approval-needed packet's context, options and risks; defaults are filled in when absent. */
  context: z.optional(text),
  options: z.optional(z.array(z.strictObject({ title: text, pros: z.array(text), cons: z.array(text) }))),
  risks: z.optional(z.array(text)),
});
export type ApprovalInput = z.input<typeof ApprovalInputSchema>;

/** `signature`: the answerer's SSH signature over the answer (signatures.ts), kept on the hash chain. */
export const AnswerInputSchema = z.discriminatedUnion('answer', [
  z.strictObject({ id: text, answer: z.literal('approved'), by: text, note: z.optional(text), signature: z.optional(text) }),
  z.strictObject({ id: text, answer: z.literal('denied'), by: text, reason: text, signature: z.optional(text) }),
]);
export type AnswerInput = z.input<typeof AnswerInputSchema>;

/** A state change with no method of its own (e.g. a run moving to another lane). */
export const StateChangeInputSchema = z.strictObject({ runId: RunIdSchema, what: text, from: z.optional(z.json()), to: z.json() });
export type StateChangeInput = z.input<typeof StateChangeInputSchema>;

/** Where an agent run stands (`kao run`): working, waiting for the PO (or a limit), done, or stopped by an error. */
export const RUN_STATUSES = ['running', 'paused', 'finished', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * A run's state as the runtime seals it to be resumed (runtime/run-envelope.ts): the agent SDK's
 * serialised state, the version of the playbook it was decided under, and the hash of the state.
 */
export const SealedRunSchema = z.strictObject({
  format: z.literal(1),
  playbook: hash,
  stateHash: hash,
  state: z.string(),
});
export type SealedRun = z.infer<typeof SealedRunSchema>;

const count = z.number().check(z.int(), z.nonnegative());
/** Tokens and model requests a run has used so far; `costUsd` for the calls of models with a price. */
export const RunUsageSchema = z.strictObject({ requests: count, inputTokens: count, outputTokens: count, costUsd: z.optional(z.number().check(z.nonnegative())) });
export type RunUsage = z.infer<typeof RunUsageSchema>;

/** An agent run's new status; `sealed` is kept while the run can be resumed, dropped once it ends. */
export const RunRecordInputSchema = z.strictObject({
  runId: RunIdSchema,
  task: text,
  status: z.enum(RUN_STATUSES),
  sealed: z.optional(SealedRunSchema),
  /** Why it paused or failed, in a sentence. */
  reason: z.optional(text),
  usage: z.optional(RunUsageSchema),
  /** The final answer of a finished run. */
  output: z.optional(z.string()),
});
export type RunRecordInput = z.input<typeof RunRecordInputSchema>;

/** An agent run as stored. */
export type RunRecord = z.infer<typeof RunRecordInputSchema> & { startedAt: string; updatedAt: string };

const requestBase = {
  id: text,
  runId: RunIdSchema,
  role: roleId,
  decision: GateDecisionSchema,
  action: ActionJsonSchema,
  /** sha256 of the action's canonical JSON: the approval is bound to exactly this action. */
  actionHash: hash,
  packet: PACKET_SCHEMAS['approval-needed'],
  requestedAt: timestamp,
};

/** An approval request as stored, tagged by its status. */
export const ApprovalRequestSchema = z.discriminatedUnion('status', [
  z.strictObject({ ...requestBase, status: z.literal('pending') }),
  z.strictObject({ ...requestBase, status: z.literal('approved'), by: text, at: timestamp, note: z.optional(text) }),
  z.strictObject({ ...requestBase, status: z.literal('denied'), by: text, at: timestamp, reason: text }),
]);
export type ApprovalRequest = z.infer<typeof ApprovalRequestSchema>;
export type ApprovalStatus = ApprovalRequest['status'];

/** What an audit entry records, tagged by `type`. */
export const AuditEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('store-migrated'), from: z.number(), to: z.number() }),
  z.strictObject({ type: z.literal('run-started'), runId: RunIdSchema }),
  z.strictObject({ type: z.literal('decision'), ...DecisionInputSchema.shape, actionHash: hash }),
  z.strictObject({
    type: z.literal('approval-requested'), runId: RunIdSchema, requestId: text, role: roleId, decision: GateDecisionSchema,
    action: ActionJsonSchema, actionHash: hash, packet: PACKET_SCHEMAS['approval-needed'],
  }),
  z.strictObject({
    type: z.literal('approval-answered'), runId: RunIdSchema, requestId: text, decision: GateDecisionSchema, actionHash: hash,
    answer: z.enum(['approved', 'denied']), by: text, note: z.optional(text), reason: z.optional(text), signature: z.optional(text),
  }),
  z.strictObject({ type: z.literal('state-changed'), ...StateChangeInputSchema.shape }),
  // The sealed state's hash is on the chain, so a state rewritten together with its own hash is still caught.
  z.strictObject({
    type: z.literal('run-state'), runId: RunIdSchema, status: z.enum(RUN_STATUSES), stateHash: z.optional(hash), playbook: z.optional(hash),
    reason: z.optional(text), usage: z.optional(RunUsageSchema),
  }),
]);
export type AuditEvent = z.infer<typeof AuditEventSchema>;

/** One entry of the log: `hash = sha256(prevHash + canonicalJson({seq, at, event}))` (see audit-chain.ts). */
export const AuditEntrySchema = z.strictObject({
  seq: z.number().check(z.int(), z.positive()),
  at: timestamp,
  event: AuditEventSchema,
  prevHash: hash,
  hash,
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** `approval`: an approval row the log does not account for, or an answer without a valid signature. */
export type AuditProblemKind = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'head' | 'approval';
/** One thing `verifyAudit` found wrong, at the sequence number of the entry it is about. */
export interface AuditProblem {
  kind: AuditProblemKind;
  /** The entry's place in the chain (null for the head record itself). */
  seq: number | null;
  message: string;
}
export interface AuditReport {
  ok: boolean;
  /** Rows in the log as stored. */
  entries: number;
  /** The last entry the log recorded writing (the head record), null when nothing was written. */
  head: { seq: number; hash: string } | null;
  problems: AuditProblem[];
}

export interface ApprovalFilter {
  status?: ApprovalStatus;
  runId?: string;
  decision?: string;
  actionHash?: string;
}

export interface Store {
  /**
   * Records a policy decision (starting the run on first sight). `before`: state changes that came
   * first (a model call, an earlier call's result), written ahead of it in the same transaction.
   */
  recordDecision(input: DecisionInput, before?: readonly StateChangeInput[]): Promise<AuditEntry>;
  /**
   * Asks the PO about one action. Asking again about the same run, decision and action returns the
   * request already pending or approved (`created: false`); after a denial a new request is made.
   */
  requestApproval(input: ApprovalInput): Promise<{ request: ApprovalRequest; created: boolean }>;
  /** Answers a pending request; one answer per request, ever. `by` must already be authorised. */
  answerApproval(input: AnswerInput): Promise<ApprovalRequest>;
  getApproval(id: string): Promise<ApprovalRequest | null>;
  /** Requests in the order they were made. */
  listApprovals(filter?: ApprovalFilter): Promise<ApprovalRequest[]>;
  appendAudit(change: StateChangeInput): Promise<AuditEntry>;
  /** Records an agent run's status (starting the run on first sight), with its `run-state` audit entry. */
  saveRun(input: RunRecordInput): Promise<AuditEntry>;
  getRun(runId: string): Promise<RunRecord | null>;
  /** Agent runs, the most recently changed first. */
  listRuns(): Promise<RunRecord[]>;
  readAudit(filter?: { runId?: string }): Promise<AuditEntry[]>;
  /** Recomputes the whole chain; names each entry that was edited, deleted, inserted or reordered. */
  verifyAudit(): Promise<AuditReport>;
  close(): Promise<void>;
}

/** Whether the PO approved exactly this action for this decision in this run (the policy engine's question). */
export async function isApproved(store: Pick<Store, 'listApprovals'>, q: { runId: string; decision: string; actionHash: string }): Promise<boolean> {
  return (await store.listApprovals({ ...q, status: 'approved' })).length > 0;
}


/** An action in a few words, for messages and the audit listing: `edit db/schema.sql`. */
export function describeAction(action: Readonly<Record<string, unknown>>): string {
  const tool = typeof action.tool === 'string' ? action.tool : 'an action';
  const about = ['path', 'command', 'target', 'query', 'url'].map((k) => action[k]).find((v) => typeof v === 'string') as string | undefined;
  if (about === undefined) return tool;
  return `${tool} ${about.length > 80 ? `${about.slice(0, 79)}…` : about}`;
}
