// `kao mcp` answers the MCP SDK's own client in another process, over stdio and over Streamable HTTP
// on 127.0.0.1: tools with schemas, real results on a real repository, audited dry runs, approval
// requests (and no tool that answers one), resources, and errors as MCP tool errors, never a stack.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { BIN, SEED, tempDir, writeFiles } from './helpers.ts';

function repository(): string {
  const root = tempDir('kao-mcp-');
  const git = (...a: string[]) => execFileSync('git', ['-c', 'user.email=d@example.com', '-c', 'user.name=D', ...a], { cwd: root });
  git('init', '-q', '-b', 'main');
  writeFiles(root, { 'src/app.ts': 'export const app = 1;\n', '.env': 'TOKEN=x\n' });
  mkdirSync(join(root, '.github', 'agents'), { recursive: true });
  copyFileSync(SEED, join(root, '.github', 'agents', 'backend-lead.agent.md'));
  git('add', '.');
  git('commit', '-qm', 'base');
  writeFiles(root, { 'backend/migrations/0002_add.sql': 'ALTER TABLE t ADD COLUMN c int;\n' });
  git('add', '.');
  git('commit', '-qm', 'migration');
  return root;
}

const structured = (r: unknown) => ((r as { structuredContent: { result: Record<string, unknown> } }).structuredContent).result;

test('over stdio: tools and resources listed with schemas; route, check_diff, policy_decide, request_approval, lint give real results', async () => {
  const root = repository();
  const client = new Client({ name: 'kao-test', version: '1' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', '--dir', root], stderr: 'pipe' }));
  after(() => client.close());
  const tools = (await client.listTools()).tools;
  assert.deepEqual(tools.map((t) => t.name).sort(), ['check_diff', 'check_packet', 'gate_api', 'lint', 'policy_decide', 'request_approval', 'route']);
  for (const t of tools) {
    assert.equal(t.inputSchema.type, 'object', t.name);
    assert.ok(t.outputSchema, `${t.name} has an output schema`);
  }
  assert.ok(!tools.some((t) => /approve|answer/.test(t.name)), 'no tool answers a PO gate');

  const packet = structured(await client.callTool({ name: 'route', arguments: { task: 'Add a low-stock widget to the dashboard and a backend endpoint for it' } }));
  assert.equal((packet.owners as { primary: string }).primary, 'orchestrator');
  const check = structured(await client.callTool({ name: 'check_diff', arguments: { base: 'HEAD~1' } }));
  assert.ok((check.gates as { decision: string }[]).some((g) => g.decision === 'schema'));
  const denied = structured(await client.callTool({ name: 'policy_decide', arguments: { role: 'backend-implementer', lane: 'implementation', action: { tool: 'execute', command: 'cat .env' }, run: 'agent-7' } }));
  assert.deepEqual([denied.decision, denied.rule], ['deny', 'secret-read']);
  const asked = structured(await client.callTool({ name: 'policy_decide', arguments: { role: 'backend-implementer', lane: 'implementation', action: { tool: 'edit', path: 'backend/migrations/0003.sql' }, run: 'agent-7' } }));
  assert.deepEqual([asked.decision, asked.gate], ['ask', 'schema']);
  const audit = JSON.parse(execFileSync(process.execPath, [BIN, 'audit', '--run', 'agent-7', '--json', '--dir', root], { encoding: 'utf8' })).entries;
  assert.equal(audit.filter((e: { event: { type: string; client?: string } }) => e.event.type === 'decision' && e.event.client === 'mcp').length, 2, 'dry runs are audited');
  const requested = structured(await client.callTool({ name: 'request_approval', arguments: { run: 'agent-7', role: 'backend-implementer', decision: 'schema', action: { tool: 'edit', path: 'backend/migrations/0003.sql' } } }));
  const pending = JSON.parse(execFileSync(process.execPath, [BIN, 'approvals', '--json', '--dir', root], { encoding: 'utf8' })).requests;
  assert.deepEqual(pending.map((r: { id: string }) => r.id), [requested.id]);
  const lint = structured(await client.callTool({ name: 'lint', arguments: {} }));
  assert.ok((lint.summary as { errors: number }).errors > 0, 'the seed alone has broken links');

  const role = await client.readResource({ uri: 'kao://roles/backend-lead' });
  assert.equal(JSON.parse((role.contents[0] as { text: string }).text).id, 'backend-lead');
  const playbook = await client.readResource({ uri: 'kao://playbook' });
  assert.ok(JSON.parse((playbook.contents[0] as { text: string }).text).roles.length >= 13);

  const bad = await client.callTool({ name: 'policy_decide', arguments: { role: 'nobody', lane: 'implementation', action: { tool: 'todo' } } });
  assert.equal(bad.isError, true);
  assert.match((bad.content as { text: string }[])[0]!.text, /no role `nobody`/);
  const invalid = await client.callTool({ name: 'policy_decide', arguments: { role: 'backend-lead', lane: 'nowhere', action: {} } }).catch((e: Error) => ({ isError: true, content: [{ text: e.message }] }));
  assert.equal(invalid.isError, true);
  assert.doesNotMatch(JSON.stringify(invalid), /\n\s+at /);
});

test('over Streamable HTTP: bound to 127.0.0.1, the URL printed on stderr, the same tools', async () => {
  const root = repository();
  const server = spawn(process.execPath, [BIN, 'mcp', '--http', '--port', '0', '--dir', root], { stdio: ['ignore', 'ignore', 'pipe'] });
  after(() => server.kill());
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    server.stderr.setEncoding('utf8').on('data', (c: string) => {
      err += c;
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(err);
      if (m) resolve(m[1]!);
    });
    server.on('exit', (code) => reject(new Error(`kao mcp exited ${code}: ${err}`)));
  });
  const client = new Client({ name: 'kao-test', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  after(() => client.close());
  const d = structured(await client.callTool({ name: 'policy_decide', arguments: { role: 'web-lead', lane: 'planning', action: { tool: 'web', url: 'http://169.254.169.254/' } } }));
  assert.equal(d.rule, 'egress-metadata');
  assert.equal((await client.listTools()).tools.length, 7);
});
