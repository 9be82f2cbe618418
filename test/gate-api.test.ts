// The API Contract Gate (issue 6, checks a–c) on real specs, through the command as a process.
// Corpus facts were counted independently (python3 + PyYAML/json over the same files, not our code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { runGate } from '../src/gates/api/gate.ts';
import { REPO, SHARED, tempDir, writeFiles } from './helpers.ts';

const CORPUS = join(SHARED, 'corpus', 'openapi');
const validate = new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync(join(REPO, 'schemas', 'gate-api.schema.json'), 'utf8')));

/** Runs `kao gate api` as a user does: the built binary, in its own process. */
function gate(opts: { format?: string; failOn?: string; spec?: string[] }, cwd = REPO) {
  const args = ['gate', 'api', '--format', opts.format ?? 'json', '--fail-on', opts.failOn ?? 'error', ...(opts.spec ?? []).flatMap((s) => ['--spec', s])];
  const r = spawnSync(process.execPath, [join(REPO, 'bin', 'kao.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const count = (r: Awaited<ReturnType<typeof runGate>>, rule: string) => r.findings.filter((f) => f.rule === rule).length;

// spec → [operations, operations without effective security, error responses (distinct nodes) without problem+json]
const FACTS: [string, string, number, number, number][] = [
  ['oai-petstore-expanded/petstore-expanded.yaml', '3.0.0', 4, 4, 4],
  ['redocly-museum/openapi.yaml', '3.1.0', 8, 0, 0],
  ['argo-workflows/swagger.json', '2.0', 73, 0, 73],
  ['openai/openapi.json', '3.1.0', 288, 0, 17],
  ['stripe/spec3.2022-04-12.json', '3.0.0', 417, 0, 417],
  ['github-rest-api/api.github.com.v23.0.2.json', '3.0.3', 1223, 1223, 213],
];

for (const [file, version, ops, unsecured, notProblem] of FACTS) {
  test(`${file}: ${ops} operations, ${unsecured} without security, ${notProblem} error responses not problem+json`, async () => {
    const r = await runGate([join(CORPUS, file)], { root: CORPUS });
    assert.deepEqual(r.specs, [{ file, version, operations: ops }]);
    // An unsecured path whose name says public is reported as info (api-tenant-public-by-name), the others as errors.
    assert.equal(count(r, 'api-tenant-security-missing') + count(r, 'api-tenant-public-by-name'), unsecured);
    // One cause, one finding: each finding says how many error responses share its cause.
    const media = r.findings.filter((f) => f.rule === 'api-problem-media-type');
    assert.equal(media.reduce((n, f) => n + Number(/^(\d+) error responses/.exec(f.message)?.[1] ?? 1), 0), notProblem);
    assert.ok(media.length <= 3, `${media.length} findings for ${notProblem} responses`);
    assert.ok(validate(r), JSON.stringify(validate.errors?.slice(0, 3)));
    for (const f of r.findings) assert.ok(f.line >= 1 && f.operations.length > 0, JSON.stringify(f));
  });
}

test('the museum\'s shared Error schema is reported once, at its line, with the 8 operations using it', async () => {
  const r = await runGate([join(CORPUS, 'redocly-museum/openapi.yaml')], { root: CORPUS });
  const f = r.findings.filter((x) => x.rule === 'api-problem-schema');
  assert.equal(f.length, 1);
  assert.equal(f[0]?.pointer, '/components/schemas/Error');
  assert.equal(f[0]?.line, 408);
  assert.equal(f[0]?.operations.length, 8);
  assert.match(f[0]?.message ?? '', /no "status", no "detail", no "instance"/);
});

test('petstore\'s default error response is located at its line in the YAML', async () => {
  const r = await runGate([join(CORPUS, 'oai-petstore-expanded/petstore-expanded.yaml')], { root: CORPUS });
  const f = r.findings.find((x) => x.rule === 'api-problem-media-type' && x.pointer === '/paths/~1pets/get/responses/default');
  assert.equal(f?.line, 51);
});

test('a spec split over files by relative $refs, with a circular schema, is followed and located file by file', async () => {
  const dir = join(REPO, 'test/fixtures/gate-api/multi');
  const r = await runGate([join(dir, 'openapi.yaml')], { root: dir });
  const f = r.findings.find((x) => x.rule === 'api-problem-schema');
  assert.equal(f?.file, 'schemas/problem.yaml');
  assert.equal(f?.pointer, '/Problem');
  assert.equal(f?.line, 1);
});

test('the command finds the specs in a repository, skips node_modules, and exits 1 on errors', () => {
  const dir = tempDir();
  writeFiles(dir, {
    'api/openapi.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get: {responses: {"200": {description: ok}}}\n',
    'node_modules/x/openapi.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\n',
  });
  const r = gate({}, dir);
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout) as { specs: { file: string }[]; findings: { rule: string; line: number }[] };
  const valid = validate(out);
  assert.ok(valid);
  assert.deepEqual(out.specs.map((s) => s.file), ['api/openapi.yaml']);
  assert.deepEqual(out.findings.map((f) => `${f.rule}:${f.line}`), ['api-tenant-security-missing:5']);
});

test('a clean spec exits 0, and warnings fail only with --fail-on warning', () => {
  const dir = tempDir();
  writeFiles(dir, { 'openapi.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\nsecurity: [{k: []}]\npaths:\n  /a:\n    get:\n      parameters: [{name: q, in: query, schema: {type: string}}]\n      responses: {"204": {description: ok}}\n' });
  assert.equal(gate({ format: 'text' }, dir).status, 0);
  assert.equal(gate({ format: 'text', failOn: 'warning' }, dir).status, 1);
  const md = gate({ format: 'markdown', failOn: 'warning' }, dir).stdout;
  assert.match(md, /\*\*\(a\) Inputs validated\*\*: 1 finding/);
  const sarif = JSON.parse(gate({ format: 'sarif' }, dir).stdout);
  assert.equal(sarif.runs[0].results[0].ruleId, 'api-input-string-unbounded');
  assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine, 7);
});

test('bad input exits 2 with the reason and the position, never a stack', () => {
  const dir = tempDir();
  writeFiles(dir, {
    'bad.json': '{\n  "openapi": "3.0.0",\n  "paths": {,}\n}\n',
    'bad.yaml': 'openapi: 3.0.0\npaths:\n  /a: [\n',
    'other.yaml': 'name: not openapi\n',
    'ref.yaml': 'openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get: {responses: {"404": {$ref: "./missing.yaml#/X"}}}\n',
    'ptr.yaml': 'openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get: {responses: {"404": {$ref: "#/components/responses/Nope"}}}\n',
  });
  const cases: [string, RegExp][] = [
    ['bad.json', /bad\.json:3:\d+: invalid JSON/],
    ['bad.yaml', /bad\.yaml:\d+:\d+: invalid YAML/],
    ['other.yaml', /other\.yaml:1:1: not an OpenAPI document/],
    ['ref.yaml', /cannot resolve a \$ref: .*missing\.yaml/],
    ['ptr.yaml', /ptr\.yaml:5:\d+: \$ref "#\/components\/responses\/Nope" names nothing/],
    ['absent.yaml', /absent\.yaml: no such file/],
  ];
  for (const [file, message] of cases) {
    const r = gate({ spec: [join(dir, file)] }, dir);
    assert.equal(r.status, 2, `${file}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('a $ref out of the repository, a 100 MB file and a $ref cycle with no base case are clear errors, not crashes', () => {
  const root = tempDir('kao-gate-bad-');
  writeFiles(root, {
    'outside/s.yaml': 'type: object\n',
    'repo/openapi.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /x:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: "../outside/s.yaml" }\n',
    'repo/cycle.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /x:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: { $ref: "#/components/schemas/A" }\n      responses:\n        "204": { description: ok }\ncomponents:\n  schemas:\n    A: { $ref: "#/components/schemas/B" }\n    B: { $ref: "#/components/schemas/A" }\n',
  });
  const repo = join(root, 'repo');
  const out = gate({ spec: ['openapi.yaml'] }, repo);
  assert.equal(out.status, 2);
  assert.match(out.stderr, /a \$ref leaves the repository \(.*outside\/s\.yaml\)/);
  const cycle = gate({ spec: ['cycle.yaml'] }, repo);
  assert.equal(cycle.status, 2);
  assert.match(cycle.stderr, /cycle\.yaml:\d+:\d+: \$ref chain with no end/);
  const big = join(repo, 'big.json');
  const fd = openSync(big, 'w');
  writeSync(fd, '{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"x":"');
  const chunk = 'a'.repeat(1 << 20);
  for (let i = 0; i < 100; i++) writeSync(fd, chunk);
  writeSync(fd, '"}');
  closeSync(fd);
  const huge = gate({ spec: ['big.json'] }, repo);
  assert.equal(huge.status, 2);
  assert.match(huge.stderr, /big\.json: the file is 10\d MB, over the 64 MB limit/);
  for (const r of [out, cycle, huge]) assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('a spec outside the repository: its local #/ pointers are read, its files are bounded by its own folder', () => {
  const root = tempDir('kao-gate-outside-');
  writeFiles(root, {
    'repo/README.md': 'an unrelated repository\n',
    'specs/other.yaml': 'type: object\nadditionalProperties: false\nproperties:\n  id: { type: string, maxLength: 10 }\n',
    'specs/api.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\nsecurity: [{key: []}]\npaths:\n  /x:\n    get:\n      parameters: [{ $ref: "#/components/parameters/Q" }]\n      responses:\n        "200": { description: ok, content: { application/json: { schema: { $ref: "./other.yaml" } } } }\ncomponents:\n  securitySchemes: { key: { type: apiKey, in: header, name: X-Key } }\n  parameters:\n    Q: { name: q, in: query, schema: { type: string, maxLength: 5 } }\n',
    'specs/escape.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /x:\n    get:\n      responses:\n        "200": { description: ok, content: { application/json: { schema: { $ref: "../repo/s.yaml" } } } }\n',
    'repo/s.yaml': 'type: string\n',
  });
  const repo = join(root, 'repo');
  // The corpus spec, from a repository it is not part of: every #/ reference is local.
  const museum = gate({ spec: [join(CORPUS, 'redocly-museum', 'openapi.yaml')] }, repo);
  assert.equal(museum.status, 1, museum.stderr);
  const result = JSON.parse(museum.stdout) as { specs: { file: string; operations: number }[] };
  assert.deepEqual(result.specs.map((s) => s.operations), [8]);
  assert.equal(result.specs[0]!.file, join(CORPUS, 'redocly-museum', 'openapi.yaml'), 'a spec outside the repository is named by its absolute path');
  assert.equal((JSON.parse(museum.stdout) as { codeSkipped?: string }).codeSkipped, 'the spec is not in this repository, so the code here is not what it describes');
  const own = gate({ spec: [join(root, 'specs', 'api.yaml')] }, repo);
  assert.equal(own.status, 0, own.stderr + own.stdout);
  const escape = gate({ spec: [join(root, 'specs', 'escape.yaml')] }, repo);
  assert.equal(escape.status, 2);
  assert.match(escape.stderr, /escape\.yaml: a \$ref leaves the spec's folder \(.*repo\/s\.yaml\)/);
});

test('--spec takes a folder as every spec in it; a folder with none or a missing path is exit 2', () => {
  const root = tempDir('kao-gate-folder-');
  writeFiles(root, {
    'api/a.yaml': 'openapi: 3.0.3\ninfo: {title: a, version: "1"}\npaths: {}\n',
    'api/v2/b.json': '{"swagger":"2.0","info":{"title":"b","version":"1"},"paths":{}}',
    'api/fragments/pet.yaml': 'type: object\n',
    'empty/notes.yaml': 'a: 1\n',
  });
  const all = gate({ spec: ['api'] }, root);
  assert.equal(all.status, 0, all.stderr);
  assert.deepEqual((JSON.parse(all.stdout) as { specs: { file: string }[] }).specs.map((s) => s.file), ['api/a.yaml', 'api/v2/b.json']);
  const none = gate({ spec: ['empty'] }, root);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /--spec empty: the folder holds no OpenAPI description/);
  const missing = gate({ spec: ['nope.yaml'] }, root);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--spec nope\.yaml: no such file or folder/);
});

test('a schema that applies to the same value forever (allOf/anyOf back to itself) is an unreadable spec at its line; recursion through properties is fine', () => {
  const root = tempDir('kao-gate-cycle-');
  const head = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\nsecurity: [{key: []}]\npaths:\n  /x:\n    post:\n      requestBody: { content: { application/json: { schema: { $ref: "#/components/schemas/A" } } } }\n      responses: { "204": { description: ok } }\ncomponents:\n  securitySchemes: { key: { type: apiKey, in: header, name: X-Key } }\n  schemas:\n';
  writeFiles(root, {
    'self.yaml': head + '    A:\n      allOf:\n        - $ref: "#/components/schemas/A"\n',
    'pair.yaml': head + '    A:\n      anyOf:\n        - { type: string, maxLength: 3 }\n        - $ref: "#/components/schemas/B"\n    B:\n      allOf:\n        - $ref: "#/components/schemas/A"\n',
    'tree.yaml': head + '    A:\n      type: object\n      additionalProperties: false\n      properties:\n        children: { type: array, maxItems: 5, items: { $ref: "#/components/schemas/A" } }\n        parent: { allOf: [{ $ref: "#/components/schemas/A" }] }\n',
  });
  const self = gate({ spec: ['self.yaml'] }, root);
  assert.equal(self.status, 2);
  assert.match(self.stderr, /self\.yaml:14:11: schema cycle with no base case: \/components\/schemas\/A → \/components\/schemas\/A/);
  const pair = gate({ spec: ['pair.yaml'] }, root);
  assert.equal(pair.status, 2);
  assert.match(pair.stderr, /pair\.yaml:\d+:\d+: schema cycle with no base case: \/components\/schemas\/A → \/components\/schemas\/B → \/components\/schemas\/A/);
  const tree = gate({ spec: ['tree.yaml'] }, root);
  assert.equal(tree.status, 0, tree.stderr + tree.stdout);
});

test('one cause, one finding: error responses shaped by one `produces` (2.0) or offering the same media types are one finding with its count and places', () => {
  const root = tempDir('kao-gate-cause-');
  const ops2 = (n: number, own: boolean) => Array.from({ length: n }, (_, i) => `    "/items${i}": {"get": {${own ? '"produces": ["application/json"], ' : ''}"responses": {"200": {"description": "ok"}, "400": {"description": "bad", "schema": {"$ref": "#/definitions/Err"}}, "500": {"description": "oops", "schema": {"$ref": "#/definitions/Err"}}}}}`).join(',\n');
  const swagger = (own: boolean) => `{\n  "swagger": "2.0",\n  "info": {"title": "t", "version": "1"},\n  "produces": ["application/json"],\n  "security": [{"key": []}],\n  "securityDefinitions": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}},\n  "paths": {\n${ops2(40, own)}\n  },\n  "definitions": {"Err": {"type": "object", "properties": {"message": {"type": "string"}}}}\n}\n`;
  writeFiles(root, {
    'global.json': swagger(false),
    'each.json': swagger(true),
    'mixed.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\nsecurity: [{key: []}]\ncomponents: {securitySchemes: {key: {type: apiKey, in: header, name: X-Key}}}\npaths:\n' +
      Array.from({ length: 6 }, (_, i) => `  /a${i}:\n    get:\n      responses:\n        "404": {description: nf, content: {${i < 4 ? 'application/json' : 'text/plain'}: {schema: {type: string}}}}\n`).join(''),
  });
  const problem = (file: string) => {
    const out = gate({ spec: [file] }, root);
    return (JSON.parse(out.stdout) as { findings: { rule: string; line: number; pointer: string; message: string; operations: string[]; also?: { pointer: string }[] }[] }).findings.filter((f) => f.rule === 'api-problem-media-type');
  };
  const global = problem('global.json');
  assert.equal(global.length, 1);
  assert.equal(global[0]!.pointer, '/produces', 'the finding sits on the one setting that causes it');
  assert.equal(global[0]!.line, 4);
  assert.match(global[0]!.message, /^80 error responses \(400, 500\) in 40 operations offer application\/json but not application\/problem\+json, all from this `produces`$/);
  assert.equal(global[0]!.operations.length, 40);
  assert.equal(global[0]!.also, undefined);
  const each = problem('each.json');
  assert.equal(each.length, 1, 'the same media types set on every operation are one cause');
  assert.equal(each[0]!.pointer, '/paths/~1items0/get/produces');
  assert.equal(each[0]!.also?.length, 39);
  const mixed = problem('mixed.yaml');
  assert.deepEqual(mixed.map((f) => f.message).sort(), [
    '2 error responses (404) in 2 operations offer text/plain but not application/problem+json',
    '4 error responses (404) in 4 operations offer application/json but not application/problem+json',
  ]);
  const text = gate({ spec: ['each.json'], format: 'text' }, root);
  assert.match(text.stdout, /api-problem-media-type 80 error responses .* \(and 39 more places\) \[GET \/items0, GET \/items1, GET \/items10 and 37 more\]/);
  const sarif = JSON.parse(gate({ spec: ['each.json'], format: 'sarif' }, root).stdout) as { runs: { results: { ruleId: string; relatedLocations?: unknown[] }[] }[] };
  assert.equal(sarif.runs[0]!.results.find((r) => r.ruleId === 'api-problem-media-type')?.relatedLocations?.length, 39);
});

test('a generator\'s JSON and YAML of one description (swag writes both) are checked once; a YAML that differs is checked on its own', () => {
  const root = tempDir('kao-gate-same-');
  const doc = (ops: string[]) => ({ swagger: '2.0', info: { title: 't', version: '1' }, paths: Object.fromEntries(ops.map((p) => [p, { get: { responses: { 200: { description: 'ok' } } } }])) });
  const toYaml = (v: unknown): string => JSON.stringify(v, null, 2); // JSON is YAML: the parsed documents are what is compared
  writeFiles(root, {
    'docs/swagger.json': JSON.stringify(doc(['/a', '/b'])),
    'docs/swagger.yaml': `# written by the generator\n${toYaml(doc(['/a', '/b']))}\n`,
    'old/swagger.json': JSON.stringify(doc(['/a'])),
    'old/swagger.yaml': toYaml(doc(['/a', '/c'])),
  });
  const out = gate({}, root);
  const result = JSON.parse(out.stdout) as { specs: { file: string }[]; sameAs?: { file: string; checked: string }[]; findings: { file: string }[] };
  assert.ok(validate(result), JSON.stringify(validate.errors));
  assert.deepEqual(result.specs.map((s) => s.file), ['docs/swagger.json', 'old/swagger.json', 'old/swagger.yaml']);
  assert.deepEqual(result.sameAs, [{ file: 'docs/swagger.yaml', checked: 'docs/swagger.json' }]);
  assert.ok(!result.findings.some((f) => f.file === 'docs/swagger.yaml'));
  assert.match(gate({ format: 'text' }, root).stdout, /docs\/swagger\.yaml: the same description as docs\/swagger\.json, checked once/);
});
