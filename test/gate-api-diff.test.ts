// Breaking-change diff (issue 6 e): per-check table tests on small specs, the fixture pair, --base at
// a git ref, and the corpus pairs. GitHub ground truth was counted with a python3 script over the two
// JSON files (40 operations on 21 paths removed, 17 of them deprecated in v22.0.0), not with our code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec } from '../src/gates/api/load.ts';
import { catalogue, check } from '../src/gates/api/diff/catalogue.ts';
import { diffSpecs } from '../src/gates/api/diff/engine.ts';
import type { GateApiDiffResult } from '../src/gates/api/diff/model.ts';
import { diffResult, renderDiff } from '../src/cli/commands/gate-api-diff.ts';
import { REPO, SHARED, tempDir, writeFiles } from './helpers.ts';

type O = Record<string, unknown>;
const CORPUS = join(SHARED, 'corpus', 'openapi');
const FIX = join(REPO, 'test', 'fixtures', 'gate-api-diff');

async function diffDocs(a: O, b: O): Promise<GateApiDiffResult> {
  const dir = tempDir('kao-diff-');
  writeFiles(dir, { 'a.json': JSON.stringify(a, null, 1), 'b.json': JSON.stringify(b, null, 1) });
  const [x, y] = await Promise.all([loadSpec(join(dir, 'a.json')), loadSpec(join(dir, 'b.json'))]);
  return diffSpecs(x, y, { display: (_s, f) => f.slice(dir.length + 1) });
}
const rules = (r: GateApiDiffResult) => r.findings.map((f) => f.rule).sort();

/** A spec with one operation that takes `req` as its JSON body and returns `res`. */
function withSchemas(req: O | null, res: O | null, extra: O = {}): O {
  const op: O = { operationId: 'op', responses: { '200': { description: 'ok', ...(res ? { content: { 'application/json': { schema: res } } } : {}) } } };
  if (req) op.requestBody = { required: true, content: { 'application/json': { schema: req } } };
  return { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: { '/things': { post: op } }, ...extra };
}

// Schema checks: old → new, the check name (without direction).
const obj = (props: O, required: string[] = [], more: O = {}): O => ({ type: 'object', properties: props, ...(required.length ? { required } : {}), ...more });
const S = { type: 'string' };
const SCHEMA_CASES: [string, O, O][] = [
  ['type-changed', S, { type: 'boolean' }],
  ['type-widened', { type: 'integer' }, { type: 'number' }],
  ['type-narrowed', { type: 'number' }, { type: 'integer' }],
  ['format-added', S, { ...S, format: 'date' }],
  ['format-removed', { ...S, format: 'date' }, S],
  ['format-changed', { ...S, format: 'date' }, { ...S, format: 'uuid' }],
  ['enum-value-removed', { ...S, enum: ['a', 'b'] }, { ...S, enum: ['a'] }],
  ['enum-value-added', { ...S, enum: ['a'] }, { ...S, enum: ['a', 'b'] }],
  ['enum-added', S, { ...S, enum: ['a'] }],
  ['enum-removed', { ...S, enum: ['a'] }, S],
  ['property-removed', obj({ a: S, b: S }), obj({ a: S })],
  ['property-removed-after-deprecation', obj({ a: S, b: { ...S, deprecated: true } }), obj({ a: S })],
  ['property-added', obj({ a: S }), obj({ a: S, b: S })],
  ['required-property-added', obj({ a: S }), obj({ a: S, b: S }, ['b'])],
  ['property-became-required', obj({ a: S }), obj({ a: S }, ['a'])],
  ['property-became-optional', obj({ a: S }, ['a']), obj({ a: S })],
  ['nullable-added', S, { ...S, nullable: true }],
  ['nullable-removed', { ...S, nullable: true }, S],
  ['read-only-added', S, { ...S, readOnly: true }],
  ['read-only-removed', { ...S, readOnly: true }, S],
  ['write-only-added', S, { ...S, writeOnly: true }],
  ['write-only-removed', { ...S, writeOnly: true }, S],
  ['pattern-added', S, { ...S, pattern: '^a' }],
  ['pattern-changed', { ...S, pattern: '^a' }, { ...S, pattern: '^b' }],
  ['pattern-removed', { ...S, pattern: '^a' }, S],
  ['multiple-of-changed', { type: 'integer', multipleOf: 2 }, { type: 'integer', multipleOf: 4 }],
  ['unique-items-added', { type: 'array', items: S }, { type: 'array', items: S, uniqueItems: true }],
  ['unique-items-removed', { type: 'array', items: S, uniqueItems: true }, { type: 'array', items: S }],
  ['one-of-added', { oneOf: [S] }, { oneOf: [S, { type: 'integer' }] }],
  ['one-of-removed', { oneOf: [S, { type: 'integer' }] }, { oneOf: [S] }],
  ['any-of-added', { anyOf: [S] }, { anyOf: [S, { type: 'integer' }] }],
  ['any-of-removed', { anyOf: [S, { type: 'integer' }] }, { anyOf: [S] }],
  ['all-of-added', { allOf: [obj({ a: S })] }, { allOf: [obj({ a: S }), obj({ b: S })] }],
  ['all-of-removed', { allOf: [obj({ a: S }), obj({ b: S })] }, { allOf: [obj({ a: S })] }],
  ['additional-properties-closed', obj({ a: S }), obj({ a: S }, [], { additionalProperties: false })],
  ['additional-properties-opened', obj({ a: S }, [], { additionalProperties: false }), obj({ a: S })],
  ['discriminator-changed', { oneOf: [obj({ k: S })], discriminator: { propertyName: 'k' } }, { oneOf: [obj({ k: S })], discriminator: { propertyName: 'kind' } }],
  ['default-changed', { ...S, default: 'a' }, { ...S, default: 'b' }],
  ['deprecated', S, { ...S, deprecated: true }],
];
const BOUND_CASES: [string, number, number][] = [['maxLength', 10, 5], ['minLength', 1, 2], ['maximum', 10, 5], ['minimum', 1, 2], ['exclusiveMaximum', 10, 5], ['exclusiveMinimum', 1, 2], ['maxItems', 10, 5], ['minItems', 1, 2], ['maxProperties', 10, 5], ['minProperties', 1, 2]];
for (const [key, loose, tight] of BOUND_CASES) {
  const k = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  SCHEMA_CASES.push([`${k}-tightened`, { type: 'number', [key]: loose }, { type: 'number', [key]: tight }]);
  SCHEMA_CASES.push([`${k}-loosened`, { type: 'number', [key]: tight }, { type: 'number', [key]: loose }]);
  SCHEMA_CASES.push([`${k}-tightened`, { type: 'number' }, { type: 'number', [key]: tight }]);
}

for (const [name, a, b] of SCHEMA_CASES) {
  test(`schema check ${name}: fires per direction with its documented severity; a harmless change is quiet`, async () => {
    // Wrapped in a property so readOnly/writeOnly/required changes stay visible in both directions.
    const wrap = (s: O) => obj({ p: s });
    const req = await diffDocs(withSchemas(wrap(a), null), withSchemas(wrap(b), null));
    assert.deepEqual(rules(req), [`api-diff-request-${name}`], JSON.stringify(req.findings));
    assert.equal(req.findings[0]!.severity, check(`request-${name}`).severity);
    assert.deepEqual(req.findings[0]!.operations, ['POST /things']);
    const res = await diffDocs(withSchemas(null, wrap(a)), withSchemas(null, wrap(b)));
    if (name === 'write-only-added' || name === 'write-only-removed') {
      // writeOnly properties are not returned: the response side sees the property appear/disappear.
      assert.equal(res.findings.length, 1);
    } else if (name === 'read-only-added' || name === 'read-only-removed') {
      assert.deepEqual(rules(res), [`api-diff-response-${name}`]);
    } else {
      assert.deepEqual(rules(res), [`api-diff-response-${name}`], JSON.stringify(res.findings));
      assert.equal(res.findings[0]!.severity, check(`response-${name}`).severity);
    }
    const harmless = await diffDocs(withSchemas(wrap(a), wrap(a)), withSchemas(wrap({ ...a, description: 'reworded' }), wrap({ ...a, title: 'T' })));
    assert.deepEqual(harmless.findings, []);
  });
}

test('direction: a new required request field is breaking, a new response field is not; enum removal breaks requests, enum addition breaks responses', async () => {
  const r1 = await diffDocs(withSchemas(obj({ a: S }), obj({ a: S })), withSchemas(obj({ a: S, b: S }, ['b']), obj({ a: S, b: S }, ['b'])));
  assert.deepEqual(r1.findings.map((f) => [f.rule, f.severity]), [['api-diff-request-required-property-added', 'breaking'], ['api-diff-response-required-property-added', 'info']]);
  const e = (v: string[]) => obj({ s: { ...S, enum: v } });
  const r2 = await diffDocs(withSchemas(e(['a', 'b']), e(['a', 'b'])), withSchemas(e(['a']), e(['a', 'b', 'c'])));
  assert.deepEqual(r2.findings.filter((f) => f.severity === 'breaking').map((f) => f.rule).sort(), ['api-diff-request-enum-value-removed', 'api-diff-response-enum-value-added']);
});

// Non-schema checks: [check, old, new]
const base = (paths: O, extra: O = {}): O => ({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths, ...extra });
const ok = { '200': { description: 'ok' } };
const get = (more: O = {}): O => ({ responses: ok, ...more });
const q = (name: string, more: O = {}): O => ({ name, in: 'query', schema: S, ...more });
const body = (required: boolean, types = ['application/json']): O => ({ required, content: Object.fromEntries(types.map((t) => [t, { schema: S }])) });
const res = (codes: O): O => ({ responses: codes });
const json = { content: { 'application/json': { schema: S } } };
const sec = (security: unknown, schemes: O = { k: { type: 'apiKey', in: 'header', name: 'X-Key' } }) => ({ security, components: { securitySchemes: schemes } });
const OP_CASES: [string, O, O][] = [
  ['operation-removed', base({ '/a': { get: get(), post: get() } }), base({ '/a': { get: get() } })],
  ['operation-removed-after-deprecation', base({ '/a': { get: get(), post: get({ deprecated: true }) } }), base({ '/a': { get: get() } })],
  ['operation-added', base({ '/a': { get: get() } }), base({ '/a': { get: get(), post: get() } })],
  ['operation-deprecated', base({ '/a': { get: get() } }), base({ '/a': { get: get({ deprecated: true }) } })],
  ['operation-undeprecated', base({ '/a': { get: get({ deprecated: true }) } }), base({ '/a': { get: get() } })],
  ['operation-id-changed', base({ '/a': { get: get({ operationId: 'x' }) } }), base({ '/a': { get: get({ operationId: 'y' }) } })],
  ['path-parameter-renamed', base({ '/a/{x}': { get: get({ parameters: [{ name: 'x', in: 'path', required: true, schema: S }] }) } }), base({ '/a/{y}': { get: get({ parameters: [{ name: 'y', in: 'path', required: true, schema: S }] }) } })],
  ['request-parameter-removed', base({ '/a': { get: get({ parameters: [q('f')] }) } }), base({ '/a': { get: get() } })],
  ['request-parameter-removed-after-deprecation', base({ '/a': { get: get({ parameters: [q('f', { deprecated: true })] }) } }), base({ '/a': { get: get() } })],
  ['request-parameter-required-added', base({ '/a': { get: get() } }), base({ '/a': { get: get({ parameters: [q('f', { required: true })] }) } })],
  ['request-parameter-optional-added', base({ '/a': { get: get() } }), base({ '/a': { get: get({ parameters: [q('f')] }) } })],
  ['request-parameter-became-required', base({ '/a': { get: get({ parameters: [q('f')] }) } }), base({ '/a': { get: get({ parameters: [q('f', { required: true })] }) } })],
  ['request-parameter-became-optional', base({ '/a': { get: get({ parameters: [q('f', { required: true })] }) } }), base({ '/a': { get: get({ parameters: [q('f')] }) } })],
  ['request-parameter-moved', base({ '/a': { get: get({ parameters: [q('f')] }) } }), base({ '/a': { get: get({ parameters: [{ name: 'f', in: 'header', schema: S }] }) } })],
  ['request-parameter-style-changed', base({ '/a': { get: get({ parameters: [q('f')] }) } }), base({ '/a': { get: get({ parameters: [q('f', { style: 'pipeDelimited' })] }) } })],
  ['request-parameter-deprecated', base({ '/a': { get: get({ parameters: [q('f')] }) } }), base({ '/a': { get: get({ parameters: [q('f', { deprecated: true })] }) } })],
  ['request-body-required-added', base({ '/a': { post: get() } }), base({ '/a': { post: get({ requestBody: body(true) }) } })],
  ['request-body-optional-added', base({ '/a': { post: get() } }), base({ '/a': { post: get({ requestBody: body(false) }) } })],
  ['request-body-removed', base({ '/a': { post: get({ requestBody: body(false) }) } }), base({ '/a': { post: get() } })],
  ['request-body-removed-after-deprecation', base({ '/a': { post: get({ requestBody: { ...body(false), 'x-sunset': '2025-01-01' } }) } }), base({ '/a': { post: get() } })],
  ['request-body-became-required', base({ '/a': { post: get({ requestBody: body(false) }) } }), base({ '/a': { post: get({ requestBody: body(true) }) } })],
  ['request-body-became-optional', base({ '/a': { post: get({ requestBody: body(true) }) } }), base({ '/a': { post: get({ requestBody: body(false) }) } })],
  ['request-media-type-removed', base({ '/a': { post: get({ requestBody: body(true, ['application/json', 'text/plain']) }) } }), base({ '/a': { post: get({ requestBody: body(true) }) } })],
  ['request-media-type-added', base({ '/a': { post: get({ requestBody: body(true) }) } }), base({ '/a': { post: get({ requestBody: body(true, ['application/json', 'text/plain']) }) } })],
  ['response-success-status-removed', base({ '/a': { get: res({ '200': { description: 'a' }, '201': { description: 'b' } }) } }), base({ '/a': { get: res({ '200': { description: 'a' } }) } })],
  ['response-error-status-removed', base({ '/a': { get: res({ '200': { description: 'a' }, '404': { description: 'b' } }) } }), base({ '/a': { get: res({ '200': { description: 'a' } }) } })],
  ['response-success-status-added', base({ '/a': { get: res({ '200': { description: 'a' } }) } }), base({ '/a': { get: res({ '200': { description: 'a' }, '202': { description: 'b' } }) } })],
  ['response-error-status-added', base({ '/a': { get: res({ '200': { description: 'a' } }) } }), base({ '/a': { get: res({ '200': { description: 'a' }, '409': { description: 'b' } }) } })],
  ['response-media-type-removed', base({ '/a': { get: res({ '200': { description: 'a', content: { 'application/json': { schema: S }, 'text/csv': { schema: S } } } }) } }), base({ '/a': { get: res({ '200': { description: 'a', ...json } }) } })],
  ['response-media-type-added', base({ '/a': { get: res({ '200': { description: 'a', ...json } }) } }), base({ '/a': { get: res({ '200': { description: 'a', content: { 'application/json': { schema: S }, 'text/csv': { schema: S } } } }) } })],
  ['response-body-schema-removed', base({ '/a': { get: res({ '200': { description: 'a', ...json } }) } }), base({ '/a': { get: res({ '200': { description: 'a', content: { 'application/json': {} } } }) } })],
  ['response-required-header-removed', base({ '/a': { get: res({ '200': { description: 'a', headers: { 'X-A': { required: true, schema: S }, 'X-B': { schema: S } } } }) } }), base({ '/a': { get: res({ '200': { description: 'a', headers: { 'X-B': { schema: S } } } }) } })],
  ['response-header-removed', base({ '/a': { get: res({ '200': { description: 'a', headers: { 'X-A': { schema: S }, 'X-B': { schema: S } } } }) } }), base({ '/a': { get: res({ '200': { description: 'a', headers: { 'X-A': { schema: S } } } }) } })],
  ['response-header-became-optional', base({ '/a': { get: res({ '200': { description: 'a', headers: { 'X-A': { required: true, schema: S } } } }) } }), base({ '/a': { get: res({ '200': { description: 'a', headers: { 'X-A': { schema: S } } } }) } })],
  ['response-header-added', base({ '/a': { get: res({ '200': { description: 'a', headers: { 'X-A': { schema: S } } } }) } }), base({ '/a': { get: res({ '200': { description: 'a', headers: { 'X-A': { schema: S }, 'X-B': { schema: S } } } }) } })],
  ['security-added', base({ '/a': { get: get() } }, sec(undefined)), base({ '/a': { get: get() } }, sec([{ k: [] }]))],
  ['security-removed', base({ '/a': { get: get() } }, sec([{ k: [] }])), base({ '/a': { get: get({ security: [] }) } }, sec([{ k: [] }]))],
  ['security-requirement-removed', base({ '/a': { get: get() } }, sec([{ k: [] }, { o: [] }], { k: { type: 'apiKey', in: 'header', name: 'X-Key' }, o: { type: 'http', scheme: 'basic' } })), base({ '/a': { get: get() } }, sec([{ k: [] }], { k: { type: 'apiKey', in: 'header', name: 'X-Key' }, o: { type: 'http', scheme: 'basic' } }))],
  ['security-requirement-added', base({ '/a': { get: get() } }, sec([{ k: [] }], { k: { type: 'apiKey', in: 'header', name: 'X-Key' }, o: { type: 'http', scheme: 'basic' } })), base({ '/a': { get: get() } }, sec([{ k: [] }, { o: [] }], { k: { type: 'apiKey', in: 'header', name: 'X-Key' }, o: { type: 'http', scheme: 'basic' } }))],
  ['security-scope-added', base({ '/a': { get: get() } }, sec([{ k: ['read'] }])), base({ '/a': { get: get() } }, sec([{ k: ['read', 'write'] }]))],
  ['security-scope-removed', base({ '/a': { get: get() } }, sec([{ k: ['read', 'write'] }])), base({ '/a': { get: get() } }, sec([{ k: ['read'] }]))],
  ['security-scheme-removed', base({ '/a': { get: get() } }, sec(undefined, { k: { type: 'http', scheme: 'basic' }, z: { type: 'http', scheme: 'basic' } })), base({ '/a': { get: get() } }, sec(undefined, { k: { type: 'http', scheme: 'basic' } }))],
  ['security-scheme-added', base({ '/a': { get: get() } }, sec(undefined, { k: { type: 'http', scheme: 'basic' } })), base({ '/a': { get: get() } }, sec(undefined, { k: { type: 'http', scheme: 'basic' }, z: { type: 'http', scheme: 'basic' } }))],
  ['security-scheme-type-changed', base({ '/a': { get: get() } }, sec([{ k: [] }], { k: { type: 'http', scheme: 'basic' } })), base({ '/a': { get: get() } }, sec([{ k: [] }], { k: { type: 'apiKey', in: 'header', name: 'K' } }))],
  ['security-scheme-changed', base({ '/a': { get: get() } }, sec([{ k: [] }], { k: { type: 'apiKey', in: 'header', name: 'K' } })), base({ '/a': { get: get() } }, sec([{ k: [] }], { k: { type: 'apiKey', in: 'query', name: 'K' } }))],
];
for (const [name, a, b] of OP_CASES) {
  test(`check ${name} fires once with its documented severity; the unchanged spec is quiet`, async () => {
    const r = await diffDocs(a, b);
    assert.deepEqual(rules(r), [`api-diff-${name}`], JSON.stringify(r.findings));
    assert.equal(r.findings[0]!.severity, check(name).severity);
    assert.deepEqual((await diffDocs(a, a)).findings, []);
  });
}

test('every catalogue check is planted by at least one table case (bar none)', () => {
  const planted = new Set<string>([...OP_CASES.map(([n]) => `api-diff-${n}`), ...SCHEMA_CASES.flatMap(([n]) => [`api-diff-request-${n}`, `api-diff-response-${n}`])]);
  const missing = catalogue().map((c) => c.id).filter((id) => !planted.has(id));
  assert.deepEqual(missing, []);
  assert.ok(catalogue().length >= 60);
});

test('a path-level parameter change is reported once, with every operation under the path', async () => {
  const a = base({ '/a': { parameters: [q('f')], get: get(), delete: get() } });
  const b = base({ '/a': { parameters: [q('f', { required: true })], get: get(), delete: get() } });
  const r = await diffDocs(a, b);
  assert.deepEqual(r.findings.map((f) => [f.rule, f.pointer, f.operations]), [['api-diff-request-parameter-became-required', '/paths/~1a/parameters/0', ['DELETE /a', 'GET /a']]]);
});

test('a shared component is reported once with the operations it affects; recursive schemas terminate', async () => {
  const node = (extra: O) => ({ type: 'object', properties: { name: S, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } }, ...extra } });
  const spec = (extra: O) => base({
    '/a': { get: res({ '200': { description: 'a', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } }) },
    '/b': { get: res({ '200': { description: 'a', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } } } }) },
  }, { components: { schemas: { Node: node(extra) } } });
  const r = await diffDocs(spec({ size: { type: 'integer' } }), spec({}));
  assert.deepEqual(r.findings.map((f) => [f.rule, f.pointer, f.operations]), [['api-diff-response-property-removed', '/components/schemas/Node/properties/size', ['GET /a', 'GET /b']]]);
  assert.equal(r.summary.semver, 'major');
});

test('semver: additions only → minor, nothing → patch', async () => {
  assert.equal((await diffDocs(base({ '/a': { get: get() } }), base({ '/a': { get: get() }, '/b': { get: get() } }))).summary.semver, 'minor');
  assert.equal((await diffDocs(base({ '/a': { get: get() } }), base({ '/a': { get: get({ description: 'x' }) } }))).summary.semver, 'patch');
});

test('fixture pair (YAML): planted changes, with lines in the right file', async () => {
  const r = await diffResult({ old: join(FIX, 'base.yaml'), new: join(FIX, 'head.yaml'), dir: REPO, format: 'json', failOn: 'breaking' });
  const got = r.findings.map((f) => `${f.severity} ${f.rule} ${f.file}:${f.line} ${f.operations.join(',')}`);
  assert.deepEqual(got, [
    'breaking api-diff-request-maximum-tightened test/fixtures/gate-api-diff/head.yaml:9 GET /pets',
    'breaking api-diff-request-property-became-required test/fixtures/gate-api-diff/head.yaml:45 POST /pets',
    'breaking api-diff-response-enum-value-added test/fixtures/gate-api-diff/head.yaml:46 GET /pets,GET /pets/{petId}',
    'warning api-diff-operation-removed-after-deprecation test/fixtures/gate-api-diff/base.yaml:36 DELETE /pets/{id}',
    'info api-diff-path-parameter-renamed test/fixtures/gate-api-diff/head.yaml:25 GET /pets/{petId}',
    'info api-diff-response-property-became-required test/fixtures/gate-api-diff/head.yaml:45 GET /pets,GET /pets/{petId}',
    'info api-diff-request-enum-value-added test/fixtures/gate-api-diff/head.yaml:46 POST /pets',
  ]);
  assert.equal(r.summary.semver, 'major');
  for (const format of ['text', 'markdown', 'sarif'] as const) assert.ok(renderDiff(r, format).length > 0);
});

test('--base REF: the spec at a git ref (with a $ref to another file) against the working tree', async () => {
  const dir = tempDir('kao-diff-git-');
  const g = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  writeFiles(dir, {
    'api/openapi.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    $ref: "./paths/a.yaml"\n  /b:\n    get: {responses: {"200": {description: ok}}}\n',
    'api/paths/a.yaml': 'get:\n  parameters:\n    - {name: q, in: query, schema: {type: string}}\n  responses: {"200": {description: ok}}\n',
  });
  g('init', '-q'); g('-c', 'user.email=t@t', '-c', 'user.name=t', 'add', '.'); g('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'base');
  writeFileSync(join(dir, 'api/openapi.yaml'), 'openapi: 3.0.3\ninfo: {title: t, version: "2"}\npaths:\n  /a:\n    $ref: "./paths/a.yaml"\n');
  writeFileSync(join(dir, 'api/paths/a.yaml'), 'get:\n  parameters:\n    - {name: q, in: query, required: true, schema: {type: string}}\n  responses: {"200": {description: ok}}\n');
  const r = await diffResult({ base: 'HEAD', dir, format: 'json', failOn: 'breaking' });
  assert.deepEqual(r.findings.map((f) => `${f.rule} ${f.file}:${f.line}`), [
    'api-diff-operation-removed HEAD:api/openapi.yaml:7',
    'api-diff-request-parameter-became-required api/paths/a.yaml:3',
  ]);
});

test('GitHub v22.0.0 → v23.0.2: all 40 removed operations on 21 paths, the 17 deprecated beforehand told apart', async () => {
  const dir = join(CORPUS, 'github-rest-api');
  const t0 = performance.now();
  const r = await diffResult({ old: join(dir, 'api.github.com.v22.0.0.json'), new: join(dir, 'api.github.com.v23.0.2.json'), dir, format: 'json', failOn: 'breaking' });
  const ms = performance.now() - t0;
  const removed = r.findings.filter((f) => f.rule === 'api-diff-operation-removed');
  const deprecated = r.findings.filter((f) => f.rule === 'api-diff-operation-removed-after-deprecation');
  assert.equal(removed.length, 23);
  assert.equal(deprecated.length, 17);
  assert.ok(deprecated.every((f) => f.severity === 'warning') && removed.every((f) => f.severity === 'breaking'));
  const ops = [...removed, ...deprecated].flatMap((f) => f.operations);
  assert.equal(new Set(ops).size, 40);
  assert.equal(new Set(ops.map((o) => o.split(' ')[1])).size, 21);
  assert.ok(ops.includes('GET /repos/{owner}/{repo}/tags/protection'));
  assert.equal(r.findings.filter((f) => f.rule === 'api-diff-operation-added').length, 155);
  assert.equal(r.summary.semver, 'major');
  process.stdout.write(`# GitHub pair diff: ${Math.round(ms)} ms in-process, ${r.summary.findings} findings\n`);
});

test('Stripe 2022-01-25 → 2022-04-12 (circular schemas): finishes, two runs give byte-identical output', async () => {
  const dir = join(CORPUS, 'stripe');
  const run = async () => renderDiff(await diffResult({ old: join(dir, 'spec3.2022-01-25.json'), new: join(dir, 'spec3.2022-04-12.json'), dir, format: 'json', failOn: 'breaking' }), 'json');
  const t0 = performance.now();
  const one = await run();
  const ms = performance.now() - t0;
  const two = await run();
  assert.equal(one, two);
  const r = JSON.parse(one) as GateApiDiffResult;
  assert.ok(r.summary.findings > 0 && r.summary.breaking > 0);
  process.stdout.write(`# Stripe pair diff: ${Math.round(ms)} ms in-process, ${r.summary.findings} findings\n`);
});

test('Argo (Swagger 2.0): self-diff is clean; removing a path is breaking for each of its operations', async () => {
  const src = join(CORPUS, 'argo-workflows', 'swagger.json');
  const same = await diffResult({ old: src, new: src, dir: REPO, format: 'json', failOn: 'breaking' });
  assert.deepEqual(same.findings, []);
  const doc = JSON.parse(readFileSync(src, 'utf8')) as { paths: Record<string, unknown> };
  delete doc.paths['/api/v1/archived-workflows/{uid}'];
  const dir = tempDir('kao-diff-argo-');
  writeFiles(dir, { 'swagger.json': JSON.stringify(doc, null, 2) });
  const r = await diffResult({ old: src, new: join(dir, 'swagger.json'), dir: REPO, format: 'json', failOn: 'breaking' });
  assert.deepEqual(r.findings.map((f) => [f.rule, f.severity, f.operations.join(), f.line > 1]), [
    ['api-diff-operation-removed', 'breaking', 'GET /api/v1/archived-workflows/{uid}', true],
    ['api-diff-operation-removed', 'breaking', 'DELETE /api/v1/archived-workflows/{uid}', true],
  ]);
});

test('kao gate api diff --json matches the published JSON Schema, and exits 1 on breaking changes', () => {
  const validate = new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync(join(REPO, 'schemas', 'gate-api-diff.schema.json'), 'utf8')));
  const r = spawnSync(process.execPath, [join(REPO, 'bin', 'kao.js'), 'gate', 'api', 'diff', 'test/fixtures/gate-api-diff/base.yaml', 'test/fixtures/gate-api-diff/head.yaml', '--json'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  const data: unknown = JSON.parse(r.stdout);
  assert.ok(validate(data), JSON.stringify(validate.errors));
  assert.equal((data as { summary: { semver: string } }).summary.semver, 'major');
});
