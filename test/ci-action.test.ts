// The GitHub Action as a pull request runs it: action.yml's own kao steps, executed with bash in a
// real git repository with a pull-request event payload, the runner's files (GITHUB_OUTPUT, the job
// summary) and the environment the runner sets. Red when a PO gate or a breaking change needs
// attention, green when nothing does, and "could not check" (never green) when the base is missing.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { REPO, tempDir, writeFiles } from './helpers.ts';

interface ActionStep { name?: string; id?: string; run?: string; env?: Record<string, string>; uses?: string }
const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as { inputs: Record<string, { default: string }>; runs: { using: string; steps: ActionStep[] } };

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=dev@example.com', '-c', 'user.name=Dev', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A description the gate finds clean; `withShow` adds a second operation a pull request can remove. */
const SPEC = (withShow: boolean) => `openapi: 3.0.3
info: { title: Orders, version: '1.0' }
security: [ { bearer: [] } ]
paths:
  /workspaces/{workspaceId}/businesses/{businessId}/orders:
    get:
      operationId: listOrders
      parameters: [ { $ref: '#/components/parameters/workspace' }, { $ref: '#/components/parameters/business' } ]
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: array, items: { type: string, maxLength: 64 } } } } }
        '404': { $ref: '#/components/responses/NotFound' }
${withShow ? `  /workspaces/{workspaceId}/businesses/{businessId}/orders/{orderId}:
    get:
      operationId: getOrder
      parameters:
        - { $ref: '#/components/parameters/workspace' }
        - { $ref: '#/components/parameters/business' }
        - { name: orderId, in: path, required: true, schema: { type: string, format: uuid } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: string, maxLength: 64 } } } }
        '404': { $ref: '#/components/responses/NotFound' }
` : ''}components:
  securitySchemes: { bearer: { type: http, scheme: bearer } }
  parameters:
    workspace: { name: workspaceId, in: path, required: true, schema: { type: string, format: uuid } }
    business: { name: businessId, in: path, required: true, schema: { type: string, format: uuid } }
  responses:
    NotFound: { description: not found, content: { application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } } } }
  schemas:
    Problem:
      type: object
      properties: { type: { type: string, format: uri-reference }, title: { type: string }, status: { type: integer }, detail: { type: string }, instance: { type: string } }
`;

/** main with an API description, and a pull-request branch with the given changes. */
function pullRequest(change: Record<string, string>): { root: string; base: string } {
  const root = tempDir('kao-action-');
  git(root, 'init', '-q', '-b', 'main');
  writeFiles(root, { 'README.md': '# shop\n', 'api/openapi.yaml': SPEC(true), 'backend/main.go': 'package main\n' });
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'base');
  const base = git(root, 'rev-parse', 'HEAD').trim();
  git(root, 'checkout', '-qb', 'feature');
  writeFiles(root, change);
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'change');
  return { root, base };
}

/** Runs action.yml's `kao ci github` step, then its Result step, as the runner would. */
function runAction(root: string, baseSha: string) {
  const temp = tempDir('kao-runner-');
  const files = { output: join(temp, 'output'), summary: join(temp, 'summary'), event: join(temp, 'event.json') };
  for (const f of [files.output, files.summary]) writeFileSync(f, '');
  writeFileSync(files.event, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, base: { ref: 'main', sha: baseSha }, head: { ref: 'feature', sha: git(root, 'rev-parse', 'HEAD').trim() } } }));
  const runner = {
    ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, GITHUB_ACTION_PATH: REPO, RUNNER_TEMP: temp, GITHUB_WORKSPACE: root,
  };
  // Expressions are the runner's: the inputs' defaults stand in for `${{ inputs.x }}`.
  const expr = (v: string) => v.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, k: string) => action.inputs[k]!.default);
  const step = (id: string) => action.runs.steps.find((s) => s.id === id || s.name === id)!;
  const kaoStep = step('kao');
  const env = { ...runner, ...Object.fromEntries(Object.entries(kaoStep.env ?? {}).map(([k, v]) => [k, expr(v)])) };
  const ran = spawnSync('bash', ['-e', '-c', kaoStep.run!], { cwd: root, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(readFileSync(files.output, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2)));
  const result = spawnSync('bash', ['-e', '-c', step('Result').run!], { env: { ...runner, STATUS: outputs.status ?? '' }, encoding: 'utf8' });
  return { ran, outputs, exit: result.status, summary: readFileSync(files.summary, 'utf8'), temp };
}

test('action.yml is a composite action whose kao step runs `kao ci github`, with documented inputs', () => {
  assert.equal(action.runs.using, 'composite');
  assert.match(action.runs.steps.find((s) => s.id === 'kao')!.run!, /bin\/kao\.js" ci github/);
  for (const input of ['dir', 'base', 'api', 'review', 'sarif', 'comment']) assert.ok(action.inputs[input], input);
  assert.ok(action.runs.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@')));
});

test('a pull request that adds a migration and removes an operation is red: annotations, SARIF, comment, summary', () => {
  const { root, base } = pullRequest({ 'backend/migrations/0002_low_stock.sql': 'ALTER TABLE products ADD COLUMN low_stock int;\n', 'api/openapi.yaml': SPEC(false) });
  const r = runAction(root, base);
  assert.equal(r.ran.status, 0, r.ran.stderr);
  assert.equal(r.outputs['exit-code'], '1');
  assert.equal(r.exit, 1, 'the job fails');
  assert.match(r.ran.stdout, /^::error file=backend\/migrations\/0002_low_stock\.sql,line=1,title=kao po-gate-schema::PO approval needed \(schema\)/m);
  assert.match(r.ran.stdout, /^::error .*title=kao api-diff-operation-removed::GET \/workspaces\/\{workspaceId\}\/businesses\/\{businessId\}\/orders\/\{orderId\} removed/m, 'the removed operation is annotated');
  const sarifs = readFileSync(join(r.outputs['sarif-dir']!, 'check.sarif'), 'utf8');
  assert.equal(JSON.parse(sarifs).version, '2.1.0');
  const comment = readFileSync(r.outputs.comment!, 'utf8');
  assert.match(comment, /^## Kyora Agent OS: changes needed/);
  assert.match(comment, /\| check \| ❌ /);
  assert.match(comment, /\| gate api breaking \| ❌ /);
  assert.match(comment, /schema/);
  assert.equal(r.summary, comment, 'the job summary shows the same comment');
});

test('a pull request that changes only docs is green', () => {
  const { root, base } = pullRequest({ 'README.md': '# shop\n\nHow to run it.\n' });
  const r = runAction(root, base);
  assert.equal(r.outputs['exit-code'], '0', r.ran.stderr);
  assert.equal(r.exit, 0);
  const comment = readFileSync(r.outputs.comment!, 'utf8');
  assert.match(comment, /^## Kyora Agent OS: passed/);
  assert.match(comment, /\| lint \| ✅ skipped: no playbook files/);
});

test('a base commit the clone does not have fails the job with "could not check", never green', () => {
  const { root } = pullRequest({ 'README.md': '# shop\n\nmore\n' });
  const r = runAction(root, 'f'.repeat(40));
  assert.equal(r.outputs['exit-code'], '2');
  assert.equal(r.exit, 2);
  assert.match(readFileSync(r.outputs.comment!, 'utf8'), /could not check: kao: --base f+: no such commit/);
});

test('annotations escape what the runner would misread: %, newlines, and : or , in properties', async () => {
  const { sarifToAnnotations } = await import('../src/cli/output/github.ts');
  const sarif = JSON.stringify({ runs: [{ results: [
    { ruleId: 'r', level: 'note', message: { text: '100% done\nnext: line' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a,b:c.md' }, region: { startLine: 3, startColumn: 2 } } }] },
    { level: 'warning', message: { text: 'no place' } },
  ] }] });
  assert.equal(sarifToAnnotations(sarif), '::notice file=a%2Cb%3Ac.md,line=3,col=2,title=kao r::100%25 done%0Anext: line\n::warning::no place\n');
  assert.equal(sarifToAnnotations(JSON.stringify({ runs: [{ results: [] }] })), '');
});

test('kao gate api --format github annotates findings and breaking changes for Actions', () => {
  const { root } = pullRequest({ 'api/openapi.yaml': SPEC(false) });
  const diff = spawnSync(process.execPath, [join(REPO, 'bin', 'kao.js'), 'gate', 'api', '--base', 'main', '--format', 'github', '--dir', root], { encoding: 'utf8' });
  assert.equal(diff.status, 1);
  assert.match(diff.stdout, /^::error file=api\/openapi\.yaml,title=kao api-diff-operation-removed::GET \/workspaces/m, "a removed operation points at the file as it is now");
  const clean = spawnSync(process.execPath, [join(REPO, 'bin', 'kao.js'), 'gate', 'api', '-f', 'github', '--dir', root], { encoding: 'utf8' });
  assert.deepEqual([clean.status, clean.stdout], [0, ''], 'a clean description prints no annotation');
});
