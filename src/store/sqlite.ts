/**
 * The embedded store: one SQLite file (by default `.agent-os/kao.db` in the repository) through
 * Node's built-in `node:sqlite`, in WAL mode with full sync, so a commit survives a killed process
 * and a power cut, and readers never wait for a writer. Every state change and its audit entry are
 * written in one IMMEDIATE transaction: both are there after a crash, or neither is.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { UsageError } from '../errors.ts';
import { buildApproval } from '../packets/build.ts';
import { validatePacket } from '../packets/schemas.ts';
import { entryHash, verifyChain, type StoredAuditRow } from './audit-chain.ts';
import { actionHash, canonicalJson } from './canonical.ts';
import { migrate } from './sqlite-schema.ts';
import {
  AnswerInputSchema, ApprovalInputSchema, ApprovalRequestSchema, AuditEntrySchema, AuditEventSchema, DecisionInputSchema,
  GENESIS_HASH, RunRecordInputSchema, StateChangeInputSchema, describeAction,
  type AnswerInput, type ApprovalFilter, type ApprovalInput, type ApprovalRequest, type AuditEntry, type AuditEvent, type AuditReport,
  type DecisionInput, type RunRecord, type RunRecordInput, type StateChangeInput, type Store,
} from './store.ts';

export interface SqliteStoreOptions {
  /** How long a write waits for another process's transaction before giving up (default 5 s). */
  busyTimeoutMs?: number;
  /** The clock for timestamps (tests pin it). */
  now?: () => Date;
  /** How the file is named in messages (default: its path). */
  display?: string;
}

export async function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const display = options.display ?? file;
  const now = options.now ?? (() => new Date());
  const { DatabaseSync } = loadSqlite();
  let db: DatabaseSync | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new DatabaseSync(file, { timeout: options.busyTimeoutMs ?? 5000, enableForeignKeyConstraints: true });
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
    const open = db;
    migrate(open, display, now().toISOString(), (from, to) => append(cache(open), now, { type: 'store-migrated', from, to }, display));
    return new SqliteStore(open, display, now);
  } catch (e) {
    try { db?.close(); } catch { /* the open failure is the error worth reporting */ }
    throw storeError(e, display);
  }
}

type Row = Record<string, SQLInputValue>;
type Cache = (sql: string) => StatementSync;

function cache(db: DatabaseSync): Cache {
  const statements = new Map<string, StatementSync>();
  return (sql) => statements.get(sql) ?? statements.set(sql, db.prepare(sql)).get(sql)!;
}

class SqliteStore implements Store {
  readonly #db: DatabaseSync;
  readonly #sql: Cache;
  readonly #display: string;
  readonly #now: () => Date;

  constructor(db: DatabaseSync, display: string, now: () => Date) {
    this.#db = db;
    this.#sql = cache(db);
    this.#display = display;
    this.#now = now;
  }

  async recordDecision(raw: DecisionInput, rawBefore: readonly StateChangeInput[] = []): Promise<AuditEntry> {
    const input = parse(DecisionInputSchema, raw, 'decision');
    const before = rawBefore.map((c) => parse(StateChangeInputSchema, c, 'state change'));
    return this.#write(() => {
      for (const change of before) {
        this.#startRun(change.runId);
        this.#append({ type: 'state-changed', ...change });
      }
      this.#startRun(input.runId);
      return this.#append({ type: 'decision', ...input, actionHash: actionHash(input.action) });
    });
  }

  async requestApproval(raw: ApprovalInput): Promise<{ request: ApprovalRequest; created: boolean }> {
    const input = parse(ApprovalInputSchema, raw, 'approval request');
    const hash = actionHash(input.action);
    const built = validatePacket('approval-needed', buildApproval(null, {
      decision: input.decision,
      context: input.context ?? `${input.role} proposes ${describeAction(input.action)} in run ${input.runId}; it needs the PO's \`${input.decision}\` decision.`,
      options: input.options ?? [],
      risks: input.risks ?? [],
    }));
    if (!built.ok) throw new UsageError('bad-approval-request', `approval request: ${built.issues.map((i) => i.message).join('; ')}`);
    return this.#write(() => {
      const open = this.#sql("SELECT * FROM approval_requests WHERE run_id = ? AND decision = ? AND action_hash = ? AND status <> 'denied'").get(input.runId, input.decision, hash);
      if (open) return { request: toRequest(open), created: false };
      this.#startRun(input.runId);
      let id: string;
      do id = randomBytes(4).toString('hex'); while (this.#sql('SELECT 1 FROM approval_requests WHERE id = ?').get(id));
      const at = this.#now().toISOString();
      this.#sql(`INSERT INTO approval_requests (id, run_id, role, decision, action, action_hash, packet, requested_at, status)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')`).run(id, input.runId, input.role, input.decision, canonicalJson(input.action), hash, JSON.stringify(built.packet), at);
      const request = toRequest(this.#sql('SELECT * FROM approval_requests WHERE id = ?').get(id)!);
      this.#append({
        type: 'approval-requested', runId: input.runId, requestId: id, role: input.role, decision: input.decision,
        action: input.action, actionHash: hash, packet: built.packet,
      });
      return { request, created: true };
    });
  }

  async answerApproval(raw: AnswerInput): Promise<ApprovalRequest> {
    const input = parse(AnswerInputSchema, raw, 'answer');
    return this.#write(() => {
      const row = this.#sql('SELECT * FROM approval_requests WHERE id = ?').get(input.id);
      if (!row) throw new UsageError('no-such-request', `no approval request "${input.id}"`, 'Run `kao approvals --all` to see the requests and their ids.');
      const current = toRequest(row);
      if (current.status !== 'pending') {
        throw new UsageError('already-answered', `request ${current.id} was already ${current.status} by ${current.by} at ${current.at}`,
          'An answer is final and answers one request only; if the action is still wanted, it needs a new request.');
      }
      const text = input.answer === 'approved' ? (input.note ?? null) : input.reason;
      this.#sql("UPDATE approval_requests SET status = ?, answered_by = ?, answered_at = ?, answer_text = ? WHERE id = ? AND status = 'pending'")
        .run(input.answer, input.by, this.#now().toISOString(), text, input.id);
      this.#append({
        type: 'approval-answered', runId: current.runId, requestId: current.id, decision: current.decision, actionHash: current.actionHash,
        answer: input.answer, by: input.by, ...(input.answer === 'approved' ? { note: input.note } : { reason: input.reason }),
        ...(input.signature ? { signature: input.signature } : {}),
      });
      return toRequest(this.#sql('SELECT * FROM approval_requests WHERE id = ?').get(input.id)!);
    });
  }

  async getApproval(id: string): Promise<ApprovalRequest | null> {
    return this.#read(() => {
      const row = this.#sql('SELECT * FROM approval_requests WHERE id = ?').get(id);
      return row ? toRequest(row) : null;
    });
  }

  async listApprovals(filter: ApprovalFilter = {}): Promise<ApprovalRequest[]> {
    const columns = { status: 'status', runId: 'run_id', decision: 'decision', actionHash: 'action_hash' } as const;
    const given = (Object.keys(columns) as (keyof typeof columns)[]).filter((k) => filter[k] !== undefined);
    const where = given.length > 0 ? `WHERE ${given.map((k) => `${columns[k]} = ?`).join(' AND ')}` : '';
    return this.#read(() => this.#sql(`SELECT * FROM approval_requests ${where} ORDER BY rowid`).all(...given.map((k) => filter[k]!)).map(toRequest));
  }

  async appendAudit(raw: StateChangeInput): Promise<AuditEntry> {
    const input = parse(StateChangeInputSchema, raw, 'state change');
    return this.#write(() => {
      this.#startRun(input.runId);
      return this.#append({ type: 'state-changed', ...input });
    });
  }

  async saveRun(raw: RunRecordInput): Promise<AuditEntry> {
    const input = parse(RunRecordInputSchema, raw, 'run record');
    return this.#write(() => {
      this.#startRun(input.runId);
      const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
      this.#sql(`INSERT INTO agent_runs (run_id, task, status, sealed, reason, usage, output, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (run_id) DO UPDATE SET task = excluded.task, status = excluded.status, sealed = excluded.sealed, reason = excluded.reason,
        usage = excluded.usage, output = excluded.output, updated_at = excluded.updated_at`)
        .run(input.runId, input.task, input.status, json(input.sealed), input.reason ?? null, json(input.usage), input.output ?? null, this.#now().toISOString());
      return this.#append({
        type: 'run-state', runId: input.runId, status: input.status,
        ...(input.sealed ? { stateHash: input.sealed.stateHash, playbook: input.sealed.playbook } : {}),
        ...(input.reason ? { reason: input.reason } : {}), ...(input.usage ? { usage: input.usage } : {}),
      });
    });
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    return this.#read(() => {
      const row = this.#sql('SELECT a.*, r.started_at FROM agent_runs a JOIN runs r ON r.id = a.run_id WHERE a.run_id = ?').get(runId);
      return row ? this.#toRun(row) : null;
    });
  }

  async listRuns(): Promise<RunRecord[]> {
    return this.#read(() => this.#sql('SELECT a.*, r.started_at FROM agent_runs a JOIN runs r ON r.id = a.run_id ORDER BY a.updated_at DESC, a.rowid DESC').all().map((r) => this.#toRun(r)));
  }

  #toRun(row: Row): RunRecord {
    const json = (v: SQLInputValue | undefined) => (v === null || v === undefined ? undefined : JSON.parse(String(v)));
    let parsed;
    try {
      parsed = RunRecordInputSchema.safeParse({
        runId: row.run_id, task: row.task, status: row.status, sealed: json(row.sealed), reason: row.reason ?? undefined,
        usage: json(row.usage), output: row.output ?? undefined,
      });
    } catch {
      parsed = null;
    }
    if (!parsed?.success) throw new UsageError('store-corrupt', `run ${String(row.run_id)} in the store is not valid`, 'Run `kao audit verify`; the store may have been edited by hand.');
    return { ...parsed.data, startedAt: String(row.started_at), updatedAt: String(row.updated_at) };
  }

  async readAudit(filter: { runId?: string } = {}): Promise<AuditEntry[]> {
    const rows = this.#read(() => (filter.runId === undefined
      ? this.#sql('SELECT * FROM audit ORDER BY seq').all()
      : this.#sql('SELECT * FROM audit WHERE run_id = ? ORDER BY seq').all(filter.runId)));
    return rows.map((r) => {
      let event: unknown;
      try { event = JSON.parse(String(r.event)); } catch { /* reported below */ }
      const parsed = AuditEntrySchema.safeParse({ seq: r.seq, at: r.at, event, prevHash: r.prev_hash, hash: r.hash });
      if (!parsed.success) throw new UsageError('audit-unreadable', `${this.#display}: audit entry ${String(r.seq)} is not a valid entry`, 'Run `kao audit verify` to see which entries were changed.');
      return parsed.data;
    });
  }

  async verifyAudit(): Promise<AuditReport> {
    return this.#read(() => {
      const rows = this.#sql('SELECT * FROM audit').all().map((r): StoredAuditRow => ({
        seq: Number(r.seq), at: String(r.at), type: String(r.type), runId: r.run_id === null ? null : String(r.run_id),
        event: String(r.event), prevHash: String(r.prev_hash), hash: String(r.hash),
      }));
      const head = this.#sql('SELECT seq, hash FROM audit_head WHERE id = 1').get();
      return verifyChain(rows, head ? { seq: Number(head.seq), hash: String(head.hash) } : null);
    });
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }

  #startRun(runId: string): void {
    const started = this.#sql('INSERT INTO runs (id, started_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING').run(runId, this.#now().toISOString());
    if (started.changes > 0) this.#append({ type: 'run-started', runId });
  }

  #append(event: AuditEvent): AuditEntry {
    return append(this.#sql, this.#now, event, this.#display);
  }

  /** One IMMEDIATE transaction: the write lock is taken up front, so two writers queue instead of deadlocking. */
  #write<T>(fn: () => T): T {
    return this.#read(() => {
      this.#db.exec('BEGIN IMMEDIATE');
      try {
        const result = fn();
        this.#db.exec('COMMIT');
        return result;
      } catch (e) {
        if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
        throw e;
      }
    });
  }

  #read<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw storeError(e, this.#display);
    }
  }
}

/** Appends one entry after the recorded head, inside the caller's transaction. */
function append(sql: Cache, now: () => Date, raw: AuditEvent, display: string): AuditEntry {
  const event = AuditEventSchema.parse(raw);
  const head = sql('SELECT seq, hash FROM audit_head WHERE id = 1').get();
  const seq = head ? Number(head.seq) + 1 : 1;
  const prevHash = head ? String(head.hash) : GENESIS_HASH;
  const at = now().toISOString();
  const hash = entryHash(prevHash, seq, at, event);
  try {
    sql('INSERT INTO audit (seq, at, type, run_id, event, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(seq, at, event.type, 'runId' in event ? event.runId : null, canonicalJson(event), prevHash, hash);
  } catch (e) {
    if (((e as { errcode?: number }).errcode ?? 0) % 256 !== 19) throw e;
    throw new UsageError('audit-tampered', `${display}: cannot append audit entry ${seq}: an entry ${seq} already exists, but the log recorded writing only up to ${seq - 1}`,
      'The log was changed outside kao; run `kao audit verify` to see how, and keep the file as evidence.');
  }
  sql('INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(seq, hash);
  return { seq, at, event, prevHash, hash };
}

function toRequest(row: Row): ApprovalRequest {
  const base = {
    id: row.id, runId: row.run_id, role: row.role, decision: row.decision, action: JSON.parse(String(row.action)),
    actionHash: row.action_hash, packet: JSON.parse(String(row.packet)), requestedAt: row.requested_at, status: row.status,
  };
  const answer = row.status === 'approved' ? { by: row.answered_by, at: row.answered_at, ...(row.answer_text === null ? {} : { note: row.answer_text }) }
    : row.status === 'denied' ? { by: row.answered_by, at: row.answered_at, reason: row.answer_text } : {};
  const parsed = ApprovalRequestSchema.safeParse({ ...base, ...answer });
  if (!parsed.success) throw new UsageError('store-corrupt', `approval request ${String(row.id)} in the store is not valid: ${parsed.error.issues[0]?.message}`, 'Run `kao audit verify`; the store may have been edited by hand.');
  return parsed.data;
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new UsageError(`bad-${what.replace(/ /g, '-')}`, `${what}: ${issue.path.map(String).join('.') || '(value)'}: ${issue.message}`);
}

/** SQLite failures people can act on become UsageErrors; anything else stays a bug. */
function storeError(e: unknown, display: string): unknown {
  const err = e as { code?: string; errcode?: number; errstr?: string; message?: string };
  if (err.code && ['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'ENOTDIR', 'EEXIST'].includes(err.code)) {
    return new UsageError('store-unwritable', `cannot create ${display}: ${err.message}`, 'Check the folder is writable and the disk is not full.');
  }
  if (err.code !== 'ERR_SQLITE_ERROR' || typeof err.errcode !== 'number') return e;
  switch (err.errcode % 256) {
    case 5: case 6:
      return new UsageError('store-locked', `${display} is locked: another process is writing to it`, 'Another kao command or agent run holds the store; try again when it is done.');
    case 11: case 26:
      return new UsageError('store-corrupt', `${display} is corrupt or not an SQLite database (${err.errstr ?? 'unreadable'})`,
        'Move the file aside (keep it: it holds the audit log) and run the command again to start a new store, or restore it from a backup.');
    case 8: case 14: case 13: case 10:
      return new UsageError('store-unwritable', `cannot write ${display}: ${err.errstr ?? 'I/O error'}`, 'Check the folder exists, is writable and the disk is not full.');
    default:
      return e;
  }
}

/**
 * node:sqlite prints an ExperimentalWarning when first loaded (Node 22); the store is not
 * experimental to kao's users, so that one warning, and only it, is kept off their terminal.
 * Exported for tools and tests that open the file with a connection of their own.
 */
export function loadSqlite(): typeof import('node:sqlite') {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (/SQLite is an experimental feature/.test(typeof warning === 'string' ? warning : warning.message)) return;
    (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    const sqlite = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite') | undefined;
    if (!sqlite) throw new UsageError('sqlite-unavailable', `kao's store needs node:sqlite, which Node ${process.version} does not provide`, 'Use Node 22.19 or later.');
    return sqlite;
  } finally {
    process.emitWarning = emit;
  }
}
