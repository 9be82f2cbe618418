// The runtime's tools (issue 14): an agent of the OpenAI Agents SDK, driven by the SDK's
// own ScriptedModel, calls read/edit/search/execute on a real workspace; every call goes through the
// policy engine. A denial reaches the model as text, an `ask` pauses the run as an interruption whose
// state survives serialisation (a new process would resume from it), and the approved call then runs.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { Agent, RunState, run, setTracingDisabled } from '@openai/agents';
import { assistantMessage, functionCall, ScriptedModel } from '@openai/agents/testing';
import { grantedTools } from '../src/artifacts/tools.ts';
import { loadPlaybook } from '../src/playbook/load.ts';
import { policyContext } from '../src/policy/context.ts';
import { createPolicy } from '../src/policy/decide.ts';
import { workspaceFs } from '../src/policy/fs-view.ts';
import { policyTools } from '../src/runtime/policy-tools.ts';
import { roleAgent } from '../src/runtime/role-agents.ts';
import { openRun, playbookVersion, sealRun } from '../src/runtime/run-envelope.ts';
import { executeCommand, scrubbedEnv } from '../src/runtime/workspace-ops.ts';
import { SEED, tempDir, writeFiles } from './helpers.ts';

setTracingDisabled(true);

test('an agent\'s tool calls are decided by the policy: allow runs, deny tells the model why, ask pauses the run durably until approved', async () => {
  const root = tempDir('kao-runtime-');
  writeFiles(root, {
    'backend/internal/orders/service.go': 'package orders\n\nfunc List() []string { return nil }\n',
    'backend/migrations/0001_init.sql': 'CREATE TABLE orders (id bigint primary key);\n',
    '.git/config': '[core]\n',
  });
  const playbook = await loadPlaybook(root);
  const role = playbook.roles.get('backend-implementer')!.spec;
  const decisions: string[] = [];
  const tools = policyTools({
    root, granted: grantedTools(role.tools),
    policy: createPolicy(policyContext(playbook, 'backend-implementer', 'implementation', workspaceFs(root))),
    onDecision: (action, d) => void decisions.push(`${action.tool} ${'path' in action ? action.path : 'command' in action ? action.command : ''}: ${d.decision}`),
  });
  assert.deepEqual(tools.map((t) => t.name).sort(), ['edit', 'execute', 'read', 'search']);
  const model = new ScriptedModel([
    [functionCall('edit', { path: '.git/config', content: '[core]\n\thooksPath = /tmp/evil\n' }, { callId: 'c1' })],
    [functionCall('read', { path: 'backend/internal/orders/service.go' }, { callId: 'c2' })],
    [functionCall('search', { query: 'func List' }, { callId: 'c3' })],
    [functionCall('edit', { path: 'backend/migrations/0002_note.sql', content: 'ALTER TABLE orders ADD COLUMN note text;\n' }, { callId: 'c4' })],
    [assistantMessage('The migration is written.')],
  ]);
  const agent = new Agent({ name: 'backend-implementer', instructions: 'Implement the task.', tools, model });
  const first = await run(agent, 'Add a note column to orders');
  assert.equal(first.interruptions.length, 1, 'the migration waits for the PO');
  assert.equal(first.interruptions[0]!.rawItem.type === 'function_call' && first.interruptions[0]!.rawItem.name, 'edit');
  assert.ok(!existsSync(join(root, 'backend/migrations/0002_note.sql')), 'nothing is written before the approval');
  const outputs = first.newItems.filter((i) => i.type === 'tool_call_output_item').map((i) => String((i as { output: unknown }).output));
  assert.match(outputs[0]!, /^denied by secret-file \(kao\): \.git\/config holds secrets/);
  assert.match(outputs[1]!, /func List\(\) \[\]string/);
  assert.match(outputs[2]!, /backend\/internal\/orders\/service\.go:3: func List/);
  assert.equal(readFileSync(join(root, '.git/config'), 'utf8'), '[core]\n');

  // The run's state as text (what the store will keep), read back as a new process would, approved, resumed.
  const saved = first.state.toString();
  const state = await RunState.fromString(agent, saved);
  for (const i of state.getInterruptions()) state.approve(i);
  const resumed = await run(agent, state);
  assert.equal(resumed.finalOutput, 'The migration is written.');
  assert.equal(readFileSync(join(root, 'backend/migrations/0002_note.sql'), 'utf8'), 'ALTER TABLE orders ADD COLUMN note text;\n');
  assert.deepEqual(decisions, [
    'edit .git/config: deny',
    'read backend/internal/orders/service.go: allow',
    'search : allow',
    'edit backend/migrations/0002_note.sql: ask',
  ]);
  model.assertComplete();
});

test('a command runs in the workspace with a time limit, an output cap and no secrets in its environment', async () => {
  const root = tempDir('kao-runtime-exec-');
  process.env.KAO_TEST_API_TOKEN = 'sk-test-should-not-leak';
  try {
    assert.equal(scrubbedEnv().KAO_TEST_API_TOKEN, undefined);
    const env = await executeCommand(root, 'echo "[${KAO_TEST_API_TOKEN:-none}]" && pwd', { timeoutMs: 10_000, outputBytes: 4096 });
    assert.match(env, /^\[none\]\n/);
    assert.ok(env.includes(root), env);
    assert.match(env, /exit code 0$/);
  } finally {
    delete process.env.KAO_TEST_API_TOKEN;
  }
  const slow = await executeCommand(root, 'sleep 30', { timeoutMs: 300, outputBytes: 4096 });
  assert.match(slow, /killed after 0\.3 s$/);
  const loud = await executeCommand(root, 'head -c 100000 /dev/zero | tr "\\0" x', { timeoutMs: 10_000, outputBytes: 1000 });
  assert.match(loud, /^x{1000}\n… \(99000 more bytes of output left out\)\nexit code 0$/);
});

test('a role of the playbook becomes an agent: the seed\'s own text and the standing instructions, its tools, its rules cited when a call is denied', async () => {
  const root = tempDir('kao-runtime-role-');
  writeFiles(root, {
    '.github/agents/backend-lead.agent.md': readFileSync(SEED, 'utf8'),
    '.github/copilot-instructions.md': 'Money is shown in plain words.\n',
    '.github/instructions/go.instructions.md': '---\napplyTo: "**/*.go"\n---\nUse gofmt.\n',
    'AGENTS.md': '# Agents\n\nRun `make test` before you hand over.\n',
    'backend/internal/orders/service.go': 'package orders\n',
  });
  const playbook = await loadPlaybook(root);
  const model = new ScriptedModel([
    [functionCall('edit', { path: 'backend/internal/orders/service.go', content: 'package orders\n// x\n' }, { callId: 'c1' })],
    [assistantMessage('I will delegate the code.')],
  ]);
  const agent = roleAgent({ playbook, roleId: 'backend-lead', lane: 'planning', model });
  const instructions = String(agent.instructions);
  assert.match(instructions, /^# Backend Lead/m, 'the role file\'s own body');
  assert.match(instructions, /Standing instructions \(\.github\/copilot-instructions\.md\)\n\nMoney is shown in plain words\./);
  assert.match(instructions, /Standing instructions \(AGENTS\.md\)/);
  assert.doesNotMatch(instructions, /Use gofmt/, 'instructions for some files only are not standing instructions');
  assert.deepEqual(agent.tools.map((t) => t.name).sort(), ['edit', 'execute', 'read', 'search', 'web'], 'the seed grants web too');
  const result = await run(agent, 'Plan the low-stock endpoint');
  const denial = result.newItems.filter((i) => i.type === 'tool_call_output_item').map((i) => String((i as { output: unknown }).output))[0]!;
  assert.match(denial, /^denied by no-production-code-while-planning \(\.github\/agents\/backend-lead\.agent\.md:\d+\)/);
  assert.equal(readFileSync(join(root, 'backend/internal/orders/service.go'), 'utf8'), 'package orders\n');
  assert.throws(() => roleAgent({ playbook, roleId: 'nobody', lane: 'planning', model }), /no role `nobody`/);
});

test('a paused run is sealed with its playbook version: it reopens as it was, and a changed playbook or an edited state fails closed with the reason', async () => {
  const root = tempDir('kao-runtime-seal-');
  writeFiles(root, { '.github/agents/backend-lead.agent.md': readFileSync(SEED, 'utf8') });
  const before = await loadPlaybook(root);
  const model = new ScriptedModel([[functionCall('edit', { path: 'db/migrations/0001.sql', content: 'CREATE TABLE t (id int);\n' }, { callId: 'c1' })]]);
  const agent = roleAgent({ playbook: before, roleId: 'backend-implementer', lane: 'implementation', model });
  const paused = await run(agent, 'Create the table');
  assert.equal(paused.interruptions.length, 1);
  const sealed = JSON.parse(JSON.stringify(sealRun(paused.state.toString(), playbookVersion(before))));
  // Read back as a new process would: the same playbook opens it, and the SDK restores the interruption.
  const reopened = await RunState.fromString(agent, openRun(sealed, playbookVersion(await loadPlaybook(root))));
  assert.equal(reopened.getInterruptions().length, 1);

  const edited = { ...sealed, state: sealed.state.replace('0001.sql', '0001.sql; rm -rf /') };
  assert.throws(() => openRun(edited, playbookVersion(before)), /run state does not match its hash/);
  writeFiles(root, { '.github/agents/backend-lead.agent.md': readFileSync(SEED, 'utf8').replace('## Forbidden Actions', '## Forbidden Actions\n\n- Never touch billing code.') });
  const after = await loadPlaybook(root);
  assert.notEqual(playbookVersion(after), playbookVersion(before));
  assert.throws(() => openRun(sealed, playbookVersion(after)), /the playbook changed since this run paused/);
  assert.throws(() => openRun({ format: 9 }, playbookVersion(after)), /not a run state this kao can read/);
});

test('the web tool fetches under the egress rules: loopback is fetched, a metadata address is denied, an unknown host asks, a redirect is not followed', async () => {
  const server = createServer((req, res) => {
    if (req.url === '/moved') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    else if (req.url === '/logo.png') res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(10));
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('Orders ship in 2 days.');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const root = tempDir('kao-runtime-web-');
    writeFiles(root, { '.github/agents/backend-lead.agent.md': readFileSync(SEED, 'utf8') });
    const playbook = await loadPlaybook(root);
    // The seed's Backend Lead is granted web; the built-in implementer is not.
    const tools = policyTools({ root, granted: new Set(['web']), policy: createPolicy(policyContext(playbook, 'backend-lead', 'planning', workspaceFs(root))) });
    const model = new ScriptedModel([
      [functionCall('web', { url: `${base}/shipping` }, { callId: 'w1' })],
      [functionCall('web', { url: `${base}/moved` }, { callId: 'w2' })],
      [functionCall('web', { url: `${base}/logo.png` }, { callId: 'w3' })],
      [functionCall('web', { url: 'http://169.254.169.254/latest/meta-data/' }, { callId: 'w4' })],
      [functionCall('web', { url: 'https://example.org/docs' }, { callId: 'w5' })],
    ]);
    const result = await run(new Agent({ name: 'backend-lead', instructions: 'x', tools, model }), 'How long does shipping take?');
    const outputs = result.newItems.filter((i) => i.type === 'tool_call_output_item').map((i) => String((i as { output: unknown }).output));
    assert.equal(outputs[0], 'HTTP 200\nOrders ship in 2 days.');
    assert.equal(outputs[1], 'HTTP 302: redirected to http://169.254.169.254/latest/meta-data/; fetch that URL to follow it');
    assert.equal(outputs[2], 'HTTP 200: image/png is not text; not read');
    assert.match(outputs[3]!, /^denied by egress-metadata \(kao\): 169\.254\.169\.254 is a cloud metadata/);
    assert.equal(result.interruptions.length, 1, 'a host the playbook does not allow waits for someone to approve it');
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('reading or writing a file brings the instruction files and the nearest AGENTS.md that apply to it, once each, as an editor attaches them', async () => {
  const root = tempDir('kao-runtime-ctx-');
  writeFiles(root, {
    '.github/instructions/go.instructions.md': '---\napplyTo: "**/*.go"\n---\nUse gofmt; wrap errors with %w.\n',
    '.github/instructions/sql.instructions.md': '---\napplyTo: "**/*.sql"\n---\nMigrations are forward-only.\n',
    'AGENTS.md': '# Agents\n\nRun make test.\n',
    'backend/AGENTS.md': '# Backend\n\nHandlers stay thin.\n',
    'backend/internal/orders/service.go': 'package orders\n',
    'backend/internal/orders/repo.go': 'package orders\n',
  });
  const playbook = await loadPlaybook(root);
  const model = new ScriptedModel([
    [functionCall('read', { path: 'backend/internal/orders/service.go' }, { callId: 'c1' })],
    [functionCall('read', { path: 'backend/internal/orders/repo.go' }, { callId: 'c2' })],
    [assistantMessage('Read.')],
  ]);
  const agent = roleAgent({ playbook, roleId: 'backend-implementer', lane: 'implementation', model });
  assert.match(String(agent.instructions), /Standing instructions \(AGENTS\.md\)/);
  const result = await run(agent, 'Read the orders code');
  const [first, second] = result.newItems.filter((i) => i.type === 'tool_call_output_item').map((i) => String((i as { output: unknown }).output));
  assert.match(first!, /^package orders\n+## Instructions for backend\/internal\/orders\/service\.go \(\.github\/instructions\/go\.instructions\.md\)\n\nUse gofmt; wrap errors with %w\./);
  assert.match(first!, /\(backend\/AGENTS\.md\)\n\n# Backend\n\nHandlers stay thin\./, 'the nearest AGENTS.md');
  assert.doesNotMatch(first!, /Migrations are forward-only|Run make test/, 'not instructions for other files, nor the standing ones again');
  assert.equal(second, 'package orders\n', 'given once');
});
