// `kao run` end to end (issue 14), as a user runs it: separate processes, a local HTTP server speaking
// OpenAI's Chat Completions (as Ollama and vLLM do) with scripted replies, a real git repository and
// store. The OS's first worked example: the Orchestrator delegates to the Backend Implementer, which
// edits, runs the tests and writes a migration; the migration asks the PO and the process exits; the PO
// approves with their key; a new process resumes and finishes; the audit log verifies.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, kaoAsync, poKey, productOwnersYaml, tempDir, writeFiles } from './helpers.ts';

type Reply = { tool: string; args: Record<string, unknown> } | { text: string };

/**
 * A Chat Completions server with one script per agent: a request that offers the delegate tools is the
 * Orchestrator's, any other the implementer's. Replies carry usage, as real servers' do.
 */
async function chatServer(scripts: { orchestrator: Reply[]; implementer: Reply[] }) {
  const seen: { agent: string; body: any }[] = [];
  let n = 0;
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw || '{}');
    const agent = (body.tools ?? []).some((t: any) => String(t.function?.name).startsWith('delegate_to_')) ? 'orchestrator' : 'implementer';
    seen.push({ agent, body });
    const reply = scripts[agent as 'orchestrator' | 'implementer'].shift();
    if (req.url !== '/v1/chat/completions' || !reply) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no scripted reply for ${agent}` } }));
      return;
    }
    const message = 'tool' in reply
      ? { role: 'assistant', content: null, tool_calls: [{ id: `call_${++n}`, type: 'function', function: { name: reply.tool, arguments: JSON.stringify(reply.args) } }] }
      : { role: 'assistant', content: reply.text };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      id: `chatcmpl-${n}`, object: 'chat.completion', created: 1, model: body.model,
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
      choices: [{ index: 0, finish_reason: 'tool' in reply ? 'tool_calls' : 'stop', message }],
    }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('kao run plays the first worked example across processes: delegate, edit, test, ask the PO, exit; approve; resume in a new process, finish; the audit verifies', async () => {
  const PO = poKey('po@example.com');
  const root = tempDir('kao-run-e2e-');
  writeFiles(root, {
    'backend/internal/stock/handler.go': 'package stock\n',
    'backend/migrations/0001_init.sql': 'CREATE TABLE products (id bigint primary key);\n',
    'test.sh': 'echo "ok 3 tests"\n',
    '.github/agent-os/product-owners.yaml': productOwnersYaml([{ id: 'po@example.com', pub: PO.pub }]),
    '.github/agent-os/models.yaml': 'prices:\n  qwen2.5-coder: { input: 1, output: 2 }\n',
  });
  const server = await chatServer({
    orchestrator: [
      { tool: 'delegate_to_backend_implementer', args: { objective: 'Add GET /api/stock/low and its tests', acceptanceCriteria: ['lists products under their threshold'], validation: ['sh test.sh'] } },
      { text: 'Report: the low-stock endpoint and its migration are in; tests pass.' },
    ],
    implementer: [
      { tool: 'edit', args: { path: 'backend/internal/stock/handler.go', content: 'package stock\n\nfunc Low() {}\n' } },
      { tool: 'execute', args: { command: 'sh test.sh' } },
      { tool: 'edit', args: { path: 'backend/migrations/0002_low_stock.sql', content: 'ALTER TABLE products ADD COLUMN low_stock int;\n' } },
      { text: 'Endpoint, tests and migration done.' },
    ],
  });
  const env = { OPENAI_BASE_URL: server.url, KAO_MODEL: 'qwen2.5-coder' };
  try {
    const first = await kaoAsync(['run', 'Add a low-stock widget to the dashboard and a backend endpoint for it', '--id', 'run-w1'], root, env);
    assert.equal(first.status, 1, first.stderr);
    assert.match(first.stdout, /^kao run run-w1: Add a low-stock widget/m);
    assert.match(first.stdout, /backend-implementer \(implementation\): openai-compatible qwen2\.5-coder at http:\/\/127\.0\.0\.1:\d+\/v1 \(chat completions\)/);
    assert.match(first.stdout, /orchestrator → backend-implementer: Add GET \/api\/stock\/low and its tests/);
    assert.match(first.stdout, /backend-implementer: execute sh test\.sh → allow/);
    const id = /edit backend\/migrations\/0002_low_stock\.sql → ask the PO \(schema\), request ([0-9a-f]{8})/.exec(first.stdout)?.[1];
    assert.ok(id, first.stdout);
    assert.match(first.stdout, /^paused: waiting for the PO's schema decision/m);
    assert.match(first.stdout, new RegExp(`next: the PO answers ${id}, then \`kao run --resume run-w1\``));
    assert.ok(!existsSync(join(root, 'backend/migrations/0002_low_stock.sql')));
    // The implementer's instructions are its role file's; its tools are the policy's.
    const implementerCall = server.seen.find((s) => s.agent === 'implementer')!.body;
    assert.match(implementerCall.messages[0].content, /# Backend Implementer/);
    assert.deepEqual(implementerCall.tools.map((t: any) => t.function.name).sort(), ['edit', 'execute', 'read', 'search']);
    assert.match(implementerCall.messages[1].content, /<!-- kao:packet delegation v1 -->/, 'the implementer receives the delegation packet');

    const waiting = await kaoAsync(['run', '--resume', 'run-w1'], root, env);
    assert.equal(waiting.status, 2);
    assert.match(waiting.stderr, new RegExp(`run run-w1 still waits for the PO: ${id} \\(schema\\)`));

    const approve = await kaoAsync(['approve', id!, '--key', PO.key], root);
    assert.equal(approve.status, 0, approve.stderr);
    const second = await kaoAsync(['run', '--resume', 'run-w1'], root, env);
    assert.equal(second.status, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /approved by the PO: edit backend\/migrations\/0002_low_stock\.sql/);
    assert.match(second.stdout, /^finished \(600 in \/ 120 out tokens, 6 model calls, \$0\.0008\)/m, 'the cost at the models file\'s price');
    assert.match(second.stdout, /Report: the low-stock endpoint and its migration are in; tests pass\./);
    assert.match(second.stdout, /backend-implementer hands off: 2 files changed, 1 command run \(1 passed\); next: review/);
    assert.match(second.stdout, /^report: 2 files changed, 1 command run \(1 passed\); next: review \(the packet: `kao run show run-w1`\)/m);
    // The Orchestrator is told the hand-off as a packet.
    assert.match(JSON.stringify(server.seen.at(-1)!.body.messages), /kao:packet phase-handoff v1/);
    assert.equal(readFileSync(join(root, 'backend/migrations/0002_low_stock.sql'), 'utf8'), 'ALTER TABLE products ADD COLUMN low_stock int;\n');
    assert.equal(readFileSync(join(root, 'backend/internal/stock/handler.go'), 'utf8'), 'package stock\n\nfunc Low() {}\n');

    const verify = await kaoAsync(['audit', 'verify'], root);
    assert.equal(verify.status, 0, verify.stdout);
    const runs = await kaoAsync(['runs'], root);
    assert.match(runs.stdout, /^run-w1\s+finished\s+\S+ \S+\s+720\s+Add a low-stock widget/m);
    const show = await kaoAsync(['run', 'show', 'run-w1'], root);
    assert.equal(show.status, 0, show.stderr);
    for (const line of [
      /run-w1: finished/, /routed: owner orchestrator/, /orchestrator → backend-implementer/, /backend-implementer: execute sh test\.sh done \(exit code 0\)/,
      /asks the PO \(schema\) about edit backend\/migrations\/0002_low_stock\.sql/, /the PO \(po@example\.com\) approved request/, /run paused: waiting/, /run finished/,
      /backend-implementer: model qwen2\.5-coder \(openai-compatible\), 100 in \/ 20 out tokens/,
      /backend-implementer handed off: 2 files changed/, /<!-- kao:packet phase-handoff v1 -->/,
    ]) assert.match(show.stdout, line);
    const json = await kaoAsync(['run', 'show', 'run-w1', '--json'], root);
    assert.equal(JSON.parse(json.stdout).run.status, 'finished');
  } finally {
    await server.close();
  }
});

test('kao run with no provider, an unknown run, a provider that never answers or answers garbage, or JSON lines: clear messages and exit codes', async () => {
  const root = tempDir('kao-run-bad-');
  writeFiles(root, { 'README.md': '# x\n' });
  const none = await kaoAsync(['run', 'Fix the typo in the README'], root, { OPENAI_BASE_URL: '', KAO_MODEL: '', ANTHROPIC_API_KEY: '' });
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no model provider is configured/);
  const unknown = await kaoAsync(['run', '--resume', 'run-nope'], root, { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', KAO_MODEL: 'm' });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /no run run-nope in this repository's store/);
  writeFiles(root, { 'brief.bin': '\0\x01binary' });
  const binary = await kaoAsync(['run', '--file', 'brief.bin'], root, { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', KAO_MODEL: 'm' });
  assert.equal(binary.status, 2);
  assert.match(binary.stderr, /brief\.bin is not a text file/);
  const badCost = await kaoAsync(['run', 'x', '--max-cost', 'ten'], root);
  assert.equal(badCost.status, 2);
  assert.match(badCost.stderr, /--max-cost must be an amount of US dollars such as 0\.50, not "ten"/);
  const both = await kaoAsync(['run', 'x', '--resume', 'run-nope'], root);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /give a task or --resume ID, not both/);
  writeFiles(root, { '.github/agent-os/models.yaml': 'roles:\n  orchestrator: [gpt]\n' });
  const badModels = await kaoAsync(['run', 'x'], root, { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', KAO_MODEL: 'm' });
  assert.equal(badModels.status, 2);
  assert.match(badModels.stderr, /\.github\/agent-os\/models\.yaml:2:17: roles\.orchestrator:/);
  writeFiles(root, { '.github/agent-os/models.yaml': 'default: m\n' });

  // A server that never answers: each request is given up after KAO_MODEL_TIMEOUT seconds (and retried twice).
  const silent = createServer(() => { /* never answers */ });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/v1`;
    const started = Date.now();
    const r = await kaoAsync(['run', 'Fix the typo in the README', '--id', 'run-t1'], root, { OPENAI_BASE_URL: url, KAO_MODEL: '', KAO_MODEL_TIMEOUT: '0.3' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^failed: the model provider did not answer in time/m);
    assert.ok(Date.now() - started < 30_000, 'given up, not hanging');
    const bad = await kaoAsync(['run', 'x'], root, { OPENAI_BASE_URL: url, KAO_MODEL_TIMEOUT: 'soon' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /KAO_MODEL_TIMEOUT=soon is not a number of seconds/);
  } finally {
    silent.closeAllConnections();
    await new Promise<void>((r) => silent.close(() => r()));
  }

  // A server that answers garbage: the run stops with the reason, and JSON lines say so.
  const garbage = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"not":"a completion"'));
  await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}/v1`;
    const r = await kaoAsync(['run', 'Fix the typo in the README', '--json', '--id', 'run-g1'], root, { OPENAI_BASE_URL: url, KAO_MODEL: '' });
    assert.equal(r.status, 1, r.stderr);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(events[0].type, 'started');
    assert.equal(events[0].roles[0].model, `openai-compatible m at ${url} (chat completions)`, 'the models file names the model');
    assert.deepEqual([events.at(-1).type, events.at(-1).status], ['ended', 'failed']);
    assert.ok(events.at(-1).reason.length > 0);
    const runs = await kaoAsync(['runs', '--json'], root);
    assert.equal(JSON.parse(runs.stdout).runs[0].status, 'failed');
  } finally {
    await new Promise<void>((r) => garbage.close(() => r()));
  }
});

test('a run killed mid-way resumes from its last finished turn in a new process', async () => {
  const root = tempDir('kao-run-crash-');
  writeFiles(root, { 'README.md': '# shop\n', 'docs/notes.md': 'Orders ship in 2 days.\n' });
  let orchestratorCalls = 0;
  let child: ReturnType<typeof spawn> | undefined;
  const server = createServer(async (req, res) => {
    for await (const _ of req) { /* drain */ }
    orchestratorCalls++;
    if (orchestratorCalls === 2) {
      // The second turn's model call: the process dies while waiting for it.
      child?.kill('SIGKILL');
      res.destroy();
      return;
    }
    const message = orchestratorCalls === 1
      ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read', arguments: '{"path":"docs/notes.md"}' } }] }
      : { role: 'assistant', content: 'Orders ship in 2 days (docs/notes.md).' };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      id: `c${orchestratorCalls}`, object: 'chat.completion', created: 1, model: 'm', usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      choices: [{ index: 0, finish_reason: orchestratorCalls === 1 ? 'tool_calls' : 'stop', message }],
    }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const env = { ...process.env, NO_COLOR: '1', OPENAI_API_KEY: '', OPENAI_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, KAO_MODEL: 'm' };
  try {
    const killed = await new Promise<number | null>((done) => {
      child = spawn(process.execPath, [BIN, 'run', 'Where do the docs say how long shipping takes?', '--id', 'run-k1'], { cwd: root, env, stdio: 'ignore' });
      child.on('close', (_code, signal) => done(signal === 'SIGKILL' ? null : 0));
    });
    assert.equal(killed, null, 'the first process was killed');
    const runs = await kaoAsync(['runs', '--json'], root);
    assert.equal(JSON.parse(runs.stdout).runs[0].status, 'running', 'it died running');
    const resumed = await kaoAsync(['run', '--resume', 'run-k1'], root, { OPENAI_BASE_URL: env.OPENAI_BASE_URL, KAO_MODEL: 'm' });
    assert.equal(resumed.status, 0, resumed.stdout + resumed.stderr);
    assert.match(resumed.stdout, /Orders ship in 2 days \(docs\/notes\.md\)\./);
    assert.equal(orchestratorCalls, 3, 'the finished first turn was not run again');
    const verify = await kaoAsync(['audit', 'verify'], root);
    assert.equal(verify.status, 0, verify.stdout);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('kao run on Anthropic: ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL, as Anthropic\'s clients read them, reach a Messages server', async () => {
  const root = tempDir('kao-run-anthropic-');
  writeFiles(root, { 'README.md': '# shop\n' });
  const seen: any[] = [];
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    seen.push({ url: req.url, key: req.headers['x-api-key'], body: JSON.parse(raw) });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', stop_reason: 'end_turn', stop_sequence: null,
      usage: { input_tokens: 40, output_tokens: 8 }, content: [{ type: 'text', text: 'The README has no typo.' }],
    }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const r = await kaoAsync(['run', 'Fix the typo in the README', '--json'], root, { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: base, OPENAI_BASE_URL: '', KAO_MODEL: '' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(events[0].roles[0].model, `anthropic claude-sonnet-4-5 at ${base} (messages)`);
    assert.deepEqual([events.at(-1).status, events.at(-1).output], ['finished', 'The README has no typo.']);
    assert.deepEqual([seen[0].url, seen[0].key, seen[0].body.model], ['/v1/messages', 'sk-ant-test', 'claude-sonnet-4-5']);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
