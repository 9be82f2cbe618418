/**
 * The audit log's hash chain, pure: how an entry's hash is computed, and how a stored log is
 * checked. Any backend hands `verifyChain` its rows as stored plus its head record and gets the same
 * report, so SQLite and a later PostgreSQL backend detect tampering identically.
 *
 * hash(entry) = sha256(prevHash + canonicalJson({ seq, at, event })), with prevHash the hash of the
 * entry before it (GENESIS_HASH for entry 1). The sequence number is inside the hashed content, so
 * moving an entry changes what its hash should be; the link to the previous hash orders entries
 * independently of the stored numbers, which is what lets the check tell a move from an edit.
 * The head record (the last seq and hash written) catches entries appended or removed at the end.
 * What a hash chain cannot catch is a full rewrite of the log and its head by someone who knows
 * this scheme; comparing the head with a copy kept elsewhere catches that.
 */
import { canonicalJson, sha256Hex } from './canonical.ts';
import { GENESIS_HASH, type AuditProblem, type AuditProblemKind, type AuditReport } from './store.ts';

/** An audit row exactly as a backend stores it; `type` and `runId` are index copies of the event's fields. */
export interface StoredAuditRow {
  seq: number;
  at: string;
  type: string;
  runId: string | null;
  /** The event as canonical JSON text. */
  event: string;
  prevHash: string;
  hash: string;
}

export function entryHash(prevHash: string, seq: number, at: string, event: unknown): string {
  return hashOfText(prevHash, seq, at, canonicalJson(event));
}

/**
 * The same hash from the event's stored canonical text: `canonicalJson({ seq, at, event })` spelled
 * out (keys sorted: at, event, seq), so verifying need not parse and re-serialise every event. A
 * stored text that is not canonical therefore fails, as an edit should.
 */
function hashOfText(prevHash: string, seq: number, at: string, eventText: string): string {
  return sha256Hex(`${prevHash}{"at":${JSON.stringify(at)},"event":${eventText},"seq":${seq}}`);
}

/** How far past a gap to look for an entry's original place (renumbering after deleting this many). */
const SEARCH = 10_000;
const ORDER: readonly AuditProblemKind[] = ['deleted', 'inserted', 'edited', 'reordered', 'head'];

export function verifyChain(rows: readonly StoredAuditRow[], head: { seq: number; hash: string } | null): AuditReport {
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  const problems: AuditProblem[] = [];
  const add = (kind: AuditProblemKind, seq: number | null, message: string) => problems.push({ kind, seq, message });

  // Memoised (the last question per row): choosing between followers and judging the chosen one ask the same.
  const valid = new Map<StoredAuditRow, { seq: number; ok: boolean }>();
  const validAt = (r: StoredAuditRow, seq: number): boolean => {
    const known = valid.get(r);
    if (known?.seq === seq) return known.ok;
    const ok = hashOfText(r.prevHash, seq, r.at, r.event) === r.hash;
    valid.set(r, { seq, ok });
    return ok;
  };

  // Rows by the hash they say they follow: the chain as written, whatever seq they are stored under.
  const followers = new Map<string, StoredAuditRow[]>();
  for (const r of sorted) followers.set(r.prevHash, [...(followers.get(r.prevHash) ?? []), r]);
  const placed = new Set<StoredAuditRow>();
  const positionOf = new Map<string, number>();
  const rowAt = new Map<number, StoredAuditRow>();

  function judge(row: StoredAuditRow, pos: number): void {
    if (head && pos > head.seq) {
      add('inserted', pos, `entry ${pos}${storedAs(row, pos)} was inserted: the log recorded writing only up to entry ${head.seq}`);
      return;
    }
    if (!validAt(row, pos)) {
      add('edited', pos, `entry ${pos}${storedAs(row, pos)} was edited: its content no longer matches its hash`);
      return;
    }
    if (row.seq !== pos) add('reordered', pos, `entry ${pos} was moved: it is stored as entry ${row.seq}`);
    // The hash covers the event text; `type` and `run_id` are copies for queries, so check they still agree.
    const e = parseEvent(row.event);
    if (e === null || e.type !== row.type || (e.runId ?? null) !== row.runId) {
      add('edited', pos, `entry ${pos} was edited: its type or run column differs from the event that was hashed`);
    }
  }

  /** Prefer the follower that is valid at this place, then one the chain goes on from, then one stored here. */
  function pick(candidates: StoredAuditRow[], pos: number): StoredAuditRow {
    const score = (c: StoredAuditRow) => (validAt(c, pos) ? 4 : 0) + (followers.has(c.hash) ? 2 : 0) + (c.seq === pos ? 1 : 0);
    return candidates.reduce((best, c) => (score(c) > score(best) ? c : best));
  }

  /** Where an entry moved after a deletion was written: the later place its hash is valid at, if any. */
  const lastSeq = Math.max(head?.seq ?? 0, sorted.at(-1)?.seq ?? 0) + 1;
  function originalSeq(row: StoredAuditRow, after: number): number | undefined {
    for (let s = after + 1; s <= Math.min(lastSeq, after + SEARCH); s++) if (validAt(row, s)) return s;
    return undefined;
  }

  let pos = 0;
  let cur = GENESIS_HASH;
  let scan = 0;
  for (;;) {
    const candidates = (followers.get(cur) ?? []).filter((r) => !placed.has(r));
    if (candidates.length > 0) {
      const row = pick(candidates, pos + 1);
      pos += 1;
      placed.add(row);
      positionOf.set(row.hash, pos);
      rowAt.set(pos, row);
      judge(row, pos);
      cur = row.hash;
      continue;
    }
    // The chain stops here; the lowest stored row not yet placed says why.
    while (scan < sorted.length && placed.has(sorted[scan]!)) scan += 1;
    const first = sorted[scan];
    if (!first) break;
    if (head && first.seq > head.seq) {
      placed.add(first);
      add('inserted', first.seq, `entry ${first.seq} was inserted: the log recorded writing only up to entry ${head.seq}`);
      continue;
    }
    const after = first.prevHash === GENESIS_HASH ? 0 : positionOf.get(first.prevHash);
    if (after !== undefined) {
      placed.add(first);
      add('inserted', first.seq, `entry stored as ${first.seq} was inserted: it claims to follow ${after === 0 ? 'the start of the log' : `entry ${after}`}, which entry ${after + 1} already follows`);
      continue;
    }
    const origin = validAt(first, first.seq) ? first.seq : originalSeq(first, pos);
    if (origin === undefined) {
      placed.add(first);
      add('inserted', first.seq, `entry stored as ${first.seq} was inserted or forged: it follows no entry of the log and its hash does not match its content`);
      continue;
    }
    // An authentic entry whose predecessor is gone: either deleted, or rewritten with a new hash.
    if (origin > pos + 1) add('deleted', pos + 1, `${range(pos + 1, origin - 1)} deleted: entry ${origin} follows an entry that is no longer in the log`);
    else add('edited', pos, pos === 0 ? `entry ${origin} was edited: it no longer starts from the beginning of the log` : `entry ${pos} was rewritten: entry ${pos + 1} was chained to a different hash`);
    pos = Math.max(pos + 1, origin) - 1;
    cur = first.prevHash;
  }

  if (head && pos < head.seq) {
    add('deleted', pos + 1, `${range(pos + 1, head.seq)} deleted: the log recorded writing up to entry ${head.seq}, but it ends at ${pos === 0 ? 'nothing' : `entry ${pos}`}`);
  } else if (head) {
    const last = rowAt.get(head.seq);
    if (last && last.hash !== head.hash && !problems.some((p) => p.seq === head.seq)) {
      add('edited', head.seq, `entry ${head.seq} was rewritten: its hash is not the one recorded when it was written`);
    }
  } else if (sorted.length > 0) {
    add('head', null, 'the record of the last entry written is missing, so entries appended or removed at the end cannot be ruled out');
  }
  // By place in the log; at one place, what happened to the log (deleted, inserted) before what happened to an entry.
  problems.sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity) || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  return { ok: problems.length === 0, entries: rows.length, head, problems };
}

function parseEvent(text: string): { type?: unknown; runId?: unknown } | null {
  try {
    const e: unknown = JSON.parse(text);
    return e !== null && typeof e === 'object' ? e : null;
  } catch {
    return null; // an edited row may no longer be JSON; its hash has already failed
  }
}

const storedAs = (row: StoredAuditRow, pos: number) => (row.seq === pos ? '' : ` (stored as ${row.seq})`);
const range = (from: number, to: number) => (from === to ? `entry ${from} was` : `entries ${from}-${to} were`);
