// The behaviour every Store backend must have, as one suite: SQLite runs it today (store.test.ts),
// a PostgreSQL backend runs the same function with its own `open`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UsageError } from '../src/errors.ts';
import { actionHash } from '../src/store/canonical.ts';
import { isApproved, type StateChangeInput, type Store } from '../src/store/store.ts';

const EDIT_SCHEMA = { tool: 'edit', path: 'db/migrations/0007_add_threshold.sql' };
const ASK = { runId: 'run-1', role: 'backend-lead', decision: 'schema' as const, action: EDIT_SCHEMA };

async function usageCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof UsageError, `expected a UsageError, got ${String(e)}`);
    return e.code;
  }
  assert.fail('expected the call to fail');
}

export function storeConformance(name: string, open: () => Promise<Store>): void {
  const using = (fn: (store: Store) => Promise<void>) => async () => {
    const store = await open();
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  };

  describe(`Store conformance: ${name}`, () => {
    test('a decision is recorded in the audit log after its run starts, and the run starts once', using(async (store) => {
      const decision = { runId: 'run-1', role: 'backend-implementer', action: { tool: 'read', path: 'src/a.ts' }, decision: 'allow' as const, rule: 'tool-granted', source: 'kao', reason: 'read is granted' };
      const first = await store.recordDecision(decision);
      await store.recordDecision({ ...decision, action: { tool: 'read', path: 'src/b.ts' } });
      const run = await store.readAudit({ runId: 'run-1' });
      assert.deepEqual(run.map((e) => e.event.type), ['run-started', 'decision', 'decision']);
      assert.equal(first.event.type === 'decision' && first.event.actionHash, actionHash(decision.action));
      assert.equal(first.prevHash, run[0]!.hash);
    }));

    test('an approval request records the run, role, decision, exact action, its hash, options and risks', using(async (store) => {
      const { request, created } = await store.requestApproval({
        ...ASK, options: [{ title: 'Add a nullable column', pros: ['no backfill'], cons: ['null checks'] }], risks: ['a migration is hard to roll back'],
      });
      assert.equal(created, true);
      assert.equal(request.status, 'pending');
      assert.deepEqual([request.runId, request.role, request.decision], ['run-1', 'backend-lead', 'schema']);
      assert.deepEqual(request.action, EDIT_SCHEMA);
      assert.equal(request.actionHash, actionHash(EDIT_SCHEMA));
      assert.deepEqual(request.packet.options, [{ title: 'Add a nullable column', pros: ['no backfill'], cons: ['null checks'] }]);
      assert.deepEqual(request.packet.risks, ['a migration is hard to roll back']);
      assert.deepEqual(await store.getApproval(request.id), request);
      const audit = await store.readAudit({ runId: 'run-1' });
      assert.deepEqual(audit.map((e) => e.event.type), ['run-started', 'approval-requested']);
    }));

    test('a request without options or risks gets the approval-needed packet defaults', using(async (store) => {
      const { request } = await store.requestApproval(ASK);
      assert.equal(request.packet.options.length, 2);
      assert.match(request.packet.risks[0]!, /migration/);
      assert.match(request.packet.context, /backend-lead proposes edit db\/migrations/);
    }));

    test('asking again about the same action returns the open request, whatever the key order', using(async (store) => {
      const first = await store.requestApproval(ASK);
      const again = await store.requestApproval({ ...ASK, action: { path: EDIT_SCHEMA.path, tool: 'edit' } });
      assert.equal(again.created, false);
      assert.equal(again.request.id, first.request.id);
      assert.equal((await store.listApprovals()).length, 1);
    }));

    test('an approval covers exactly one action in one run and one decision', using(async (store) => {
      const { request } = await store.requestApproval(ASK);
      const hash = request.actionHash;
      assert.equal(await isApproved(store, { runId: 'run-1', decision: 'schema', actionHash: hash }), false);
      const approved = await store.answerApproval({ id: request.id, answer: 'approved', by: 'po@example.com', note: 'nullable is fine' });
      assert.deepEqual([approved.status, approved.status === 'approved' && approved.by, approved.status === 'approved' && approved.note], ['approved', 'po@example.com', 'nullable is fine']);
      assert.equal(await isApproved(store, { runId: 'run-1', decision: 'schema', actionHash: hash }), true);
      assert.equal(await isApproved(store, { runId: 'run-2', decision: 'schema', actionHash: hash }), false, 'not replayable in another run');
      assert.equal(await isApproved(store, { runId: 'run-1', decision: 'dependencies', actionHash: hash }), false, 'not for another decision');
      const changed = actionHash({ ...EDIT_SCHEMA, path: 'db/migrations/0008_drop_table.sql' });
      assert.equal(await isApproved(store, { runId: 'run-1', decision: 'schema', actionHash: changed }), false, 'not for a changed action');
    }));

    test('a changed action needs a new request', using(async (store) => {
      const first = await store.requestApproval(ASK);
      await store.answerApproval({ id: first.request.id, answer: 'approved', by: 'po@example.com' });
      const changed = await store.requestApproval({ ...ASK, action: { ...EDIT_SCHEMA, path: 'db/migrations/0008_drop_table.sql' } });
      assert.equal(changed.created, true);
      assert.notEqual(changed.request.actionHash, first.request.actionHash);
      assert.equal(changed.request.status, 'pending');
    }));

    test('a request is answered once: a second answer is refused and the first stands', using(async (store) => {
      const { request } = await store.requestApproval(ASK);
      await store.answerApproval({ id: request.id, answer: 'denied', by: 'po@example.com', reason: 'not this quarter' });
      assert.equal(await usageCode(store.answerApproval({ id: request.id, answer: 'approved', by: 'po@example.com' })), 'already-answered');
      const stored = await store.getApproval(request.id);
      assert.deepEqual(stored?.status === 'denied' && [stored.by, stored.reason], ['po@example.com', 'not this quarter']);
      assert.equal(await isApproved(store, { runId: 'run-1', decision: 'schema', actionHash: request.actionHash }), false);
    }));

    test('after a denial the same action may be asked again, as a new request', using(async (store) => {
      const { request } = await store.requestApproval(ASK);
      await store.answerApproval({ id: request.id, answer: 'denied', by: 'po@example.com', reason: 'no' });
      const again = await store.requestApproval(ASK);
      assert.equal(again.created, true);
      assert.notEqual(again.request.id, request.id);
    }));

    test('an unknown request id cannot be answered', using(async (store) => {
      assert.equal(await usageCode(store.answerApproval({ id: 'nope', answer: 'approved', by: 'po@example.com' })), 'no-such-request');
      assert.equal(await store.getApproval('nope'), null);
    }));

    test('requests are listed in order and filtered by status and run', using(async (store) => {
      const a = await store.requestApproval(ASK);
      const b = await store.requestApproval({ ...ASK, runId: 'run-2', decision: 'dependencies', action: { tool: 'edit', path: 'package.json' } });
      await store.answerApproval({ id: a.request.id, answer: 'approved', by: 'po@example.com' });
      assert.deepEqual((await store.listApprovals()).map((r) => r.id), [a.request.id, b.request.id]);
      assert.deepEqual((await store.listApprovals({ status: 'pending' })).map((r) => r.id), [b.request.id]);
      assert.deepEqual((await store.listApprovals({ runId: 'run-1' })).map((r) => r.id), [a.request.id]);
    }));

    test('a state change is appended to the audit log of its run', using(async (store) => {
      const entry = await store.appendAudit({ runId: 'run-3', what: 'lane', from: 'planning', to: 'implementation' });
      assert.deepEqual(entry.event, { type: 'state-changed', runId: 'run-3', what: 'lane', from: 'planning', to: 'implementation' });
      assert.deepEqual((await store.readAudit({ runId: 'run-3' })).map((e) => e.event.type), ['run-started', 'state-changed']);
    }));

    test('every change is in one verifiable chain', using(async (store) => {
      const { request } = await store.requestApproval(ASK);
      await store.answerApproval({ id: request.id, answer: 'approved', by: 'po@example.com' });
      await store.recordDecision({ runId: 'run-1', role: 'backend-lead', action: EDIT_SCHEMA, decision: 'allow', rule: 'schema-change-requires-po-gate', source: 'x.md:3', reason: 'approved', gate: 'schema' });
      const all = await store.readAudit();
      all.forEach((e, i) => assert.equal(e.seq, i + 1));
      for (let i = 1; i < all.length; i++) assert.equal(all[i]!.prevHash, all[i - 1]!.hash);
      const report = await store.verifyAudit();
      assert.deepEqual(report, { ok: true, entries: all.length, head: { seq: all.length, hash: all.at(-1)!.hash }, problems: [] });
    }));

    test('a decision can carry the state changes that came before it, written ahead of it in one transaction', using(async (store) => {
      const before: StateChangeInput[] = [
        { runId: 'run-d', what: 'model-call', to: { role: 'backend-implementer', inputTokens: 10, outputTokens: 2 } },
        { runId: 'run-d', what: 'tool-result', to: { exitCode: 0 } },
      ];
      const decision = { runId: 'run-d', role: 'backend-implementer', action: { tool: 'read', path: 'a.ts' }, decision: 'allow' as const, rule: 'r', source: 'kao', reason: 'ok' };
      await store.recordDecision(decision, before);
      assert.deepEqual((await store.readAudit({ runId: 'run-d' })).map((e) => e.event.type === 'state-changed' ? e.event.what : e.event.type), ['run-started', 'model-call', 'tool-result', 'decision']);
      // A bad change refuses the whole write: the decision is not recorded without it.
      assert.equal(await usageCode(store.recordDecision(decision, [{ runId: 'run-d', what: '  ', to: 1 }])), 'bad-state-change');
      assert.equal((await store.readAudit({ runId: 'run-d' })).length, 4);
    }));

    test('an agent run\'s status is kept with its sealed state, its hash is on the chain, and runs are listed newest first', using(async (store) => {
      const sealed = { format: 1 as const, playbook: 'a'.repeat(64), stateHash: 'b'.repeat(64), state: '{"x":1}' };
      await store.saveRun({ runId: 'run-a', task: 'Add a column', status: 'running' });
      const paused = await store.saveRun({ runId: 'run-a', task: 'Add a column', status: 'paused', sealed, reason: 'waiting for the PO (schema)', usage: { requests: 2, inputTokens: 30, outputTokens: 9 } });
      assert.deepEqual(paused.event, { type: 'run-state', runId: 'run-a', status: 'paused', stateHash: sealed.stateHash, playbook: sealed.playbook, reason: 'waiting for the PO (schema)', usage: { requests: 2, inputTokens: 30, outputTokens: 9 } });
      await store.saveRun({ runId: 'run-b', task: 'Fix a typo', status: 'finished', output: 'Done.' });
      const a = (await store.getRun('run-a'))!;
      assert.deepEqual([a.status, a.sealed, a.reason, a.task], ['paused', sealed, 'waiting for the PO (schema)', 'Add a column']);
      assert.ok(a.startedAt <= a.updatedAt);
      assert.deepEqual((await store.listRuns()).map((r) => [r.runId, r.status]), [['run-b', 'finished'], ['run-a', 'paused']]);
      await store.saveRun({ runId: 'run-a', task: 'Add a column', status: 'finished', output: 'Added.' });
      assert.equal((await store.getRun('run-a'))!.sealed, undefined, 'a finished run keeps no state to resume');
      assert.equal(await store.getRun('nope'), null);
      assert.deepEqual((await store.readAudit({ runId: 'run-a' })).map((e) => e.event.type === 'run-state' ? e.event.status : e.event.type), ['run-started', 'running', 'paused', 'finished']);
      assert.equal(await usageCode(store.saveRun({ runId: 'run-a', task: 'x', status: 'dreaming' as 'paused' })), 'bad-run-record');
      assert.equal((await store.verifyAudit()).ok, true);
    }));

    test('malformed input is refused before anything is written', using(async (store) => {
      const before = (await store.readAudit()).length;
      assert.equal(await usageCode(store.requestApproval({ ...ASK, runId: 'has space' })), 'bad-approval-request');
      assert.equal(await usageCode(store.requestApproval({ ...ASK, decision: 'vibes' as 'schema' })), 'bad-approval-request');
      assert.equal(await usageCode(store.recordDecision({ runId: 'r', role: 'Backend Lead', action: {}, decision: 'allow', rule: 'r', source: 'kao', reason: 'x' })), 'bad-decision');
      assert.equal(await usageCode(store.answerApproval({ id: 'x', answer: 'denied', by: 'po@example.com', reason: '  ' })), 'bad-answer');
      assert.equal((await store.readAudit()).length, before);
    }));
  });
}
