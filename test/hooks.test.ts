// `kao hook <client>` as the agent clients run it: one process per event, the payload on stdin (built
// from each client's documented schema, kept in test/fixtures/hooks/), the answer in the client's own
// format. Asks are filed and, once the PO approves with their key, the same call passes; outcomes feed
// the stop conditions; every internal error is a deny with exit 2; `kao init --client` merges.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, poKey, productOwnersYaml, REPO, SEED, tempDir, writeFiles } from './helpers.ts';

const PO = poKey('po');
type Payloads = Record<string, Record<string, unknown>>;
const fixtures = (client: string): Payloads => JSON.parse(readFileSync(join(REPO, 'test', 'fixtures', 'hooks', `${client}.json`), 'utf8'));

function workspace(): string {
  const root = tempDir('kao-hooks-');
  writeFiles(root, {
    'src/app.ts': 'export const app = 1;\n', 'backend/internal/orders/service.go': 'package orders\n', '.env': 'TOKEN=x\n', 'package.json': '{"name":"app"}\n',
    '.github/agent-os/product-owners.yaml': productOwnersYaml([{ id: 'po@example.com', pub: PO.pub }]),
  });
  mkdirSync(join(root, '.github', 'agents'), { recursive: true });
  copyFileSync(SEED, join(root, '.github', 'agents', 'backend-lead.agent.md'));
  execFileSync('git', ['init', '-q'], { cwd: root });
  return root;
}

function hook(root: string, client: string, payload: Record<string, unknown> | string, args: string[] = []) {
  const input = typeof payload === 'string' ? payload : JSON.stringify(payload).replaceAll('{{ROOT}}', root);
  const r = spawnSync(process.execPath, [BIN, 'hook', client, ...args], { cwd: root, input, encoding: 'utf8', timeout: 30_000 });
  const out = r.stdout.trim() ? JSON.parse(r.stdout) : null;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, out };
}

/** The decision in VS Code's and Claude's (and Codex's) shape. */
const decisionOf = (out: { hookSpecificOutput?: { permissionDecision: string; permissionDecisionReason: string } } | null) => out?.hookSpecificOutput?.permissionDecision;

test('Claude Code: decisions as hookSpecificOutput, the role from agent_type, MCP and unknown tools decided too', () => {
  const root = workspace();
  const p = fixtures('claude');
  const secret = hook(root, 'claude', p['bash-secret']!);
  assert.equal(secret.status, 0, secret.stderr);
  assert.equal(decisionOf(secret.out), 'deny');
  assert.match(secret.out.hookSpecificOutput.permissionDecisionReason, /secret/);
  assert.equal(secret.out.hookSpecificOutput.hookEventName, 'PreToolUse');
  assert.equal(decisionOf(hook(root, 'claude', p['bash-tests']!).out), 'allow');
  const migration = hook(root, 'claude', p['write-migration']!);
  assert.equal(decisionOf(migration.out), 'ask');
  assert.match(migration.out.hookSpecificOutput.permissionDecisionReason, /kao approve [0-9a-f]{8}/);
  assert.equal(decisionOf(hook(root, 'claude', p['edit-lead-code']!).out), 'deny', 'a Lead does not write code');
  assert.equal(decisionOf(hook(root, 'claude', p['mcp-metadata']!).out), 'deny');
  assert.equal(decisionOf(hook(root, 'claude', p['unknown-tool']!).out), 'deny', 'an unknown tool is decided: the seed role is not granted it');
  const requests = JSON.parse(execFileSync(process.execPath, [BIN, 'approvals', '--json', '--dir', root], { encoding: 'utf8' })).requests;
  assert.deepEqual(requests.map((r: { decision: string; runId: string }) => [r.decision, r.runId]), [['schema', 'claude-cl-1']]);
  const stop = hook(root, 'claude', p.stop!);
  assert.match(stop.out.systemMessage, /1 PO gate is still waiting for an answer: [0-9a-f]{8} \(schema\)/);
  // Every decision is audited with the client, the session and the tool call's id.
  const audit = JSON.parse(execFileSync(process.execPath, [BIN, 'audit', '--session', 'cl-1', '--json', '--dir', root], { encoding: 'utf8' })).entries;
  const decisions = audit.filter((e: { event: { type: string } }) => e.event.type === 'decision').map((e: { event: Record<string, string> }) => [e.event.client, e.event.session, e.event.toolUseId]);
  assert.deepEqual(decisions[0], ['claude', 'cl-1', 'toolu_01']);
  assert.ok(decisions.length >= 5);
});

test('Claude Code: a prompt is routed and the packet goes back as context; its lane is the session\'s', () => {
  const root = workspace();
  const routed = hook(root, 'claude', fixtures('claude').prompt!);
  assert.equal(routed.status, 0, routed.stderr);
  assert.equal(routed.out.hookSpecificOutput.hookEventName, 'UserPromptSubmit');
  assert.match(routed.out.hookSpecificOutput.additionalContext, /Owner: orchestrator; with backend-lead, web-lead.*PO gates: .*schema/);
  // The session was routed into planning first: a Lead in that session may not write code even through a formatter.
  const lead = hook(root, 'claude', { session_id: 'cl-4', cwd: root, hook_event_name: 'PreToolUse', agent_type: 'backend-lead', tool_name: 'Bash', tool_input: { command: 'gofmt -w backend/internal/orders/service.go' } });
  assert.equal(decisionOf(lead.out), 'deny');
});

test('VS Code: snake_case and camelCase payloads, every path of a multi-file edit and a patch, the role from --role', () => {
  const root = workspace();
  const p = fixtures('vscode');
  const role = ['--role', 'backend-implementer'];
  assert.equal(decisionOf(hook(root, 'vscode', p['terminal-snake']!, role).out), 'ask', 'a new dependency asks the PO');
  assert.equal(decisionOf(hook(root, 'vscode', p['replace-camel']!, role).out), 'allow');
  assert.equal(decisionOf(hook(root, 'vscode', p['multi-replace']!, role).out), 'ask', 'one of the files is the playbook');
  assert.equal(decisionOf(hook(root, 'vscode', p['apply-patch']!, role).out), 'deny', 'the patch touches the store');
  assert.equal(decisionOf(hook(root, 'vscode', p['read-file']!, role).out), 'allow');
  const noRole = hook(root, 'vscode', p['read-file']!);
  assert.equal(decisionOf(noRole.out), 'deny');
  assert.match(noRole.out.hookSpecificOutput.permissionDecisionReason, /no role is known for this session/);
});

test('Copilot: flat permissionDecision, toolArgs as a JSON string or the PascalCase form', () => {
  const root = workspace();
  const p = fixtures('copilot');
  const role = ['--role', 'backend-implementer'];
  const push = hook(root, 'copilot', p['bash-camel']!, role);
  assert.equal(push.out.permissionDecision, 'deny');
  assert.match(push.out.permissionDecisionReason, /^kao: .*history/);
  assert.equal(hook(root, 'copilot', p['view-pascal']!, role).out.permissionDecision, 'allow');
  assert.equal(hook(root, 'copilot', p['edit-migration']!, role).out.permissionDecision, 'ask');
});

test('Codex: an ask is a deny that says how the PO approves; once approved with the PO\'s key the same call passes', () => {
  const root = workspace();
  const p = fixtures('codex');
  const role = ['--role', 'backend-implementer'];
  const tests = hook(root, 'codex', p['shell-tests']!, role);
  assert.deepEqual([tests.status, tests.stdout], [0, ''], 'an allow is no output: Codex rejects allow without an input rewrite');
  const patch = hook(root, 'codex', p['patch-migration']!, role);
  assert.equal(decisionOf(patch.out), 'deny');
  const id = /kao approve ([0-9a-f]{8})/.exec(patch.out.hookSpecificOutput.permissionDecisionReason)?.[1];
  assert.ok(id, patch.stdout);
  const approved = spawnSync(process.execPath, [BIN, 'approve', id!, '--key', PO.key, '--dir', root], { encoding: 'utf8' });
  assert.equal(approved.status, 0, approved.stderr);
  const again = hook(root, 'codex', p['patch-migration']!, role);
  assert.deepEqual([again.status, again.stdout], [0, ''], 'approved: the same patch passes');
  assert.equal(decisionOf(hook(root, 'codex', p['mcp-unknown-host']!, role).out), 'deny');
});

test('outcomes feed the stop conditions: the same error three times stops the fourth run of the command', () => {
  const root = workspace();
  const post = fixtures('claude')['post-failure']!;
  for (let i = 0; i < 3; i++) assert.equal(hook(root, 'claude', post).status, 0);
  const fourth = hook(root, 'claude', { ...post, hook_event_name: 'PreToolUse', tool_response: undefined });
  assert.equal(decisionOf(fourth.out), 'ask');
  assert.match(fourth.out.hookSpecificOutput.permissionDecisionReason, /failed three times with the same error/);
});

test('fail closed: garbage, an unknown event, a broken playbook and a corrupt store are each a deny with exit 2', () => {
  const root = workspace();
  const pre = fixtures('claude')['bash-tests']!;
  for (const [payload, why] of [['not json', /not JSON/], ['{"hook_event_name":"Teleport"}', /does not handle the hook event "Teleport"/], ['[1,2]', /not a JSON object/]] as const) {
    const r = hook(root, 'claude', payload);
    assert.equal(r.status, 2);
    assert.match(r.stderr, why);
    assert.equal(decisionOf(r.out), 'deny');
  }
  const broken = workspace();
  writeFiles(broken, { '.github/agents/backend-implementer.agent.md': '---\nname: x\ndescription: Use this: it breaks\n---\n' });
  const b = hook(broken, 'claude', pre);
  assert.equal(b.status, 2);
  assert.match(b.stderr, /^kao: denied because kao could not decide: .*backend-implementer\.agent\.md/);
  const corrupt = workspace();
  writeFiles(corrupt, { '.agent-os/kao.db': 'not a database '.repeat(50) });
  const c = hook(corrupt, 'copilot', fixtures('copilot')['view-pascal']!, ['--role', 'backend-implementer']);
  assert.equal(c.status, 2);
  assert.equal(c.out.permissionDecision, 'deny');
  assert.doesNotMatch(b.stderr + c.stderr, /\n\s+at /);
});

test('kao init --client writes each client\'s hook file, keeps what is there, and a second run changes nothing', () => {
  const root = workspace();
  writeFiles(root, { '.claude/settings.json': JSON.stringify({ model: 'opus', hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: './mine.sh' }] }] } }) });
  const files: Record<string, string> = { claude: '.claude/settings.json', codex: '.codex/hooks.json', vscode: '.github/hooks/kao-vscode.json', copilot: '.github/hooks/kao-copilot.json' };
  for (const [client, file] of Object.entries(files)) {
    const first = execFileSync(process.execPath, [BIN, 'init', '--client', client, '--json', root], { encoding: 'utf8' });
    assert.equal(JSON.parse(first).added.length, 5, client);
    const written = readFileSync(join(root, file), 'utf8');
    assert.match(written, new RegExp(`npx --no-install kao hook ${client}`));
    assert.deepEqual(JSON.parse(execFileSync(process.execPath, [BIN, 'init', '--client', client, '--json', root], { encoding: 'utf8' })).added, [], `${client}: idempotent`);
    assert.equal(readFileSync(join(root, file), 'utf8'), written);
  }
  const claude = JSON.parse(readFileSync(join(root, '.claude/settings.json'), 'utf8'));
  assert.equal(claude.model, 'opus');
  assert.equal(claude.hooks.PreToolUse[0].hooks[0].command, './mine.sh', 'the repository\'s own hook is kept');
  assert.equal(JSON.parse(readFileSync(join(root, '.github/hooks/kao-copilot.json'), 'utf8')).version, 1);
  writeFiles(root, { '.codex/hooks.json': '{ broken' });
  const bad = spawnSync(process.execPath, [BIN, 'init', '--client', 'codex', root], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.equal(readFileSync(join(root, '.codex/hooks.json'), 'utf8'), '{ broken', 'an unreadable file is not overwritten');
  assert.equal(existsSync(join(root, '.github/agents/orchestrator.agent.md')), false, 'init --client writes only the hook file');
});

test('kao lint names a client whose hooks never ask kao, and a kao hook that would deny everything for want of a role', () => {
  const root = workspace();
  writeFiles(root, { '.codex/hooks.json': JSON.stringify({ hooks: { PreToolUse: [{ hooks: [{ type: 'command', command: './mine.sh' }] }] } }), '.claude/settings.json': '{ not json' });
  execFileSync(process.execPath, [BIN, 'init', '--client', 'copilot', root]);
  const lint = (dir: string) => JSON.parse(spawnSync(process.execPath, [BIN, 'lint', '--json', dir], { encoding: 'utf8' }).stdout).diagnostics
    .filter((d: { rule: string }) => d.rule.startsWith('hook-')).map((d: { rule: string; file: string }) => [d.rule, d.file]);
  assert.deepEqual(lint(root), [['hook-unguarded', '.claude/settings.json'], ['hook-unguarded', '.codex/hooks.json'], ['hook-no-role', '.github/hooks/kao-copilot.json']]);
  writeFiles(root, { '.github/agent-os/operating-model.yaml': readFileSync(join(REPO, 'playbook', '.github', 'agent-os', 'operating-model.yaml'), 'utf8') + '\npolicy:\n  defaultRole: backend-implementer\n' });
  execFileSync(process.execPath, [BIN, 'init', '--client', 'codex', root]);
  writeFiles(root, { '.claude/settings.json': '{}' });
  assert.deepEqual(lint(root), [], 'a default role and kao on every client: nothing to say');
});
