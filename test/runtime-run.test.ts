// A run of the team (issue 14), in process, with the SDK's own ScriptedModel for each role and a real
// SQLite store: the Orchestrator delegates with a delegation packet, the implementer's calls are
// decided by the policy, a migration pauses the run with the PO's request filed and the state stored
// (sealed, its hash on the chain) after every turn; the PO's signed answer lets it resume, a changed
// state or playbook does not, and budgets and a failing provider pause it with the reason.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Model } from '@openai/agents';
import { assistantMessage, functionCall, ScriptedModel } from '@openai/agents/testing';
import { renderPacket } from '../src/packets/render.ts';
import type { PhaseHandoffPacket } from '../src/packets/schemas.ts';
import { loadPlaybook } from '../src/playbook/load.ts';
import { DEFAULT_LIMITS, resumeRun, startRun, type RunEvent } from '../src/runtime/run-team.ts';
import { openSqliteStore, loadSqlite } from '../src/store/sqlite.ts';
import type { Store } from '../src/store/store.ts';
import { BIN, kao, poKey, productOwnersYaml, SEED, tempDir, writeFiles } from './helpers.ts';

const TASK = 'Add a low-stock widget to the dashboard and a backend endpoint for it';
const PO = poKey('po@example.com');

function sampleRepo(): string {
  const root = tempDir('kao-run-');
  writeFiles(root, {
    'backend/internal/stock/handler.go': 'package stock\n',
    'backend/migrations/0001_init.sql': 'CREATE TABLE products (id bigint primary key);\n',
    'test.sh': 'echo ok\n',
    '.github/agent-os/product-owners.yaml': productOwnersYaml([{ id: 'po@example.com', pub: PO.pub }]),
  });
  return root;
}

const delegate = (callId: string) => functionCall('delegate_to_backend_implementer', {
  objective: 'Add GET /api/stock/low with its handler and tests',
  acceptanceCriteria: ['GET /api/stock/low lists products under their threshold'],
  validation: ['sh test.sh'],
}, { callId });

/** One scripted model per role; a role with no script fails the test if it is called. */
function models(scripts: Record<string, ScriptedModel>) {
  return (role: string) => ({ model: scripts[role] ?? (new ScriptedModel([]) as Model), provider: 'scripted', name: role, label: `scripted ${role}` });
}

async function withStore<T>(root: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openSqliteStore(join(root, '.agent-os', 'kao.db'));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

test('the Orchestrator delegates with a delegation packet; a migration pauses the run for the PO; after the signed approval a new session resumes and finishes', async () => {
  const root = sampleRepo();
  const playbook = await loadPlaybook(root);
  const events: RunEvent[] = [];
  const orchestrator = new ScriptedModel([[delegate('o1')], [assistantMessage('Low-stock endpoint added with its migration; tests pass.')]]);
  const implementer = new ScriptedModel([
    [functionCall('edit', { path: 'backend/internal/stock/handler.go', content: 'package stock\n\nfunc Low() {}\n' }, { callId: 'i1' })],
    [functionCall('execute', { command: 'sh test.sh' }, { callId: 'i2' })],
    [functionCall('edit', { path: 'backend/migrations/0002_threshold.sql', content: 'ALTER TABLE products ADD COLUMN low_stock int;\n' }, { callId: 'i3' })],
    [assistantMessage('Endpoint, test and migration done.')],
  ]);
  const roles = models({ orchestrator, 'backend-implementer': implementer });
  const paused = await withStore(root, (store) => startRun({ playbook, store, models: roles, onEvent: (e) => events.push(e) }, TASK, 'run-e1'));
  assert.equal(paused.status, 'paused');
  assert.equal(paused.waitingFor.length, 1);
  assert.deepEqual([paused.waitingFor[0]!.gate, paused.waitingFor[0]!.role, paused.waitingFor[0]!.action], ['schema', 'backend-implementer', 'edit backend/migrations/0002_threshold.sql']);
  assert.equal(readFileSync(join(root, 'backend/internal/stock/handler.go'), 'utf8'), 'package stock\n\nfunc Low() {}\n');
  assert.ok(!existsSync(join(root, 'backend/migrations/0002_threshold.sql')), 'the migration waits for the PO');

  const started = events.find((e) => e.type === 'started');
  assert.equal(started?.type === 'started' && started.owner, 'orchestrator');
  assert.ok(started?.type === 'started' && started.roles.some((r) => r.role === 'backend-implementer' && r.lane === 'implementation'));
  assert.deepEqual(events.filter((e) => e.type === 'tool-call').map((e) => e.type === 'tool-call' && `${e.role}: ${e.action} -> ${e.decision}`), [
    'backend-implementer: edit backend/internal/stock/handler.go -> allow',
    'backend-implementer: execute sh test.sh -> allow',
  ]);
  const ended = events.at(-1);
  assert.equal(ended?.type === 'ended' && ended.recovery?.pendingGates?.[0], 'schema');
  assert.equal(ended?.type === 'ended' && ended.recovery?.lastLane, 'implementation', 'the lane of the role that paused');
  assert.deepEqual(ended?.type === 'ended' && ended.recovery?.done, ['edit backend/internal/stock/handler.go', 'execute sh test.sh']);

  await withStore(root, async (store) => {
    const run = (await store.getRun('run-e1'))!;
    assert.equal(run.status, 'paused');
    assert.match(run.reason ?? '', /waiting for the PO's schema decision on edit backend\/migrations\/0002_threshold\.sql/);
    const audit = await store.readAudit({ runId: 'run-e1' });
    const delegation = audit.find((e) => e.event.type === 'state-changed' && e.event.what === 'delegation')?.event;
    const packet = delegation?.type === 'state-changed' ? (delegation.to as Record<string, unknown>) : {};
    assert.deepEqual([packet.from, packet.to, packet.objective], ['orchestrator', 'backend-implementer', 'Add GET /api/stock/low with its handler and tests']);
    assert.ok((packet.validation as string[]).includes('sh test.sh'));
    // The packet kao built is one `kao packet check` accepts.
    writeFiles(root, { 'delegation.md': renderPacket({ kind: 'delegation', packet: packet as never }) });
    const states = audit.filter((e) => e.event.type === 'run-state').map((e) => e.event.type === 'run-state' && e.event.status);
    assert.deepEqual(states, ['running', 'paused'], 'the delegation in the first turn pauses');
    assert.ok(audit.some((e) => e.event.type === 'state-changed' && e.event.what === 'model-call'));
    assert.equal((await store.listApprovals({ runId: 'run-e1', status: 'pending' })).length, 1);
  });
  const checked = kao(['packet', 'check', 'delegation.md'], root);
  assert.equal(checked.status, 0, checked.stdout + checked.stderr);

  // No answer yet: resuming says what it waits for and changes nothing.
  await withStore(root, async (store) => {
    await assert.rejects(resumeRun({ playbook, store, models: roles }, 'run-e1'), /still waits for the PO: [0-9a-f]{8} \(schema\)/);
  });
  const approved = kao(['approve', paused.waitingFor[0]!.requestId, '--key', PO.key, '--dir', root], root);
  assert.equal(approved.status, 0, approved.stderr);

  const again = await loadPlaybook(root);
  const done = await withStore(root, (store) => resumeRun({ playbook: again, store, models: roles }, 'run-e1'));
  assert.equal(done.status, 'finished');
  assert.equal(done.output, 'Low-stock endpoint added with its migration; tests pass.');
  assert.equal(readFileSync(join(root, 'backend/migrations/0002_threshold.sql'), 'utf8'), 'ALTER TABLE products ADD COLUMN low_stock int;\n');
  orchestrator.assertComplete();
  implementer.assertComplete();
  await withStore(root, async (store) => {
    assert.equal((await store.getRun('run-e1'))!.sealed, undefined);
    assert.equal((await store.verifyAudit()).ok, true);
    const states = (await store.readAudit({ runId: 'run-e1' })).filter((e) => e.event.type === 'run-state').map((e) => e.event.type === 'run-state' && e.event.status);
    assert.deepEqual(states, ['running', 'paused', 'running', 'finished'], 'paused, resumed, finished');
    const audit = await store.readAudit({ runId: 'run-e1' });
    const handoff = audit.find((e) => e.event.type === 'state-changed' && e.event.what === 'phase-handoff')?.event;
    const packet = handoff?.type === 'state-changed' ? ((handoff.to as Record<string, unknown>).packet as PhaseHandoffPacket) : undefined;
    assert.deepEqual(packet?.changed, ['backend/internal/stock/handler.go', 'backend/migrations/0002_threshold.sql'], 'what the implementer edited, before and after the pause');
    assert.deepEqual(packet?.verified, [{ command: 'sh test.sh', result: 'passed (exit code 0)' }]);
    assert.deepEqual([packet?.currentLane, packet?.nextLane], ['implementation', 'review']);
    writeFiles(root, { 'handoff.md': renderPacket({ kind: 'phase-handoff', packet: packet! }) });
    const report = audit.find((e) => e.event.type === 'state-changed' && e.event.what === 'report')?.event;
    assert.equal(report?.type === 'state-changed' && (report.to as Record<string, unknown>).phase, 'report of run-e1');
    const delegations = audit.filter((e) => e.event.type === 'state-changed' && e.event.what === 'delegation');
    assert.equal(delegations.length, 1, 'the delegation replayed on resume is recorded once');
    await assert.rejects(resumeRun({ playbook: again, store, models: roles }, 'run-e1'), /run run-e1 has finished/);
  });
  const handoffChecked = kao(['packet', 'check', 'handoff.md'], root);
  assert.equal(handoffChecked.status, 0, handoffChecked.stdout + handoffChecked.stderr);
});

test('a stored state changed behind kao\'s back, or a playbook changed since the pause, is not resumed', async () => {
  const root = sampleRepo();
  const playbook = await loadPlaybook(root);
  const script = () => models({
    orchestrator: new ScriptedModel([[delegate('o1')]]),
    'backend-implementer': new ScriptedModel([[functionCall('edit', { path: 'backend/migrations/0002.sql', content: 'DROP TABLE products;\n' }, { callId: 'i1' })]]),
  });
  const paused = await withStore(root, (store) => startRun({ playbook, store, models: script() }, TASK, 'run-t1'));
  assert.equal(paused.status, 'paused');
  // Rewrite the state and its own hash together, as someone with the file could.
  const { DatabaseSync } = loadSqlite();
  const db = new DatabaseSync(join(root, '.agent-os', 'kao.db'));
  const sealed = JSON.parse(String(db.prepare('SELECT sealed FROM agent_runs WHERE run_id = ?').get('run-t1')!.sealed));
  const state = sealed.state.replace('DROP TABLE products', 'DROP TABLE customers');
  const { sha256Hex } = await import('../src/store/canonical.ts');
  db.prepare('UPDATE agent_runs SET sealed = ? WHERE run_id = ?').run(JSON.stringify({ ...sealed, state, stateHash: sha256Hex(state) }), 'run-t1');
  db.close();
  await withStore(root, async (store) => {
    await assert.rejects(resumeRun({ playbook, store, models: script() }, 'run-t1'), /not the one the audit log recorded/);
  });

  const other = sampleRepo();
  const before = await loadPlaybook(other);
  await withStore(other, (store) => startRun({ playbook: before, store, models: script() }, TASK, 'run-t2'));
  writeFiles(other, { '.github/agents/backend-implementer.agent.md': '---\nname: Backend Implementer\ntools: [read, edit]\n---\n# Backend Implementer\n\nOnly reads and edits.\n' });
  const after = await loadPlaybook(other);
  await withStore(other, async (store) => {
    await assert.rejects(resumeRun({ playbook: after, store, models: script() }, 'run-t2'), /the playbook changed since this run paused/);
  });
});

test('a token budget pauses the run before the next call, with a recovery packet; a provider that fails keeps the last turn to resume from', async () => {
  const root = sampleRepo();
  const playbook = await loadPlaybook(root);
  const events: RunEvent[] = [];
  const implementer = new ScriptedModel([
    [functionCall('read', { path: 'backend/internal/stock/handler.go' }, { callId: 'i1' })],
    [functionCall('read', { path: 'test.sh' }, { callId: 'i2' })],
  ]);
  const limits = { ...DEFAULT_LIMITS, maxRoleTokens: 10 };
  // ScriptedModel reports no tokens; a model that says it used 5 in and 3 out per call.
  const counted = (m: ScriptedModel): Model => ({
    getResponse: async (r) => ({ ...(await m.getResponse(r)), usage: { inputTokens: 5, outputTokens: 3, totalTokens: 8, requests: 1 } as never }),
    getStreamedResponse: (r) => m.getStreamedResponse(r),
  });
  const roles = (role: string) => ({ model: counted(role === 'orchestrator' ? new ScriptedModel([[delegate('o1')]]) : implementer), provider: 'scripted', name: role, label: 'scripted' });
  const paused = await withStore(root, (store) => startRun({ playbook, store, models: roles, limits, onEvent: (e) => events.push(e) }, TASK, 'run-b1'));
  assert.equal(paused.status, 'paused');
  assert.match(paused.reason ?? '', /backend-implementer used 16 tokens, the limit per role is 10 \(--max-role-tokens\)/);
  assert.deepEqual(paused.waitingFor, [], 'a budget files no PO request');
  const ended = events.at(-1);
  assert.ok(ended?.type === 'ended' && ended.recovery && ended.recovery.commands?.includes('kao run --resume run-b1'));
  assert.deepEqual(paused.usage, { requests: 3, inputTokens: 15, outputTokens: 9 });

  // A provider that fails on the Orchestrator's second turn: the first turn's checkpoint is kept.
  const flaky = sampleRepo();
  const failing: Model = {
    getResponse: async () => { throw Object.assign(new Error('Incorrect API key provided'), { status: 401 }); },
    getStreamedResponse: () => { throw new Error('not used'); },
  };
  let calls = 0;
  const first = new ScriptedModel([[functionCall('read', { path: 'test.sh' }, { callId: 'o1' })]]);
  const orchestrator: Model = { getResponse: (r) => (calls++ === 0 ? first.getResponse(r) : failing.getResponse(r)), getStreamedResponse: (r) => first.getStreamedResponse(r) };
  const failed = await withStore(flaky, async (store) => {
    const outcome = await startRun({ playbook: await loadPlaybook(flaky), store, models: () => ({ model: orchestrator, provider: 'x', name: 'x', label: 'x' }) }, TASK, 'run-f1');
    return { outcome, record: await store.getRun('run-f1') };
  });
  assert.equal(failed.outcome.status, 'paused');
  assert.match(failed.outcome.reason ?? '', /refused the key \(HTTP 401\): check OPENAI_API_KEY/);
  assert.ok(failed.record?.sealed, 'the state after the first turn is kept to resume from');
});

test('the models file maps a role by its id, else by its role file\'s own model name, else its default', async () => {
  const { modelFromFile, readModelsFile } = await import('../src/runtime/models-file.ts');
  const root = tempDir('kao-models-');
  writeFiles(root, {
    '.github/agents/backend-lead.agent.md': readFileSync(SEED, 'utf8'),
    '.github/agent-os/models.yaml': 'default: small-model\nroles:\n  backend-implementer: coder-model\naliases:\n  "Claude Sonnet 4.5 (copilot)": big-model\n',
  });
  const playbook = await loadPlaybook(root);
  const file = readModelsFile(root);
  const pick = (id: string) => modelFromFile(file, playbook.roles.get(id)!);
  assert.deepEqual([pick('backend-implementer'), pick('backend-lead'), pick('web-lead')], ['coder-model', 'big-model', 'small-model']);
  assert.equal(modelFromFile(null, playbook.roles.get('web-lead')!), undefined, 'no file: KAO_MODEL decides');
});

test('a model that calls a tool it does not have, or sends arguments that do not fit, gets a clear message; the run keeps its state', async () => {
  const root = sampleRepo();
  const playbook = await loadPlaybook(root);
  const orchestrator = new ScriptedModel([
    [functionCall('read', { path: 'test.sh' }, { callId: 'o1' })],
    [functionCall('read', { file: 'test.sh' }, { callId: 'o2' })],
    [functionCall('delete_everything', { now: true }, { callId: 'o3' })],
  ]);
  const outcome = await withStore(root, async (store) => {
    const o = await startRun({ playbook, store, models: () => ({ model: orchestrator, provider: 'scripted', name: 'o', label: 'scripted' }) }, TASK, 'run-u1');
    return { o, record: await store.getRun('run-u1'), audit: await store.readAudit({ runId: 'run-u1' }) };
  });
  assert.equal(outcome.o.status, 'paused');
  assert.match(outcome.o.reason ?? '', /delete_everything/);
  assert.ok(outcome.record?.sealed, 'the turns before it are kept to resume from');
  const results = outcome.audit.filter((e) => e.event.type === 'decision').map((e) => e.event.type === 'decision' && describe(e.event.action));
  assert.deepEqual(results, ['read test.sh'], 'the call with arguments that do not fit never reached the policy or the workspace');
  const told = JSON.stringify(orchestrator.calls[2]!.request.input);
  assert.match(told, /invalid arguments for read: path: [^;]*; send \{\\"path\\":\\"…\\"\}/, 'the model is told what to send');
});

const describe = (a: Record<string, unknown>) => `${String(a.tool)} ${String(a.path ?? '')}`;

test('a role granted an MCP server\'s tools gets them from the client\'s MCP configuration, each call decided by the policy; a server that needs an editor\'s input is left out with a note', async () => {
  const root = sampleRepo();
  writeFiles(root, {
    // The repository's own Orchestrator, granted one tool of the `kao` server (kao's own MCP server, over stdio).
    '.github/agents/orchestrator.agent.md': '---\nname: Orchestrator\ndescription: Routes work.\ntools: ["read", "agent", "kao/route", "docs/*"]\n---\n# Orchestrator\n\nRoute the task, then report.\n',
    '.vscode/mcp.json': JSON.stringify({
      // Comments are allowed, as VS Code allows them.
      servers: {
        kao: { type: 'stdio', command: process.execPath, args: [BIN, 'mcp'] },
        docs: { type: 'http', url: 'https://docs.example/mcp', headers: { authorization: 'Bearer ${input:docs-token}' } },
      },
    }).replace('{', '{ // the editor\'s MCP servers\n'),
  });
  const playbook = await loadPlaybook(root);
  const events: RunEvent[] = [];
  const orchestrator = new ScriptedModel([
    [functionCall('kao__route', { task: 'http://169.254.169.254/latest/meta-data/' }, { callId: 'm0' })],
    [functionCall('kao__route', { task: 'Add a column to orders' }, { callId: 'm1' })],
    [assistantMessage('Routed.')],
  ]);
  const outcome = await withStore(root, async (store) => {
    const o = await startRun({ playbook, store, models: () => ({ model: orchestrator, provider: 'scripted', name: 'o', label: 'scripted' }), onEvent: (e) => events.push(e) }, 'Fix the typo in the README', 'run-m1');
    return { o, audit: await store.readAudit({ runId: 'run-m1' }) };
  });
  assert.equal(outcome.o.status, 'finished', outcome.o.reason);
  const offered = (orchestrator.calls[0]!.request.tools as { name: string }[]).map((t) => t.name);
  assert.ok(offered.includes('kao__route') && !offered.includes('kao__lint'), `only the granted tool of the server: ${offered.join(', ')}`);
  const decisions = outcome.audit.flatMap((e) => (e.event.type === 'decision' ? [[e.event.action.tool, e.event.decision, e.event.rule]] : []));
  assert.deepEqual(decisions, [['kao/route', 'deny', 'egress-metadata'], ['kao/route', 'allow', 'tool-allowed']], 'a URL in an MCP call\'s arguments is egress');
  const told = JSON.stringify(orchestrator.calls[2]!.request.input);
  assert.match(told, /schema/, 'the server\'s answer (a task packet with its gates) reached the model');
  const notice = events.find((e) => e.type === 'notice');
  assert.match(notice?.type === 'notice' ? notice.message : '', /MCP server docs is not used: \.vscode\/mcp\.json: server "docs" needs \$\{input:docs-token\}/);
});

test('the playbook\'s stop condition holds in a run: the same command failing three times with the same error pauses the fourth, with no PO request', async () => {
  const root = sampleRepo();
  writeFiles(root, { 'fail.sh': 'echo "panic: nil map" >&2; exit 1\n' });
  const playbook = await loadPlaybook(root);
  const implementer = new ScriptedModel([
    ...Array.from({ length: 4 }, (_, i) => [functionCall('execute', { command: 'sh fail.sh' }, { callId: `e${i}` })]),
    [assistantMessage('It still panics; here is the repro.')],
  ]);
  const roles = models({ orchestrator: new ScriptedModel([[delegate('o1')], [assistantMessage('Escalated.')]]), 'backend-implementer': implementer });
  const paused = await withStore(root, (store) => startRun({ playbook, store, models: roles }, TASK, 'run-s1'));
  assert.equal(paused.status, 'paused');
  assert.match(paused.reason ?? '', /"sh fail\.sh" failed three times with the same error; stop and escalate with a small repro \[stop-same-error-three-times\]/);
  assert.deepEqual(paused.waitingFor, []);
  // Resuming does not walk past it on its own; the person resuming can, and it is on the chain as theirs.
  await withStore(root, async (store) => {
    await assert.rejects(resumeRun({ playbook, store, models: roles }, 'run-s1'), /run run-s1 stopped: "sh fail\.sh" failed three times.*\[stop-same-error-three-times\]/);
  });
  const done = await withStore(root, async (store) => {
    const o = await resumeRun({ playbook, store, models: roles, overrideStop: true }, 'run-s1');
    return { o, audit: await store.readAudit({ runId: 'run-s1' }) };
  });
  assert.equal(done.o.status, 'finished');
  assert.ok(done.audit.some((e) => e.event.type === 'decision' && e.event.rule === 'stop-overridden' && e.event.source === 'kao run --override-stop'));
  implementer.assertComplete();
});

test('a run being worked on by a live process is not resumed by a second one; once it lets go, it is', async () => {
  const root = sampleRepo();
  const playbook = await loadPlaybook(root);
  const script = () => models({
    orchestrator: new ScriptedModel([[delegate('o1')], [assistantMessage('done')]]),
    'backend-implementer': new ScriptedModel([[functionCall('edit', { path: 'backend/migrations/0002.sql', content: 'SELECT 1;\n' }, { callId: 'i1' })], [assistantMessage('ok')]]),
  });
  await withStore(root, (store) => startRun({ playbook, store, models: script() }, TASK, 'run-l1'));
  const { lockRun } = await import('../src/runtime/run-lock.ts');
  const unlock = lockRun(root, 'run-l1');
  await withStore(root, async (store) => {
    await assert.rejects(resumeRun({ playbook, store, models: script() }, 'run-l1'), new RegExp(`run run-l1 is being worked on by process ${process.pid}`));
  });
  unlock();
  // Let go: the next resume gets as far as the PO's answer it waits for.
  await withStore(root, async (store) => {
    await assert.rejects(resumeRun({ playbook, store, models: script() }, 'run-l1'), /still waits for the PO/);
  });
});

test('with OTEL_EXPORTER_OTLP_ENDPOINT set, a run is traced with the GenAI conventions: the agent, each model call with its tokens, each tool call with kao\'s decision', async () => {
  const received: any[] = [];
  const collector = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    received.push({ url: req.url, type: req.headers['content-type'], body: JSON.parse(raw) });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  try {
    const root = sampleRepo();
    const playbook = await loadPlaybook(root);
    const orchestrator = new ScriptedModel([[functionCall('read', { path: 'test.sh' }, { callId: 'o1' })], [assistantMessage('It echoes ok.')]]);
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}` };
    const outcome = await withStore(root, (store) => startRun({ playbook, store, env, models: () => ({ model: orchestrator, provider: 'openai', name: 'gpt-4.1', label: 'x' }) }, 'What does test.sh do?', 'run-o1'));
    assert.equal(outcome.status, 'finished');
    assert.equal(received[0]?.url, '/v1/traces');
    const spans = received.flatMap((r) => r.body.resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans)));
    const attrs = (span: any) => Object.fromEntries(span.attributes.map((a: any) => [a.key, a.value.stringValue ?? Number(a.value.intValue)]));
    const byName = (name: string) => spans.filter((s: any) => s.name === name);
    const root_ = byName('invoke_agent orchestrator')[0];
    assert.deepEqual([attrs(root_)['gen_ai.operation.name'], attrs(root_)['gen_ai.conversation.id'], attrs(root_)['kao.run.status']], ['invoke_agent', 'run-o1', 'finished']);
    const chats = byName('chat gpt-4.1');
    assert.equal(chats.length, 2);
    assert.deepEqual([attrs(chats[0])['gen_ai.provider.name'], attrs(chats[0])['gen_ai.agent.name'], chats[0].parentSpanId], ['openai', 'orchestrator', root_.spanId]);
    const tool = attrs(byName('execute_tool read')[0]);
    assert.deepEqual([tool['gen_ai.tool.name'], tool['kao.decision'], tool['kao.action']], ['read', 'allow', 'read test.sh']);
    assert.ok(tool['kao.output_bytes'] > 0);
  } finally {
    await new Promise<void>((r) => collector.close(() => r()));
  }
});

test('a priced model counts the run\'s cost, and a cost limit pauses the run before the next call', async () => {
  const root = sampleRepo();
  const playbook = await loadPlaybook(root);
  const implementer = new ScriptedModel([
    [functionCall('read', { path: 'test.sh' }, { callId: 'i1' })],
    [functionCall('read', { path: 'test.sh' }, { callId: 'i2' })],
  ]);
  const counted = (m: ScriptedModel): Model => ({
    getResponse: async (r) => ({ ...(await m.getResponse(r)), usage: { inputTokens: 5000, outputTokens: 1000, totalTokens: 6000, requests: 1 } as never }),
    getStreamedResponse: (r) => m.getStreamedResponse(r),
  });
  // $2 in and $8 out per million tokens: each call costs $0.018.
  const price = { input: 2, output: 8 };
  const orchestrator = new ScriptedModel([[delegate('o1')]]);
  const roles = (role: string) => ({ model: counted(role === 'orchestrator' ? orchestrator : implementer), provider: 'openai', name: 'gpt-4.1', label: 'x', price });
  const paused = await withStore(root, (store) => startRun({ playbook, store, models: roles, limits: { ...DEFAULT_LIMITS, maxCostUsd: 0.05 } }, TASK, 'run-c1'));
  assert.equal(paused.status, 'paused');
  assert.match(paused.reason ?? '', /the run cost \$0\.0540, its limit is \$0\.0500 \(--max-cost\)/);
  assert.equal(paused.usage.costUsd?.toFixed(3), '0.054');
});

test('a delegated role that reaches its turn limit pauses the run with a recovery packet; resumed with a higher limit, it goes on', async () => {
  const root = sampleRepo();
  const playbook = await loadPlaybook(root);
  const script = () => models({
    orchestrator: new ScriptedModel([[delegate('o1')], [assistantMessage('Done.')]]),
    'backend-implementer': new ScriptedModel([
      [functionCall('read', { path: 'test.sh' }, { callId: 'i1' })],
      [functionCall('read', { path: 'backend/internal/stock/handler.go' }, { callId: 'i2' })],
      [assistantMessage('Read both.')],
    ]),
  });
  const roles = script();
  const paused = await withStore(root, (store) => startRun({ playbook, store, models: roles, limits: { ...DEFAULT_LIMITS, maxRoleTurns: 2 } }, TASK, 'run-r1'));
  assert.equal(paused.status, 'paused');
  assert.match(paused.reason ?? '', /backend-implementer took 2 turns, the limit per role is 2 \(--max-role-turns\)/);
  const done = await withStore(root, (store) => resumeRun({ playbook, store, models: roles, limits: { ...DEFAULT_LIMITS, maxRoleTurns: 5 } }, 'run-r1'));
  assert.equal(done.status, 'finished', done.reason);
});

test('a plain ask (a command kao cannot model) has nobody at the keyboard in a run: it becomes a request for the PO\'s scope decision, and the signed answer lets it run', async () => {
  const root = sampleRepo();
  const playbook = await loadPlaybook(root);
  const roles = models({
    orchestrator: new ScriptedModel([[delegate('o1')], [assistantMessage('Done.')]]),
    'backend-implementer': new ScriptedModel([[functionCall('execute', { command: 'frobnicate --all' }, { callId: 'i1' })], [assistantMessage('Ran it.')]]),
  });
  const paused = await withStore(root, (store) => startRun({ playbook, store, models: roles }, TASK, 'run-q1'));
  assert.equal(paused.status, 'paused');
  assert.deepEqual(paused.waitingFor.map((w) => [w.gate, w.action]), [['scope', 'execute frobnicate --all']]);
  assert.match(paused.reason ?? '', /waiting for the PO's scope decision on execute frobnicate --all/);
  const approved = kao(['approve', paused.waitingFor[0]!.requestId, '--key', PO.key, '--dir', root], root);
  assert.equal(approved.status, 0, approved.stderr);
  const done = await withStore(root, async (store) => {
    const o = await resumeRun({ playbook: await loadPlaybook(root), store, models: roles }, 'run-q1');
    return { o, audit: await store.readAudit({ runId: 'run-q1' }) };
  });
  assert.equal(done.o.status, 'finished', done.o.reason);
  const ran = done.audit.find((e) => e.event.type === 'state-changed' && e.event.what === 'tool-result')?.event;
  assert.equal(ran?.type === 'state-changed' && ((ran.to as { outcome: { exitCode: number } }).outcome.exitCode), 127, 'it ran (and bash had no such command)');
});
