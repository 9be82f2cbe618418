// The API gate's config (.github/agent-os/api-gate.yaml): defaults without a file, validation at
// YAML positions, exemptions that must carry a reason, and spec discovery by name and area map.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_PATH, DEFAULT_GATE_CONFIG, exemptionFor, operationMatches, parseGateConfig } from '../src/gates/api/config.ts';
import { runGate, RULE_DESCRIPTIONS } from '../src/gates/api/gate.ts';
import type { ApiFinding } from '../src/gates/api/model.ts';
import { findSpecs, loadGateConfig } from '../src/cli/commands/gate-api.ts';
import type { OperatingModel } from '../src/playbook/operating-model.ts';
import { kao, REPO, tempDir, writeFiles } from './helpers.ts';

const RULE_IDS = Object.keys(RULE_DESCRIPTIONS);
const parse = (text: string) => parseGateConfig(text, CONFIG_PATH, RULE_IDS);

test('the built-in preset is exactly the defaults the gate uses without a file', () => {
  const text = readFileSync(join(REPO, 'playbook', CONFIG_PATH), 'utf8');
  const r = parse(text);
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.config, DEFAULT_GATE_CONFIG);
  assert.deepEqual(DEFAULT_GATE_CONFIG.tenant.levels.map((l) => l.pathParameter), ['workspaceId', 'businessId']);
});

test('an empty file and an empty map keep every default', () => {
  assert.deepEqual(parse('').config, DEFAULT_GATE_CONFIG);
  assert.deepEqual(parse('{}\n').config, DEFAULT_GATE_CONFIG);
});

test('a full config is read', () => {
  const r = parse([
    'version: 1',
    'specs: [services/*/openapi.yaml]',
    'tenant:',
    '  levels: [{name: org, pathParameter: orgId}]',
    '  publicPaths: [/health, /auth/*]',
    'rules: {api-input-number-unbounded: off, api-problem-schema: warning}',
    'exemptions:',
    '  - rule: api-tenant-security-missing',
    '    operations: ["POST /webhooks/*"]',
    '    reason: signed by the provider',
  ].join('\n'));
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.config, {
    specs: ['services/*/openapi.yaml'],
    tenant: { levels: [{ name: 'org', pathParameter: 'orgId' }], publicPaths: ['/health', '/auth/*'] },
    rules: { 'api-input-number-unbounded': 'off', 'api-problem-schema': 'warning' },
    exemptions: [{ rule: 'api-tenant-security-missing', operations: ['POST /webhooks/*'], reason: 'signed by the provider' }],
    dto: { code: [], match: {} },
  });
});

const ERRORS: { name: string; text: string; line: number; message: RegExp }[] = [
  { name: 'an exemption without a reason', text: 'exemptions:\n  - rule: api-problem-schema\n    pointer: /components/schemas/Error\n', line: 2, message: /exemptions\.0\.reason: every exemption must carry a reason/ },
  { name: 'an exemption with a blank reason', text: 'exemptions:\n  - rule: api-problem-schema\n    pointer: /x\n    reason: "  "\n', line: 4, message: /reason must not be empty/ },
  { name: 'an exemption that names nothing', text: 'exemptions:\n  - rule: api-problem-schema\n    reason: because\n', line: 2, message: /says nothing about what it exempts/ },
  { name: 'an exemption for an unknown rule', text: 'exemptions:\n  - rule: api-nope\n    file: a.yaml\n    reason: because\n', line: 2, message: /unknown rule `api-nope`/ },
  { name: 'an unknown rule id', text: 'rules:\n  api-input-string-unbounded: off\n  api-typo: error\n', line: 3, message: /rules: unknown rule `api-typo`/ },
  { name: 'a bad severity', text: 'rules:\n  api-input-string-unbounded: fatal\n', line: 2, message: /rules\.api-input-string-unbounded/ },
  { name: 'an unknown key', text: 'version: 1\ntenants: {}\n', line: 2, message: /tenants/ },
  { name: 'no tenant levels', text: 'tenant:\n  levels: []\n', line: 2, message: /tenant\.levels/ },
  { name: 'a public path without /', text: 'tenant:\n  publicPaths: [health]\n', line: 2, message: /a public path starts with \// },
  { name: 'invalid YAML', text: 'rules: {a: [\n', line: 2, message: /invalid YAML/ },
];

for (const e of ERRORS) {
  test(`config error: ${e.name} is reported at line ${e.line}`, () => {
    const r = parse(e.text);
    assert.equal(r.config, null);
    assert.ok(r.diagnostics.length > 0);
    const d = r.diagnostics[0]!;
    assert.equal(d.file, CONFIG_PATH);
    assert.match(d.message, e.message);
    assert.equal(d.line, e.line, d.message);
  });
}

test('operation patterns: exact, any method, prefix', () => {
  assert.ok(operationMatches('GET /pets/{id}', 'GET /pets/{id}'));
  assert.ok(!operationMatches('POST /pets/{id}', 'GET /pets/{id}'));
  assert.ok(operationMatches('/pets/{id}', 'DELETE /pets/{id}'));
  assert.ok(operationMatches('* /pets/*', 'GET /pets/{id}'));
  assert.ok(operationMatches('post /webhooks/*', 'POST /webhooks/stripe'));
  assert.ok(!operationMatches('/webhooks/*', 'POST /hooks'));
});

test('a finding about several operations is exempt only when all of them are covered', () => {
  const f: ApiFinding = { rule: 'api-problem-media-type', check: 'problem', severity: 'error', file: 'api/openapi.yaml', line: 1, column: 1, pointer: '/components/responses/NotFound', operations: ['GET /a', 'GET /b'], message: '', fix: '' };
  const ex = (o: Partial<Parameters<typeof exemptionFor>[1][number]>) => [{ rule: 'api-problem-media-type', reason: 'r', ...o }];
  assert.ok(!exemptionFor(f, ex({ operations: ['GET /a'] })));
  assert.ok(exemptionFor(f, ex({ operations: ['GET /a', '/b'] })));
  assert.ok(exemptionFor(f, ex({ pointer: '/components/responses/NotFound' })));
  assert.ok(!exemptionFor(f, ex({ pointer: '/components/responses/Other' })));
  assert.ok(exemptionFor(f, ex({ file: 'api/*.yaml' })));
  assert.ok(!exemptionFor({ ...f, rule: 'api-problem-schema' }, ex({ file: 'api/*.yaml' })));
});

const SPEC = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /billing/stripe-events:
    post:
      requestBody: {content: {application/json: {schema: {type: object, additionalProperties: false}}}}
      responses: {"204": {description: ok}}
  /orgs/{orgId}/projects/{projectId}/x:
    get: {security: [{k: []}], responses: {"204": {description: ok}}}
`;

test('runGate applies severities, switched-off rules and exemptions, and counts what it exempted', async () => {
  const dir = tempDir();
  writeFiles(dir, { 'openapi.yaml': SPEC });
  const file = join(dir, 'openapi.yaml');
  const plain = await runGate([file], { root: dir, config: DEFAULT_GATE_CONFIG });
  assert.deepEqual(plain.findings.map((f) => `${f.rule}:${f.severity}`), ['api-tenant-security-missing:error']);
  assert.equal(plain.summary.exempted, undefined);

  const { config } = parse('rules: {api-tenant-security-missing: warning}\nexemptions:\n  - {rule: api-tenant-security-missing, operations: ["POST /billing/*"], reason: signed}\n');
  const r = await runGate([file], { root: dir, config: config! });
  assert.deepEqual(r.findings, []);
  assert.equal(r.summary.exempted, 1);
  const warned = await runGate([file], { root: dir, config: parse('rules: {api-tenant-security-missing: warning}\n').config! });
  assert.deepEqual(warned.findings.map((f) => f.severity), ['warning']);
  const off = await runGate([file], { root: dir, config: parse('rules: {api-tenant-security-missing: off}\n').config! });
  assert.deepEqual(off.findings, []);
});

test('the tenant model comes from the config, else the operating model, else the seed default', () => {
  const dir = tempDir();
  const model = { constraints: { tenantModel: { levels: ['org', 'project'], pathParameters: ['orgId', 'projectId'] } } } as unknown as OperatingModel;
  assert.deepEqual(loadGateConfig(dir, null).tenant.levels, DEFAULT_GATE_CONFIG.tenant.levels);
  assert.deepEqual(loadGateConfig(dir, model).tenant.levels, [{ name: 'org', pathParameter: 'orgId' }, { name: 'project', pathParameter: 'projectId' }]);
  writeFiles(dir, { [CONFIG_PATH]: 'tenant:\n  publicPaths: [/webhooks/*]\n' });
  const c = loadGateConfig(dir, model);
  assert.deepEqual(c.tenant.levels.map((l) => l.name), ['org', 'project']);
  assert.deepEqual(c.tenant.publicPaths, ['/webhooks/*']);
});

test('kao gate api reads the repository config; a broken config exits 2 at its line', () => {
  const dir = tempDir();
  writeFiles(dir, {
    'openapi.yaml': SPEC,
    [CONFIG_PATH]: 'tenant:\n  levels: [{name: org, pathParameter: orgId}, {name: project, pathParameter: projectId}]\n  publicPaths: [/billing/*]\n',
  });
  const ok = kao(['gate', 'api', '--json'], dir);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout).findings, []);

  writeFiles(dir, { [CONFIG_PATH]: 'exemptions:\n  - rule: api-tenant-security-missing\n    operations: [/webhooks/*]\n' });
  const bad = kao(['gate', 'api'], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /\.github\/agent-os\/api-gate\.yaml:2:\d+: .*every exemption must carry a reason/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
});

test('spec discovery: common names anywhere, spec folders and the backend area; config globs replace it', () => {
  const dir = tempDir();
  const spec = 'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}\n';
  writeFiles(dir, {
    'billing.openapi.json': '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}',
    'docs/openapi-v2.yml': spec,
    'server/contracts/orders.yaml': spec,
    'server/config.yaml': 'port: 80\n',
    'web/src/fixtures/orders.yaml': spec,
    'specs/payments.yaml': spec,
    'node_modules/x/openapi.yaml': spec,
  });
  const areas = { backend: ['server/**'], web: ['web/**'] };
  const rel = (list: string[]) => list.map((p) => p.slice(dir.length + 1));
  assert.deepEqual(rel(findSpecs(dir, { areas })), ['billing.openapi.json', 'docs/openapi-v2.yml', 'server/contracts/orders.yaml', 'specs/payments.yaml']);
  assert.deepEqual(rel(findSpecs(dir)), ['billing.openapi.json', 'docs/openapi-v2.yml', 'specs/payments.yaml']);
  assert.deepEqual(rel(findSpecs(dir, { areas, include: ['web/**/*.yaml'] })), ['web/src/fixtures/orders.yaml']);
});

test('public on purpose is not a tenant error: `security: []` on the operation, public paths (globs too); a public-looking first segment is info', async () => {
  const dir = tempDir();
  const op = (extra = '') => `    get:${extra ? `\n      ${extra}` : ''}\n      responses: {"204": {description: ok}}\n`;
  writeFiles(dir, {
    'openapi.yaml': `openapi: 3.0.3\ninfo: {title: t, version: "1"}\nsecurity: [{key: []}]\ncomponents: {securitySchemes: {key: {type: apiKey, in: header, name: X-Key}}}\npaths:\n  /status:\n${op('security: []')}  /orders:\n${op()}`,
    'open.yaml': `openapi: 3.0.3\ninfo: {title: t, version: "1"}\nsecurity: []\npaths:\n  /orders:\n${op()}  /auth/login:\n${op()}  /api/v1/webhooks/stripe:\n${op()}  /storefront/products:\n${op()}  /orgs/{org}/invitations:\n${op()}  /partners/{id}/webhooks/in:\n${op()}`,
  });
  const declared = await runGate([join(dir, 'openapi.yaml')], { root: dir, config: DEFAULT_GATE_CONFIG });
  assert.deepEqual(declared.findings.filter((f) => f.check === 'tenant'), [], 'the operation says it is public; the other one inherits the global requirement');

  const open = await runGate([join(dir, 'open.yaml')], { root: dir, config: DEFAULT_GATE_CONFIG });
  const tenant = open.findings.filter((f) => f.check === 'tenant').map((f) => `${f.rule}:${f.severity} ${f.operations.join(',')}`).sort();
  assert.deepEqual(tenant, [
    'api-tenant-public-by-name:info GET /api/v1/webhooks/stripe',
    'api-tenant-public-by-name:info GET /auth/login',
    'api-tenant-public-by-name:info GET /storefront/products',
    'api-tenant-security-missing:error GET /orders',
    'api-tenant-security-missing:error GET /orgs/{org}/invitations',
    'api-tenant-security-missing:error GET /partners/{id}/webhooks/in',
  ]);
  const listed = parse('tenant:\n  publicPaths: ["**/webhooks/**", /auth/*, /storefront/products]\n');
  assert.deepEqual(listed.diagnostics, []);
  const confirmed = await runGate([join(dir, 'open.yaml')], { root: dir, config: listed.config! });
  assert.deepEqual(confirmed.findings.filter((f) => f.check === 'tenant').map((f) => f.operations[0]).sort(), ['GET /orders', 'GET /orgs/{org}/invitations']);
});
