// Property tests for the audit chain check (src/store/audit-chain.ts), without a database: for
// generated logs and one generated tampering each, verifyChain never throws, never calls a
// tampered log intact, and names the entry and the kind of change that was made.
//
// Runs are deterministic (fixed seed). FC_SEED=<n> explores other inputs, FC_RUNS=<n> scales the runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { entryHash, verifyChain, type StoredAuditRow } from '../src/store/audit-chain.ts';
import { canonicalJson } from '../src/store/canonical.ts';
import { GENESIS_HASH, type AuditProblemKind } from '../src/store/store.ts';

const SEED = Number(process.env.FC_SEED ?? 0x6b616f);
const SCALE = Number(process.env.FC_RUNS ?? 1);
const runs = (n: number) => ({ seed: SEED, numRuns: Math.max(1, Math.round(n * SCALE)) });

function log(n: number): { rows: StoredAuditRow[]; head: { seq: number; hash: string } } {
  const rows: StoredAuditRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const event = { type: 'state-changed', runId: `r${seq % 3}`, what: 'step', to: seq };
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString();
    const hash = entryHash(prevHash, seq, at, event);
    rows.push({ seq, at, type: event.type, runId: event.runId, event: canonicalJson(event), prevHash, hash });
    prevHash = hash;
  }
  return { rows, head: { seq: n, hash: prevHash } };
}

type Tamper = { kind: 'edit' | 'delete' | 'swap' | 'forge-end' | 'rehash'; at: number };
const tamper = (n: number) => fc.record({ kind: fc.constantFrom<Tamper['kind']>('edit', 'delete', 'swap', 'forge-end', 'rehash'), at: fc.integer({ min: 1, max: n }) });

/** Applies one change and says what verify must report: which kind, at which entry. */
function apply(rows: StoredAuditRow[], t: Tamper): [AuditProblemKind, number][] {
  const i = t.at - 1;
  const row = rows[i]!;
  switch (t.kind) {
    case 'edit':
      rows[i] = { ...row, event: row.event.replace('"what":"step"', '"what":"stop"') };
      return [['edited', t.at]];
    case 'rehash': {
      const event = { ...JSON.parse(row.event), what: 'stop' };
      rows[i] = { ...row, event: canonicalJson(event), hash: entryHash(row.prevHash, row.seq, row.at, event) };
      return [['edited', t.at]];
    }
    case 'delete':
      rows.splice(i, 1);
      return [['deleted', t.at]];
    case 'swap': {
      if (t.at === rows.length) return apply(rows, { kind: 'edit', at: t.at });
      const next = rows[i + 1]!;
      rows[i] = { ...next, seq: row.seq };
      rows[i + 1] = { ...row, seq: next.seq };
      return [['reordered', t.at], ['reordered', t.at + 1]];
    }
    case 'forge-end': {
      const last = rows.at(-1)!;
      const event = { type: 'state-changed', runId: 'r0', what: 'forged', to: 0 };
      rows.push({ seq: last.seq + 1, at: last.at, type: event.type, runId: 'r0', event: canonicalJson(event), prevHash: last.hash, hash: entryHash(last.hash, last.seq + 1, last.at, event) });
      return [['inserted', last.seq + 1]];
    }
  }
}

test('an untouched log of any length verifies, whatever order its rows are read in', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 40 }), fc.integer(), (n, shuffleSeed) => {
    const { rows, head } = log(n);
    const shuffled = [...rows].sort((a, b) => ((a.seq * 7919 + shuffleSeed) % 13) - ((b.seq * 7919 + shuffleSeed) % 13));
    assert.deepEqual(verifyChain(shuffled, n === 0 ? null : head).problems, []);
  }), runs(200));
});

test('one tampering names exactly the entries changed and how', () => {
  fc.assert(fc.property(fc.integer({ min: 2, max: 40 }).chain((n) => fc.tuple(fc.constant(n), tamper(n))), ([n, t]) => {
    const { rows, head } = log(n);
    const expected = apply(rows, t);
    const report = verifyChain(rows, head);
    assert.equal(report.ok, false);
    assert.deepEqual(report.problems.map((p) => [p.kind, p.seq]), expected, `${t.kind} at ${t.at} of ${n}`);
  }), runs(500));
});

test('any number of random changes to any rows is never reported as intact, and never throws', () => {
  const change = fc.record({
    row: fc.nat(),
    field: fc.constantFrom('seq', 'at', 'type', 'runId', 'event', 'prevHash', 'hash', 'drop', 'copy'),
    value: fc.oneof(fc.string(), fc.integer({ min: -3, max: 60 })),
  });
  fc.assert(fc.property(fc.integer({ min: 1, max: 25 }), fc.array(change, { minLength: 1, maxLength: 6 }), (n, changes) => {
    const { rows, head } = log(n);
    const original = JSON.stringify(rows);
    for (const c of changes) {
      const i = c.row % rows.length;
      if (rows.length === 0) break;
      const r = rows[i]!;
      if (c.field === 'drop') rows.splice(i, 1);
      else if (c.field === 'copy') rows.push({ ...r, seq: Math.max(...rows.map((x) => x.seq)) + 1 });
      else if (c.field === 'seq') { if (!rows.some((x) => x.seq === Number(c.value))) rows[i] = { ...r, seq: Number(c.value) }; }
      else rows[i] = { ...r, [c.field]: String(c.value) };
    }
    fc.pre(JSON.stringify(rows) !== original);
    const report = verifyChain(rows, head);
    assert.equal(report.ok, false, JSON.stringify(changes));
    assert.ok(report.problems.length > 0);
  }), runs(500));
});
