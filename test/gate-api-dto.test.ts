// DTO alignment (issue 6, check d) on small real code bases: TypeScript (interfaces, type aliases,
// zod) and Go (structs with json tags) against test/fixtures/gate-api-dto/openapi.yaml. Each drift
// fixture plants every kind of mismatch exactly once; the aligned fixtures must produce nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { loadSpec } from '../src/gates/api/load.ts';
import { alignDecls, checkDtoAlignment, DTO_RULES, readCode } from '../src/gates/api/dto/index.ts';
import { compareDecl } from '../src/gates/api/dto/compare.ts';
import { looseName } from '../src/gates/api/dto/match.ts';
import { DEFAULT_SUFFIXES, type CodeDecl, type CodeType } from '../src/gates/api/dto/model.ts';
import { kao, REPO, tempDir, writeFiles } from './helpers.ts';

const FIX = join(REPO, 'test', 'fixtures', 'gate-api-dto');
const spec = await loadSpec(join(FIX, 'openapi.yaml'));
const run = (dir: string, opts: Parameters<typeof checkDtoAlignment>[1] extends infer O ? Partial<O> : never = {}) =>
  checkDtoAlignment(spec, { codeDir: join(FIX, dir), root: FIX, ...opts });
const BOTH_OPS = ['GET /orders/{orderId}', 'POST /orders'];
const S = '/components/schemas';

test('aligned TypeScript (interfaces across files, extends, type alias, zod with annotations) has no findings', async () => {
  const decls = await readCode(join(FIX, 'ts-aligned'), ['typescript']);
  // Read: both interfaces and zod consts (the z.infer alias stands aside for its schema).
  assert.deepEqual(decls.map((d) => `${d.flavour} ${d.name}${d.annotation ? ` @${d.annotation}` : ''}`).sort(), [
    'interface LineItem', 'interface Money', 'interface OrderRow', 'interface Priced', 'type Order', 'type OrderStatus',
    'zod CreateOrderBody @#/components/schemas/CreateOrderRequest', 'zod LineItemSchema @LineItem', 'zod Money', 'zod Order @off',
  ]);
  assert.deepEqual(await run('ts-aligned'), []);
});

test('aligned Go (json tags, omitempty, pointers, embedded struct, nested, slices, maps, const enum) has no findings', async () => {
  const decls = await readCode(join(FIX, 'go-aligned'), ['go']);
  assert.deepEqual(decls.map((d) => `${d.flavour} ${d.name}${d.annotation ? ` @${d.annotation}` : ''}`).sort(), [
    'enum OrderStatus', 'struct CreateOrderInput @#/components/schemas/CreateOrderRequest', 'struct CustomerRef', 'struct LineItem', 'struct Money', 'struct Order',
  ]);
  const order = decls.find((d) => d.name === 'Order')!.type;
  assert.ok(order.kind === 'object');
  // `json:"-"` and unexported fields are not on the wire.
  assert.deepEqual(order.fields.map((f) => f.name), ['id', 'status', 'customerId', 'items', 'total', 'couponCode', 'createdAt', 'tags', 'metadata']);
  assert.deepEqual(await run('go-aligned'), []);
});

const summary = (fs: Awaited<ReturnType<typeof run>>) => fs.map((f) => [f.rule, `${f.file}:${f.line}`, f.pointer]);

test('TypeScript drift: each kind of mismatch once, at the code line and the spec pointer', async () => {
  const fs = await run('ts-drift');
  const file = 'ts-drift/src/orders.ts';
  assert.deepEqual(summary(fs), [
    ['api-dto-enum-drift', `${file}:3`, `${S}/OrderStatus/enum`],
    ['api-dto-field-missing-in-code', `${file}:17`, `${S}/Order/properties/createdAt`],
    ['api-dto-type-mismatch', `${file}:22`, `${S}/Money/properties/amount`],
    ['api-dto-nullable-mismatch', `${file}:23`, `${S}/Order/properties/couponCode`],
    ['api-dto-field-missing-in-spec', `${file}:26`, `${S}/Order/properties`],
    ['api-dto-required-mismatch', `${file}:33`, `${S}/CreateOrderRequest/properties/couponCode`],
    ['api-dto-annotation-unresolved', `${file}:37`, ''],
  ]);
  assert.deepEqual(new Set(fs.map((f) => f.rule)), new Set(Object.keys(DTO_RULES)));
  const by = (rule: string) => fs.find((f) => f.rule === rule)!;
  assert.match(by('api-dto-enum-drift').message, /TypeScript has "refunded" that the schema lacks; the schema has "cancelled"/);
  assert.match(by('api-dto-type-mismatch').message, /^Order\.total\.amount: the TypeScript type is string, the schema says integer/);
  assert.match(by('api-dto-required-mismatch').message, /^CreateOrderBody\.couponCode: the schema has it optional, the TypeScript field is required/);
  assert.match(by('api-dto-field-missing-in-code').message, /^Order\.createdAt: the schema's required property/);
  assert.match(by('api-dto-field-missing-in-spec').message, /^Order\.giftWrap: .*closed/);
  assert.match(by('api-dto-nullable-mismatch').message, /schema allows null/);
  // The spec side: its line in the YAML file, and the operations that use the schema.
  assert.deepEqual(by('api-dto-field-missing-in-code').spec, { file: 'openapi.yaml', line: 93, column: 9, pointer: `${S}/Order/properties/createdAt` });
  assert.deepEqual(by('api-dto-type-mismatch').operations, BOTH_OPS);
  assert.deepEqual(by('api-dto-required-mismatch').operations, ['POST /orders']);
  for (const f of fs) {
    assert.equal(f.check, 'dto');
    assert.equal(f.severity, DTO_RULES[f.rule as keyof typeof DTO_RULES].severity);
    assert.ok(f.fix.length > 0 && f.message.includes('openapi.yaml:'));
  }
});

test('Go drift: each kind of mismatch once (omitempty, pointer, nested struct via slice, const enum)', async () => {
  const fs = await run('go-drift');
  const file = 'go-drift/orders/models.go';
  assert.deepEqual(summary(fs), [
    ['api-dto-enum-drift', `${file}:5`, `${S}/OrderStatus/enum`],
    ['api-dto-type-mismatch', `${file}:21`, `${S}/LineItem/properties/quantity`],
    ['api-dto-field-missing-in-code', `${file}:26`, `${S}/Order/properties/tags`],
    ['api-dto-required-mismatch', `${file}:29`, `${S}/Order/properties/customerId`],
    ['api-dto-nullable-mismatch', `${file}:33`, `${S}/Order/properties/createdAt`],
    ['api-dto-field-missing-in-spec', `${file}:35`, `${S}/Order/properties`],
    ['api-dto-annotation-unresolved', `${file}:39`, ''],
  ]);
  const by = (rule: string) => fs.find((f) => f.rule === rule)!;
  assert.match(by('api-dto-required-mismatch').message, /the schema requires it, the Go field is optional \(omitempty\)/);
  assert.match(by('api-dto-nullable-mismatch').message, /pointer without omitempty/);
  assert.match(by('api-dto-field-missing-in-spec').message, /^Order\.priority:/);
  assert.match(by('api-dto-annotation-unresolved').message, /#\/components\/schemas\/Refund names no schema/);
  assert.equal(by('api-dto-nullable-mismatch').severity, 'warning');
});

test('rule settings: off drops a rule, a severity overrides the default', async () => {
  const fs = await run('go-drift', { rules: { 'api-dto-nullable-mismatch': 'off', 'api-dto-enum-drift': 'warning' } });
  assert.equal(fs.filter((f) => f.rule === 'api-dto-nullable-mismatch').length, 0);
  assert.equal(fs.find((f) => f.rule === 'api-dto-enum-drift')!.severity, 'warning');
});

test('matching by name: exact (default), loose with suffixes stripped, off (annotations only)', async () => {
  assert.equal(looseName('CreateOrderRequestDto', DEFAULT_SUFFIXES), 'createorder');
  assert.equal(looseName('order_status', DEFAULT_SUFFIXES), 'orderstatus');
  const loc = { file: join(FIX, 'x.ts'), line: 1, column: 1 };
  const decl = (name: string): CodeDecl => ({ name, language: 'typescript', flavour: 'interface', loc, type: { kind: 'object', fields: [{ name: 'amount', type: { kind: 'number' }, optional: false, nullable: false, loc }] } });
  const decls = [decl('MoneyDto'), decl('money_response')];
  assert.deepEqual(alignDecls(spec, decls, { root: FIX }), []); // exact: neither name is a schema
  const loose = alignDecls(spec, decls, { root: FIX, match: { byName: 'loose' } });
  assert.deepEqual(loose.map((f) => f.rule), ['api-dto-field-missing-in-code']); // currency, deduplicated per code line and schema node
  assert.equal(loose[0]!.pointer, `${S}/Money/properties/currency`);
  const off = await run('go-drift', { match: { byName: 'off' } });
  assert.deepEqual(off.map((f) => f.rule), ['api-dto-annotation-unresolved']);
});

test('the pure core: types in, findings out; recursive types and schemas terminate', async () => {
  const dir = tempDir('kao-dto-');
  writeFiles(dir, {
    'tree.yaml': `openapi: 3.1.0
info: { title: t, version: '1' }
paths: {}
components:
  schemas:
    Node:
      type: object
      required: [name, children]
      properties:
        name: { type: [string, 'null'] }
        weight: { type: number }
        children: { type: array, items: { $ref: '#/components/schemas/Node' } }
`,
  });
  const tree = await loadSpec(join(dir, 'tree.yaml'));
  const loc = { file: join(dir, 'node.go'), line: 3, column: 1 };
  const node: CodeType & { kind: 'object' } = { kind: 'object', name: 'Node', fields: [], loc };
  node.fields.push(
    { name: 'name', type: { kind: 'string' }, optional: false, nullable: true, loc: { ...loc, line: 4 } },
    { name: 'weight', type: { kind: 'integer' }, optional: true, nullable: false, optionalWhy: 'omitempty', loc: { ...loc, line: 5 } },
    { name: 'children', type: { kind: 'array', items: node }, optional: false, nullable: false, loc: { ...loc, line: 6 } },
  );
  const components = tree.doc.components as { schemas: { Node: Record<string, never> } };
  const raw = compareDecl(tree, { name: 'Node', language: 'go', flavour: 'struct', loc, type: node }, { node: components.schemas.Node, origin: { file: tree.file, pointer: '/components/schemas/Node' } });
  assert.deepEqual(raw.map((f) => [f.rule, f.code.line, f.spec.pointer, f.message]), [
    ['api-dto-type-mismatch', 5, '/components/schemas/Node/properties/weight', 'Node.weight: the Go type is integer, the schema says number'],
  ]);
});

test('kao gate api --code runs DTO alignment with the other checks, in the published JSON contract', () => {
  const validate = new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync(`${REPO}/schemas/gate-api.schema.json`, 'utf8')));
  const run = (code: string) => {
    const r = kao(['gate', 'api', '--spec', 'test/fixtures/gate-api-dto/openapi.yaml', '--code', `test/fixtures/gate-api-dto/${code}`, '--json']);
    const data: unknown = JSON.parse(r.stdout);
    assert.ok(validate(data), JSON.stringify(validate.errors));
    return { status: r.status, out: data as { findings: { check: string; rule: string }[]; summary: { byCheck: { dto: number } } } };
  };
  const drift = run('go-drift');
  assert.equal(drift.status, 1);
  assert.deepEqual([...new Set(drift.out.findings.filter((f) => f.check === 'dto').map((f) => f.rule))].sort(), [
    'api-dto-annotation-unresolved', 'api-dto-enum-drift', 'api-dto-field-missing-in-code', 'api-dto-field-missing-in-spec',
    'api-dto-nullable-mismatch', 'api-dto-required-mismatch', 'api-dto-type-mismatch',
  ]);
  assert.equal(run('go-aligned').out.summary.byCheck.dto, 0);
});

test('DTO alignment can be configured in .github/agent-os/api-gate.yaml instead of --code', () => {
  const root = tempDir('kao-dto-config-');
  writeFiles(root, {
    'openapi.yaml': readFileSync(join(REPO, 'test/fixtures/gate-api-dto/openapi.yaml'), 'utf8'),
    '.github/agent-os/api-gate.yaml': 'version: 1\ndto:\n  code: [src]\n  match: { byName: off }\n',
    'src/order.ts': '// @openapi #/components/schemas/Money\nexport interface Money {\n  amount: string;\n  currency: string;\n}\n',
  });
  const r = kao(['gate', 'api', '--json'], root);
  const out = JSON.parse(r.stdout) as { code: string[]; findings: { check: string; rule: string; file: string }[] };
  assert.deepEqual(out.code, ['src']);
  assert.deepEqual(out.findings.filter((f) => f.check === 'dto').map((f) => `${f.file} ${f.rule}`), ['src/order.ts api-dto-type-mismatch']);
});

/** The fixture spec as swag writes it: Swagger 2.0, `definitions` named `pkg.Type`, a docs.go beside it. */
function asSwag(pkg: string): string {
  const src = parseYaml(readFileSync(join(FIX, 'openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, { parameters?: unknown[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }> }>>; components: { schemas: Record<string, unknown> } };
  const rename = (v: unknown): unknown => JSON.parse(JSON.stringify(v).replace(/#\/components\/schemas\/(\w+)/g, `#/definitions/${pkg}.$1`));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(src.paths)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(item)) {
      const params = (op.parameters ?? []).map((p) => { const { schema, ...rest } = p as { schema: Record<string, unknown> }; return { ...rest, ...schema }; });
      if (op.requestBody) params.push({ name: 'request', in: 'body', required: true, schema: rename(op.requestBody.content['application/json']!.schema) as Record<string, unknown> });
      const responses = Object.fromEntries(Object.entries(op.responses).map(([code, r]) => [code, { description: r.description, ...(r.content ? { schema: rename(r.content['application/json']!.schema) } : {}) }]));
      paths[path][method] = { consumes: ['application/json'], produces: ['application/json'], parameters: params, responses };
    }
  }
  const definitions = Object.fromEntries(Object.entries(src.components.schemas).map(([name, s]) => [`${pkg}.${name}`, rename(s)]));
  return JSON.stringify({ swagger: '2.0', info: { title: 'Orders', version: '1.0' }, paths, definitions }, null, 2);
}

test('swag: Swagger 2.0 definitions named pkg.Type meet the Go types they come from; the findings are the 3.x ones, at the 2.0 pointers', async () => {
  const dir = tempDir('kao-swag-');
  writeFiles(dir, {
    'go.mod': 'module example.com/shop\n\ngo 1.22\n',
    'orders/models.go': readFileSync(join(FIX, 'go-drift', 'orders', 'models.go'), 'utf8'),
    // Another package with a type of the same name: the swag prefix decides which one a definition is.
    'legacy/order.go': 'package legacy\n\ntype Order struct {\n\tCode string `json:"code"`\n}\n',
    'docs/docs.go': '// Package docs is written by github.com/swaggo/swag from the handlers\' comments.\npackage docs\n\nimport "github.com/swaggo/swag"\n\nvar _ = swag.Register\n',
    'docs/swagger.json': asSwag('orders'),
  });
  const swagSpec = await loadSpec(join(dir, 'docs', 'swagger.json'));
  const decls = await readCode(dir);
  const found = alignDecls(swagSpec, decls, { root: dir });
  const kinds = (list: { rule: string; pointer: string }[]) => list.map((f) => `${f.rule} ${f.pointer.replace(/^\/(components\/schemas|definitions)\/(orders\.)?/, '')}`).sort();
  const threeX = await run('go-drift');
  assert.deepEqual(kinds(found), kinds(threeX), 'the same drift is found in the 2.0 description');
  assert.ok(found.some((f) => f.pointer === '/definitions/orders.Order/properties/tags'));
  assert.ok(!found.some((f) => f.file.startsWith('legacy/')), 'legacy.Order is not orders.Order');

  // Through the command: the fix speaks swag's words.
  const out = kao(['gate', 'api', '--spec', 'docs/swagger.json', '--code', '.', '--json'], dir);
  assert.equal(out.status, 1, out.stderr);
  const result = JSON.parse(out.stdout) as { findings: { rule: string; fix: string; check: string }[] };
  assert.equal(result.findings.filter((f) => f.check === 'dto').length, found.length);
  assert.match(result.findings.find((f) => f.rule === 'api-tenant-security-missing')!.fix, /\/\/ @Security <scheme>/);
  assert.match(result.findings.find((f) => f.rule === 'api-input-object-open')?.fix ?? result.findings.find((f) => f.rule === 'api-input-string-unbounded')!.fix, /swag/);
});

test('fix hints speak the spec\'s version: 3.x `content`, hand-written 2.0 `produces`, swag `@Produce` / `@Failure`', () => {
  const dir = tempDir('kao-fix-words-');
  const v2 = '{"swagger":"2.0","info":{"title":"t","version":"1"},"produces":["application/json"],"paths":{"/a":{"get":{"responses":{"404":{"description":"nf","schema":{"type":"object"}}}}}}}';
  writeFiles(dir, {
    'v3/openapi.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "404": {description: nf, content: {application/json: {schema: {type: object}}}}\n',
    'v2/swagger.json': v2,
    'swag/swagger.json': v2,
    'swag/docs.go': 'package docs\n\nimport "github.com/swaggo/swag"\n',
  });
  const fix = (spec: string, rule: string) => (JSON.parse(kao(['gate', 'api', '--spec', spec, '--json'], dir).stdout) as { findings: { rule: string; fix: string }[] }).findings.find((f) => f.rule === rule)!.fix;
  assert.match(fix('v3/openapi.yaml', 'api-problem-media-type'), /content: \{application\/problem\+json/);
  assert.match(fix('v2/swagger.json', 'api-problem-media-type'), /`produces`/);
  assert.doesNotMatch(fix('v2/swagger.json', 'api-problem-media-type'), /content:/);
  assert.match(fix('swag/swagger.json', 'api-problem-media-type'), /@Produce json,application\/problem\+json.*@Failure 400 \{object\} Problem.*swag init/);
  assert.match(fix('v2/swagger.json', 'api-tenant-security-missing'), /securityDefinitions/);
  assert.match(fix('swag/swagger.json', 'api-tenant-security-missing'), /@Security/);
});

test('a plain `kao gate api` finds the code roots (go.mod, tsconfig.json, package.json) and says which it read; a missing --code or dto.code folder is exit 2', () => {
  const root = tempDir('kao-dto-roots-');
  writeFiles(root, {
    'backend/go.mod': 'module example.com/shop\n\ngo 1.22\n',
    'backend/orders/models.go': readFileSync(join(FIX, 'go-drift', 'orders', 'models.go'), 'utf8'),
    'backend/api/openapi.yaml': readFileSync(join(FIX, 'openapi.yaml'), 'utf8'),
    'web/package.json': '{"name": "web", "private": true}\n',
    'web/tsconfig.json': '{}\n',
    'web/src/money.ts': 'export interface Money {\n  amount: string;\n  currency: string;\n}\n',
    'docs/readme.md': 'no code here\n',
  });
  const r = kao(['gate', 'api', '--json'], root);
  const out = JSON.parse(r.stdout) as { code?: string[]; findings: { check: string; rule: string; file: string }[] };
  assert.deepEqual(out.code, ['backend', 'web'], 'the outermost folder of each root, nested markers folded in');
  const files = new Set(out.findings.filter((f) => f.check === 'dto').map((f) => f.file.split('/')[0]));
  assert.deepEqual([...files].sort(), ['backend', 'web']);
  const text = kao(['gate', 'api', '--no-color'], root);
  assert.match(text.stdout, /\(d\) DTOs aligned with the schemas: \d+ findings \(code read: backend, web\)/);

  const missing = kao(['gate', 'api', '--code', 'servr'], root);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--code servr: no such folder/);
  writeFiles(root, { '.github/agent-os/api-gate.yaml': 'dto:\n  code: [srv]\n' });
  const config = kao(['gate', 'api'], root);
  assert.equal(config.status, 2);
  assert.match(config.stderr, /api-gate\.yaml: dto\.code srv: no such folder/);

  const bare = tempDir('kao-dto-none-');
  writeFiles(bare, { 'openapi.yaml': readFileSync(join(FIX, 'openapi.yaml'), 'utf8') });
  assert.match(kao(['gate', 'api', '--no-color'], bare).stdout, /\(d\) DTOs aligned with the schemas: not run \(no go\.mod, tsconfig\.json or package\.json/);
});

test('swag: requiredness is read as swag reads it (binding/validate "required"), so a generated spec does not drift against its own types', async () => {
  const dir = tempDir('kao-swag-required-');
  const spec = (required: string[]) => JSON.stringify({
    swagger: '2.0', info: { title: 't', version: '1' },
    paths: { '/users': { post: { parameters: [{ name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/api.CreateUser' } }], responses: { 204: { description: 'ok' } } } } },
    definitions: { 'api.CreateUser': { type: 'object', ...(required.length ? { required } : {}), properties: { name: { type: 'string' }, note: { type: 'string' }, email: { type: 'string' } } } },
  });
  writeFiles(dir, {
    'go.mod': 'module example.com/u\n\ngo 1.22\n',
    'api/user.go': 'package api\n\ntype CreateUser struct {\n\tName  string `json:"name" binding:"required"`\n\tNote  string `json:"note"`\n\tEmail string `json:"email" validate:"required,email"`\n}\n',
    'docs/docs.go': 'package docs\n\nimport "github.com/swaggo/swag"\n',
    'docs/swagger.json': spec(['name', 'email']),
    'plain/swagger.json': spec(['name', 'email']),
    'stale/docs.go': 'package docs\n\nimport "github.com/swaggo/swag"\n',
    'stale/swagger.json': spec(['name']),
  });
  const dto = (file: string) => (JSON.parse(kao(['gate', 'api', '--spec', file, '--json'], dir).stdout) as { findings: { check: string; rule: string; message: string }[] }).findings.filter((f) => f.check === 'dto');
  assert.deepEqual(dto('docs/swagger.json'), [], 'swag wrote what the tags say');
  assert.deepEqual(dto('plain/swagger.json').map((f) => f.message.split(':')[0]), ['CreateUser.note'], 'a hand-written 2.0 spec is read with omitempty semantics');
  const stale = dto('stale/swagger.json');
  assert.deepEqual(stale.map((f) => f.rule), ['api-dto-required-mismatch']);
  assert.match(stale[0]!.message, /CreateUser\.email: the schema has it optional, the Go field is required \(validate:"required"\)/);
});
