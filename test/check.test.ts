// kao check on real git repositories built in temp folders: each branch adds one kind of change,
// and the roles, gates, evidence and exit code are asserted through the real command.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { kao, REPO, tempDir, writeFiles } from './helpers.ts';

const validate = new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync(join(REPO, 'schemas', 'task-packet.schema.json'), 'utf8')));

function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}


/** A small monorepo on `main`: a Go backend, a React portal, npm manifests. */
function baseRepo(): string {
  const root = tempDir('kao-check-');
  sh(root, 'init', '-q', '-b', 'main');
  sh(root, 'config', 'user.email', 'dev@example.com');
  sh(root, 'config', 'user.name', 'Dev');
  writeFiles(root, {
    'package.json': JSON.stringify({ name: 'shop', version: '1.0.0', scripts: { test: 'vitest' }, dependencies: { react: '^19.0.0' } }, null, 2) + '\n',
    'backend/go.mod': 'module example.com/shop\n\ngo 1.22\n',
    'backend/internal/orders/service.go': 'package orders\n\nfunc List() []string { return nil }\n',
    'backend/migrations/0001_init.sql': 'CREATE TABLE orders (id bigint primary key);\n',
    'portal/src/pages/Orders.tsx': 'export function Orders() { return <div>{t("orders.title")}</div>; }\n',
    'portal/src/locales/en/orders.json': '{ "orders.title": "Orders" }\n',
    '.github/agent-os/product-owners.yaml': 'productOwners: [po@example.com]\n',
  });
  sh(root, 'add', '-A');
  sh(root, 'commit', '-qm', 'base');
  sh(root, 'checkout', '-qb', 'change');
  return root;
}

/** Commits these files; a file given as null is deleted. */
function commit(root: string, files: Record<string, string | null>, message = 'change') {
  const deleted = Object.keys(files).filter((p) => files[p] === null);
  writeFiles(root, Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => e[1] !== null)));
  for (const p of deleted) rmSync(join(root, p));
  sh(root, 'add', '-A');
  sh(root, 'commit', '-qm', message);
}

function check(root: string, ...extra: string[]) {
  const r = kao(['check', '--base', 'main', '--json', ...extra], root);
  assert.equal(r.stderr, '');
  const data: unknown = JSON.parse(r.stdout);
  assert.ok(validate(data), JSON.stringify(validate.errors));
  // Typed loosely on purpose: the JSON was just checked against the published schema.
  return { status: r.status, out: data as any };
}

const gates = (out: { gates: { decision: string; approved: boolean }[] }) => out.gates.map((g) => `${g.decision}:${g.approved ? 'approved' : 'pending'}`);

test('a commit that adds a migration demands the PO schema gate and QA, and passes once approved', () => {
  const root = baseRepo();
  commit(root, { 'backend/migrations/0002_low_stock.sql': 'ALTER TABLE products ADD COLUMN low_stock_threshold int;\n' });
  const first = check(root);
  assert.equal(first.status, 1);
  assert.deepEqual(gates(first.out), ['schema:pending']);
  assert.ok(first.out.owners.supporting.includes('qa-test-specialist'));
  assert.ok([first.out.owners.primary, ...first.out.owners.supporting].includes('backend-lead'));
  assert.equal(first.out.classification.risk, 'high');
  assert.deepEqual(first.out.gates[0].evidence, ['backend/migrations/0002_low_stock.sql', 'backend/migrations/0002_low_stock.sql:1']);
  assert.deepEqual(first.out.changes, [{ path: 'backend/migrations/0002_low_stock.sql', area: 'backend', axes: ['schema'] }]);

  const md = kao(['check', '--base', 'main'], root);
  assert.equal(md.status, 1);
  assert.match(md.stdout, /## kao check: PO approval needed/);
  assert.match(md.stdout, /\| schema \| ⛔ needs approval \| `backend\/migrations\/0002_low_stock\.sql`/);

  commit(root, { '.github/agent-os/approvals.yaml': 'approvals:\n  - decision: schema\n    by: po@example.com\n    note: threshold column agreed\n' }, 'record approval');
  const second = check(root);
  assert.equal(second.status, 0);
  assert.deepEqual(gates(second.out), ['schema:approved']);
  assert.match(kao(['check', '--base', 'main'], root).stdout, /## kao check: all PO gates approved/);
});

test('approvals count only from the commit being checked, and only by a product owner listed at the base', () => {
  const root = baseRepo();
  commit(root, { 'backend/migrations/0002_x.sql': 'ALTER TABLE orders ADD COLUMN note text;\n' });
  // Written but not committed: the commit being checked has no approval.
  writeFiles(root, { '.github/agent-os/approvals.yaml': 'approvals:\n  - { decision: schema, by: po@example.com }\n' });
  assert.deepEqual(gates(check(root).out), ['schema:pending']);
  // Committed by someone who is not a product owner, who also lists themselves in the change: neither counts.
  commit(root, {
    '.github/agent-os/approvals.yaml': 'approvals:\n  - { decision: schema, by: agent@example.com }\n',
    '.github/agent-os/product-owners.yaml': 'productOwners: [po@example.com, agent@example.com]\n',
  });
  const r = check(root);
  assert.deepEqual(gates(r.out), ['schema:pending']);
  assert.match(JSON.stringify(r.out.gates), /an approval by agent@example\.com does not count: not a product owner in \.github\/agent-os\/product-owners\.yaml at main/);
  commit(root, { '.github/agent-os/approvals.yaml': 'approvals:\n  - { decision: schema, by: PO@example.com }\n' });
  assert.deepEqual(gates(check(root).out), ['schema:approved']);
});

test('an approval bound to other commits does not cover this change', () => {
  const root = baseRepo();
  commit(root, {
    'backend/migrations/0002_x.sql': 'ALTER TABLE orders ADD COLUMN note text;\n',
    '.github/agent-os/approvals.yaml': 'approvals:\n  - { decision: schema, by: po, refs: [deadbeef] }\n',
  });
  assert.deepEqual(gates(check(root).out), ['schema:pending']);
});

test('a new npm dependency raises the dependencies gate with the line that adds it; a script change does not', () => {
  const root = baseRepo();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  pkg.scripts.lint = 'eslint .';
  commit(root, { 'package.json': JSON.stringify(pkg, null, 2) + '\n' });
  assert.deepEqual(gates(check(root).out), []);
  pkg.dependencies['left-pad'] = '1.3.0';
  commit(root, { 'package.json': JSON.stringify(pkg, null, 2) + '\n' });
  const { status, out } = check(root);
  assert.equal(status, 1);
  assert.deepEqual(gates(out), ['dependencies:pending']);
  assert.deepEqual(out.gates[0].evidence, ['package.json:10 adds dependencies left-pad@1.3.0']);
});

test('a Go module requirement raises the dependencies gate', () => {
  const root = baseRepo();
  commit(root, { 'backend/go.mod': 'module example.com/shop\n\ngo 1.22\n\nrequire github.com/stripe/stripe-go/v76 v76.25.0\n' });
  const { out } = check(root);
  assert.deepEqual(gates(out), ['dependencies:pending']);
  assert.deepEqual(out.gates[0].evidence, ['backend/go.mod:5 requires github.com/stripe/stripe-go/v76 v76.25.0']);
});

test('a new endpoint brings in the Backend Lead and the Web Lead for the contract, without a PO gate', () => {
  const root = baseRepo();
  commit(root, { 'backend/internal/orders/handler.go': 'package orders\n\nfunc Routes(r Router) {\n\tr.GET("/v1/orders/low-stock", lowStock)\n}\n' });
  const { status, out } = check(root);
  assert.equal(status, 0);
  assert.deepEqual(gates(out), []);
  assert.ok(out.owners.supporting.includes('web-lead') || out.owners.primary === 'web-lead');
  assert.ok(out.riskAxes.includes('contract'));
  assert.ok(out.because.some((b: { rule: string; matched: string[] }) => b.rule === 'trigger:contract' && b.matched.includes('backend/internal/orders/handler.go:4')));
});

test('a Stripe webhook handler raises the payments gate and the Security/Privacy Reviewer', () => {
  const root = baseRepo();
  commit(root, { 'backend/internal/billing/stripe_webhook.go': 'package billing\n\nfunc Handle(body []byte, sig string) error {\n\t_, err := webhook.ConstructEvent(body, sig, secret)\n\treturn err\n}\n' });
  const { status, out } = check(root);
  assert.equal(status, 1);
  assert.deepEqual(gates(out), ['payments:pending']);
  assert.ok(out.owners.supporting.includes('security-privacy-reviewer'));
  assert.equal(out.classification.risk, 'high');
});

test('a translation file brings in the i18n/Localization Lead, and is classified as i18n work', () => {
  const root = baseRepo();
  commit(root, { 'portal/src/locales/ar/orders.json': '{ "orders.title": "الطلبات" }\n' });
  const { status, out } = check(root);
  assert.equal(status, 0);
  assert.equal(out.classification.type, 'i18n');
  assert.ok([out.owners.primary, ...out.owners.supporting].includes('i18n-localization-lead'));
});

test('a hard-coded user-facing string in a component brings in the i18n/Localization Lead', () => {
  const root = baseRepo();
  commit(root, { 'portal/src/pages/Orders.tsx': 'export function Orders() { return <div><h1>Low stock items</h1></div>; }\n' });
  const { out } = check(root);
  assert.ok(out.owners.supporting.includes('i18n-localization-lead'));
  assert.ok(out.because.some((b: { rule: string; matched: string[] }) => b.rule === 'trigger:copy' && b.matched.includes('portal/src/pages/Orders.tsx:1')));
});

test('a CI workflow is DevOps work for the DevOps/Platform Lead', () => {
  const root = baseRepo();
  commit(root, { '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n' });
  const { status, out } = check(root);
  assert.equal(status, 0);
  assert.equal(out.classification.type, 'devops');
  assert.equal(out.owners.primary, 'devops-platform-lead');
  assert.deepEqual(out.riskAxes, ['infra']);
});

test('a pure rename is a refactor with no risk axis and no gate', () => {
  const root = baseRepo();
  sh(root, 'mv', 'backend/internal/orders/service.go', 'backend/internal/orders/orders_service.go');
  sh(root, 'commit', '-qm', 'rename');
  const { status, out } = check(root);
  assert.equal(status, 0);
  assert.equal(out.classification.type, 'refactor');
  assert.deepEqual(out.riskAxes, []);
  assert.deepEqual(out.gates, []);
  assert.deepEqual(out.changes, [{ path: 'backend/internal/orders/orders_service.go', area: 'backend', axes: [] }]);
});

test('a migration renamed, even unchanged, is a schema change: the migration tool knows it by its name and runs it again', () => {
  const root = baseRepo();
  sh(root, 'mv', 'backend/migrations/0001_init.sql', 'backend/migrations/0002_init.sql');
  sh(root, 'commit', '-qm', 'renumber the first migration');
  const { status, out } = check(root);
  assert.equal(status, 1);
  const schema = (out.gates as { decision: string; evidence: string[] }[]).find((g) => g.decision === 'schema');
  assert.deepEqual(schema?.evidence, ['backend/migrations/0002_init.sql']);
});

test('kao check SARIF lists each unapproved gate at the lines that raised it', () => {
  const root = baseRepo();
  commit(root, { 'backend/migrations/0002_x.sql': '-- add a column\nALTER TABLE orders ADD COLUMN note text;\n' });
  const r = kao(['check', '--base', 'main', '--format', 'sarif'], root);
  assert.equal(r.status, 1);
  const results = JSON.parse(r.stdout).runs[0].results;
  assert.deepEqual(results.map((x: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }) => [x.ruleId, x.locations[0]!.physicalLocation.region.startLine]), [['po-gate-schema', 1], ['po-gate-schema', 2]]);
});

test('kao check without --base, outside a repository, or with a bad ref is a usage error (exit 2)', () => {
  const root = baseRepo();
  assert.equal(kao(['check'], root).status, 2);
  const bad = kao(['check', '--base', 'no-such-branch'], root);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--base no-such-branch: no such commit, branch or tag in this clone/);
  assert.equal(kao(['check', '--base', 'main'], tempDir()).status, 2);
  commit(root, { '.github/agent-os/approvals.yaml': 'approvals: [ { decision: schema } ]\n' });
  const badApprovals = kao(['check', '--base', 'main'], root);
  assert.equal(badApprovals.status, 2);
  assert.match(badApprovals.stderr, /approvals\.yaml:1:\d+: approvals\.0\.by/);
});

test('an added line that looks like a file header cannot hide or invent a changed file', () => {
  const root = baseRepo();
  commit(root, {
    'notes.md': '++ backend/migrations/evil.sql\n',
    'backend/migrations/0002_x.sql': 'ALTER TABLE orders ADD COLUMN note text;\n++ docs/x.md\n',
  });
  const { out } = check(root);
  assert.deepEqual(out.changes.map((c: { path: string }) => c.path), ['backend/migrations/0002_x.sql', 'notes.md']);
  assert.deepEqual(gates(out), ['schema:pending']);
});

test('a file name with a quote or a non-ASCII letter is read back as written', () => {
  const root = baseRepo();
  commit(root, { 'docs/caf\u00e9 "menu".md': '# Menu\n' });
  assert.deepEqual(check(root).out.changes.map((c: { path: string }) => c.path), ['docs/caf\u00e9 "menu".md']);
});

const SPEC = (extra: string) => `openapi: 3.0.3
info: { title: Shop, version: 1.0.0 }
paths:
  /v1/orders:
    get:
      responses:
        '200': { description: ok }
${extra}`;

test('a commit that removes an endpoint from the OpenAPI description raises the breaking-contract gate', () => {
  const root = baseRepo();
  sh(root, 'checkout', '-q', 'main');
  commit(root, { 'backend/api/openapi.yaml': SPEC(`  /v1/orders/{id}:
    get:
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200': { description: ok }
`) }, 'spec');
  sh(root, 'checkout', '-qB', 'change');
  commit(root, { 'backend/api/openapi.yaml': SPEC('') }, 'remove endpoint');
  const { status, out } = check(root);
  assert.equal(status, 1);
  assert.deepEqual(gates(out), ['breaking-contract:pending']);
  const gate = out.gates.find((g: { decision: string }) => g.decision === 'breaking-contract');
  assert.ok(gate.evidence.some((e: string) => /api-diff-operation-removed \(GET \/v1\/orders\/\{id\}\)/.test(e)), gate.evidence.join('\n'));
  assert.ok(out.owners.supporting.includes('web-lead'));
  // Adding an endpoint breaks nobody.
  sh(root, 'checkout', '-q', 'main');
  sh(root, 'checkout', '-qB', 'additive');
  commit(root, { 'backend/api/openapi.yaml': readFileSync(join(root, 'backend/api/openapi.yaml'), 'utf8') + `  /v1/stock:
    get:
      responses:
        '200': { description: ok }
` }, 'add endpoint');
  assert.deepEqual(gates(check(root).out), []);
});

/** A Swagger 2.0 description in JSON whose Application model requires the given properties. */
const SWAGGER_JSON = (required: string[]) => JSON.stringify({
  swagger: '2.0', info: { title: 'Push', version: '2.0.0' },
  paths: { '/application': { get: { responses: { 200: { description: 'ok', schema: { type: 'array', items: { $ref: '#/definitions/Application' } } } } } } },
  definitions: { Application: { type: 'object', required, properties: { id: { type: 'integer' }, token: { type: 'string' } } } },
}, null, 2) + '\n';

test('an API description kept under another name (docs/spec.json) is known by its opening line and compared too', () => {
  const root = baseRepo();
  sh(root, 'checkout', '-q', 'main');
  commit(root, { 'docs/spec.json': SWAGGER_JSON(['id', 'token']), 'docs/settings.json': '{ "theme": "dark" }\n' }, 'spec');
  sh(root, 'checkout', '-qB', 'change');
  commit(root, { 'docs/spec.json': SWAGGER_JSON(['id']), 'docs/settings.json': '{ "theme": "light" }\n' }, 'token no longer always answered');
  const { out } = check(root);
  const gate = out.gates.find((g: { decision: string }) => g.decision === 'breaking-contract');
  assert.ok(gate, JSON.stringify(out.gates));
  assert.ok(gate.evidence.every((e: string) => e.startsWith('docs/spec.json')) && gate.evidence.some((e: string) => /property-became-optional/.test(e)), gate.evidence.join('\n'));
  // A JSON file beside it that is not a description is not compared, and a required property added breaks nobody.
  sh(root, 'checkout', '-q', 'main');
  sh(root, 'checkout', '-qB', 'settings');
  commit(root, { 'docs/settings.json': '{ "theme": "light" }\n' }, 'settings');
  assert.deepEqual(gates(check(root).out), []);
});

test('a description read by its content: YAML in openapi.json is compared; one that no longer reads raises the gate and says where', () => {
  const root = baseRepo();
  sh(root, 'checkout', '-q', 'main');
  commit(root, { 'web/src/openapi/openapi.json': SPEC('  /v1/stock:\n    get:\n      responses:\n        \'200\': { description: ok }\n') }, 'generated client');
  sh(root, 'checkout', '-qB', 'change');
  commit(root, { 'web/src/openapi/openapi.json': SPEC('  /v1/stock:\n    get:\n      summary: Stock\n      responses:\n        \'200\': { description: ok }\n') }, 'regenerated');
  const same = check(root);
  assert.equal(same.status, 0);
  assert.deepEqual(gates(same.out), []);
  commit(root, { 'web/src/openapi/openapi.json': SPEC('  /v1/stock: [\n') }, 'half-written');
  const broken = check(root);
  const gate = broken.out.gates.find((g: { decision: string }) => g.decision === 'breaking-contract');
  assert.ok(gate, JSON.stringify(broken.out.gates));
  assert.match(gate.evidence.join('\n'), /^web\/src\/openapi\/openapi\.json no longer reads as an API description \([0-9a-f]{40}:web\/src\/openapi\/openapi\.json:\d+:\d+: invalid JSON \(nor YAML\)/);
});

test('an empty diff says there is nothing to check (no four-lane feature packet), in text and in valid JSON', () => {
  const root = baseRepo();
  const r = check(root);
  assert.equal(r.status, 0);
  assert.deepEqual(r.out.changes, []);
  assert.deepEqual(r.out.gates, []);
  assert.deepEqual(r.out.lanes, ['review']);
  assert.match(r.out.because[0].effect, /no changed files/);
  const text = kao(['check', '--base', 'main', '-f', 'markdown'], root);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /## kao check: nothing to check\n\nNo changes in main\.\.\.HEAD: no roles, lanes or PO gates are needed\./);
});

test('the root commit can be checked: ROOT~1 is the state before it, and what it adds raises its gates', () => {
  const root = tempDir('kao-check-root-');
  sh(root, 'init', '-q', '-b', 'main');
  sh(root, 'config', 'user.email', 'dev@example.com');
  sh(root, 'config', 'user.name', 'Dev');
  commit(root, { 'backend/migrations/0001_init.sql': 'CREATE TABLE orders (id bigint primary key);\n', 'README.md': '# shop\n' }, 'first');
  const r = kao(['check', '--base', 'HEAD~1', '--json'], root);
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout) as { changes: { path: string }[]; gates: { decision: string }[] };
  assert.deepEqual(out.changes.map((c) => c.path), ['README.md', 'backend/migrations/0001_init.sql']);
  assert.ok(out.gates.some((g) => g.decision === 'schema'));
  // A base that is missing for another reason is still an error that says what to fetch.
  const missing = kao(['check', '--base', 'HEAD~2'], root);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--base HEAD~2: no such commit/);
});

/** A Go service that hands its models to GORM's AutoMigrate (as gotify does). */
const GORM_SETUP = 'package database\n\nfunc New(db *gorm.DB) error {\n\treturn db.AutoMigrate(new(model.User), new(model.Application)).Error\n}\n';
/** A Rails schema where three tables belong to a family: the family is the tenant. */
const FAMILY_SCHEMA = 'ActiveRecord::Schema[7.2].define(version: 1) do\n' + ['accounts', 'categories', 'tags'].map((t) => `  create_table "${t}", id: :uuid do |t|\n    t.uuid "family_id", null: false\n  end\n`).join('') + 'end\n';
/** Django models where three models belong to a project. */
const PROJECT_MODELS = 'from django.db import models\n\n' + ['Check', 'Channel', 'Member'].map((m) => `class ${m}(models.Model):\n    project = models.ForeignKey(Project, models.CASCADE)\n\n`).join('');
/** A Prisma schema where three models belong to a project (the workspace, by another name). */
const WORKSPACE_PRISMA = ['Link', 'Domain', 'Tag'].map((m) => `model ${m} {\n  id String @id\n  projectId String\n  project Project @relation(fields: [projectId], references: [id])\n}\n`).join('\n');
const SEARCH_TOTALS = (when: string) => `class Transaction::Search\n  def totals\n    scope.select(\n      "COALESCE(SUM(CASE WHEN ${when} THEN entries.amount ELSE 0 END), 0) as expense_total"\n    )\n  end\nend\n`;

// Schema in code, auth and tenant semantics (issue 12): each change is a small commit on the base
// repository, with the gates a Backend Lead expects written down before the rules were.
/** A Go response type with the given fields. */
const GO_VIEW = (fields: string) => `package orders\n\ntype View struct {\n\tID string \`json:"id"\`\n${fields}}\n`;
/** A Laravel API resource answering the given keys besides its id. */
const LARAVEL_RESOURCE = (keys: string) => `<?php\n\nclass UserResource extends JsonResource\n{\n    public function toArray(Request $request): array\n    {\n        $isCurrentUser = $this->user->is($request->user());\n\n        return [\n            'id' => $this->user->id,\n${keys}        ];\n    }\n}\n`;
/** A zod schema of a webhook's payload. */
const ZOD_WEBHOOK = (fields: string) => `export const partnerMergedWebhookSchema = z.object({\n  targetAlreadyEnrolled: z.boolean(),\n${fields}});\n`;
/** A Django REST framework serializer listing its fields. */
const DRF_SERIALIZER = (fields: string) => `from rest_framework import serializers\n\n\nclass CustomerSerializer(serializers.ModelSerializer):\n    class Meta:\n        model = Customer\n        fields = [${fields}]\n`;

/** A Cargo.lock with the workspace's own crate (no source) and one crate from the registry. */
const CARGO_LOCK = (own: string, serde: string) => `version = 4\n\n[[package]]\nname = "desktop"\nversion = "${own}"\ndependencies = [\n "serde",\n]\n\n[[package]]\nname = "serde"\nversion = "${serde}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "abc"\n`;

/** `n` lines of a new component's markup (`div`) or of its stylesheet (`css`). */
const NEW_UI = (n: number, kind: 'div' | 'css') => Array.from({ length: n }, (_, i) => kind === 'div' ? `<div class="row-${i}">{{ rows[${i}] }}</div>` : `.row-${i} { margin: ${i}px; }`).join('\n') + '\n';

/** A web app's package.json with these dependencies. */
const UI_PKG = (dependencies: Record<string, string>) => JSON.stringify({ name: 'ui', private: true, dependencies }, null, 2) + '\n';

const CODE_CASES: { id: string; before?: Record<string, string>; after: Record<string, string | null>; gates: string[] }[] = [
  { id: 'gorm-field-added', before: { 'backend/internal/models/order.go': 'package models\n\ntype Order struct {\n\tID uint `gorm:"primaryKey"`\n}\n' },
    after: { 'backend/internal/models/order.go': 'package models\n\ntype Order struct {\n\tID uint `gorm:"primaryKey"`\n\tNote string `gorm:"size:200;index"`\n}\n' }, gates: ['schema'] },
  { id: 'gorm-field-dropped', before: { 'backend/internal/models/order.go': 'package models\n\ntype Order struct {\n\tID uint `gorm:"primaryKey"`\n\tNote string `gorm:"size:200"`\n}\n' },
    after: { 'backend/internal/models/order.go': 'package models\n\ntype Order struct {\n\tID uint `gorm:"primaryKey"`\n}\n' }, gates: ['schema'] },
  { id: 'plain-go-struct', before: { 'backend/internal/orders/dto.go': 'package orders\n\ntype View struct {\n\tID string `json:"id"`\n}\n' },
    after: { 'backend/internal/orders/dto.go': 'package orders\n\ntype View struct {\n\tID string `json:"id"`\n\tNote string `json:"note"`\n}\n' }, gates: [] },
  { id: 'ent-schema', after: { 'backend/ent/schema/user.go': 'package schema\n\nfunc (User) Fields() []ent.Field {\n\treturn []ent.Field{field.String("nickname")}\n}\n' }, gates: ['schema'] },
  { id: 'prisma', after: { 'prisma/schema.prisma': 'model User {\n  id Int @id\n  phone String?\n}\n' }, gates: ['schema'] },
  { id: 'drizzle', before: { 'portal/src/db/schema.ts': 'export const users = pgTable("users", {\n  id: serial("id").primaryKey(),\n});\n' },
    after: { 'portal/src/db/schema.ts': 'export const users = pgTable("users", {\n  id: serial("id").primaryKey(),\n  nickname: varchar("nickname", { length: 40 }),\n});\n' }, gates: ['schema'] },
  { id: 'typeorm', before: { 'api/src/entities/user.entity.ts': '@Entity()\nexport class User {\n  @PrimaryGeneratedColumn() id!: number;\n}\n' },
    after: { 'api/src/entities/user.entity.ts': '@Entity()\nexport class User {\n  @PrimaryGeneratedColumn() id!: number;\n  @Column({ nullable: true }) nickname?: string;\n}\n' }, gates: ['schema'] },
  { id: 'react-table-column', after: { 'portal/src/pages/Table.tsx': 'export const T = () => <Column header="Name" field="name" />;\n' }, gates: [] },
  { id: 'sequelize-model', after: { 'api/models/user.js': 'module.exports = (sequelize, DataTypes) => sequelize.define("User", { nickname: DataTypes.STRING });\n' }, gates: ['schema'] },
  { id: 'django-model', before: { 'shop/models.py': 'from django.db import models\n\nclass Customer(models.Model):\n    name = models.CharField(max_length=80)\n' },
    after: { 'shop/models.py': 'from django.db import models\n\nclass Customer(models.Model):\n    name = models.CharField(max_length=80)\n    nickname = models.CharField(max_length=40, null=True)\n' }, gates: ['schema'] },
  { id: 'sqlalchemy-model', after: { 'app/db/models.py': 'class Customer(Base):\n    __tablename__ = "customers"\n    nickname: Mapped[str] = mapped_column(String(40))\n' }, gates: ['schema'] },
  { id: 'django-view', after: { 'shop/views.py': 'def index(request):\n    return render(request, "index.html")\n' }, gates: [] },
  { id: 'auth-test-helper', after: { 'backend/internal/testutil/auth_helpers.go': 'package testutil\n\nfunc LoginAs(id string) string { return id }\n' }, gates: [] },
  { id: 'auth-permission-check', before: { 'backend/internal/http/orders.go': 'package http\n\nfunc list(w, r) {\n\trender(w)\n}\n' },
    after: { 'backend/internal/http/orders.go': 'package http\n\nfunc list(w, r) {\n\tif !claims.HasPermission("orders:read") { deny(w); return }\n\trender(w)\n}\n' }, gates: ['auth'] },
  { id: 'auth-guard-removed', before: { 'backend/internal/http/routes.go': 'package http\n\nfunc routes() {\n\tr.Use(requireAuth)\n\tr.Get("/orders", list)\n}\n' },
    after: { 'backend/internal/http/routes.go': 'package http\n\nfunc routes() {\n\tr.Get("/orders", list)\n}\n' }, gates: ['auth'] },
  { id: 'auth-comment-only', before: { 'backend/internal/storage/upload.go': 'package storage\n\nfunc Put() {}\n' },
    after: { 'backend/internal/storage/upload.go': 'package storage\n\n// Avatar URLs may come from an OAuth provider.\nfunc Put() {}\n' }, gates: [] },
  { id: 'auth-middleware-used', before: { 'backend/cmd/server/main.go': 'package main\n\nfunc main() {\n\tr.GET("/ping", ping)\n}\n' },
    after: { 'backend/cmd/server/main.go': 'package main\n\nfunc main() {\n\tr.Use(middlewares.Auth(secret))\n\tr.GET("/ping", ping)\n}\n' }, gates: ['auth'] },
  { id: 'auth-django-permission', before: { 'shop/admin_panels.py': 'panels = [FieldPanel("to_address")]\n' },
    after: { 'shop/admin_panels.py': 'panels = [FieldPanel("to_address", permission="superuser")]\n' }, gates: ['auth'] },
  { id: 'auth-login-button-restyled', after: { 'portal/src/features/auth/components/login-button.tsx': 'export const LoginButton = () => <button className="w-full">Sign in</button>;\n' }, gates: [] },
  { id: 'docker-image-upgraded', before: { 'docker-compose.yml': 'services:\n  db:\n    image: postgres:13\n' },
    after: { 'docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n' }, gates: ['dependencies'] },
  { id: 'analytics-capture-changed', after: { 'packages/analytics/src/client.ts': 'export const init = () => posthog.init(key, { capture_pageview: "history_change" });\n' }, gates: ['analytics-semantics'] },
  { id: 'auth-permission-denied', before: { 'server/api/attachments.go': 'package api\n\nfunc Attach() error {\n\treturn nil\n}\n' },
    after: { 'server/api/attachments.go': 'package api\n\nfunc Attach() error {\n\treturn status.Errorf(codes.PermissionDenied, "not yours")\n}\n' }, gates: ['auth'] },
  { id: 'auth-acl-table', after: { 'server/api/acl_config.go': 'package api\n\nvar public = map[string]struct{}{"/api.v1.Instance/Get": {}}\n' }, gates: ['auth'] },
  { id: 'auth-ui-layout', after: { 'web/src/layouts/Root.tsx': 'export const Root = () => (isAuthenticated ? <Menu /> : null);\n' }, gates: [] },
  { id: 'tenant-filter-in-new-query', before: { 'backend/internal/orders/repo.go': 'package orders\n' },
    after: { 'backend/internal/orders/repo.go': 'package orders\n\nfunc (r *Repo) Count(ws string) {\n\tr.db.Model(&Order{}).Where("workspace_id = ?", ws).Count(&n)\n}\n' }, gates: [] },
  { id: 'tenant-filter-put-into-query', before: { 'backend/internal/orders/repo.go': 'package orders\n\nfunc (r *Repo) List(ws string) {\n\tr.db.Find(&out)\n}\n' },
    after: { 'backend/internal/orders/repo.go': 'package orders\n\nfunc (r *Repo) List(ws string) {\n\tr.db.Where("workspace_id = ?", ws).Find(&out)\n}\n' }, gates: ['tenant-boundary'] },
  { id: 'tenant-filter-removed', before: { 'backend/internal/orders/repo.go': 'package orders\n\nfunc (r *Repo) List(ws string) {\n\tr.db.Where("workspace_id = ?", ws).Find(&out)\n}\n' },
    after: { 'backend/internal/orders/repo.go': 'package orders\n\nfunc (r *Repo) List(ws string) {\n\tr.db.Find(&out)\n}\n' }, gates: ['tenant-boundary'] },
  // Ownership: a record's owner compared with the caller, or the target bound to the signed-in user.
  { id: 'auth-ownership-check', before: { 'server/api/memo.go': 'package api\n\nfunc Update(memo *Memo, user *User) error {\n\treturn save(memo)\n}\n' },
    after: { 'server/api/memo.go': 'package api\n\nfunc Update(memo *Memo, user *User) error {\n\tif memo.CreatorID != user.ID {\n\t\treturn errNotYours\n\t}\n\treturn save(memo)\n}\n' }, gates: ['auth'] },
  { id: 'auth-target-bound-to-signed-in-user', before: { 'users/routers.go': 'package users\n\nfunc UserUpdate(c *gin.Context) {\n\tmyUserModel.Update(v.userModel)\n}\n' },
    after: { 'users/routers.go': 'package users\n\nfunc UserUpdate(c *gin.Context) {\n\tv.userModel.ID = myUserModel.ID\n\tmyUserModel.Update(v.userModel)\n}\n' }, gates: ['auth'] },
  { id: 'owner-filter-nil-check', after: { 'store/db/memo.go': 'package db\n\nfunc where(find *FindMemo) {\n\tif find.CreatorID != nil {\n\t\tclauses = append(clauses, "creator_id = ?")\n\t}\n}\n' }, gates: [] },
  // Money moving: payouts, commissions, clawbacks, coupons, wherever the code names them; not UI copy.
  { id: 'payments-payout-job', after: { 'apps/web/app/api/cron/payouts/route.ts': 'export const POST = async () => aggregate();\n' }, gates: ['payments'] },
  { id: 'payments-clawback-api', after: { 'apps/web/app/api/clawbacks/route.ts': 'export const POST = async () => queue();\n' }, gates: ['payments'] },
  { id: 'payments-stripe-in-an-identifier', after: { 'apps/web/lib/zod/schemas/sales.ts': 'export const check = (data) => {\n  if (data.importStripeInvoices) return;\n};\n' }, gates: ['payments'] },
  { id: 'payments-named-in-ui-copy', after: { 'apps/web/ui/modals/verify-deposit.tsx': 'export const V = () => <p>{"Stripe sent a small deposit to this bank account."}</p>;\n' }, gates: [] },
  { id: 'striped-table-is-not-stripe', after: { 'apps/web/lib/table.ts': 'export const rowClass = "table-striped";\n' }, gates: [] },
  { id: 'payments-words-in-a-description', before: { 'apps/web/lib/zod/schemas/commissions.ts': 'export const s = z.string().describe("The description.");\n' },
    after: { 'apps/web/lib/zod/schemas/commissions.ts': 'export const s = z.string().describe("The description. Required for clawbacks (negative amounts) and payouts.");\n' }, gates: [] },
  { id: 'payments-coupon-compared', before: { 'apps/web/lib/discounts/equivalent.ts': 'export const same = (a, b) => a.amount === b.amount;\n' },
    after: { 'apps/web/lib/discounts/equivalent.ts': 'export const same = (a, b) => a.couponId !== null && a.couponId === b.couponId;\n' }, gates: ['payments'] },
  // A refusal is a permission decision, whatever the error type is called.
  { id: 'auth-forbidden-error-code', before: { 'apps/web/lib/bounty/submit.ts': 'export function submit(e) {\n  return save(e);\n}\n' },
    after: { 'apps/web/lib/bounty/submit.ts': 'export function submit(e) {\n  if (e.status !== "approved") throw new ApiError({ code: "forbidden", message: "not allowed" });\n  return save(e);\n}\n' }, gates: ['auth'] },
  // An import changes nothing by itself: what the file then does with it is what counts.
  { id: 'import-of-a-jwt-helper', before: { 'src/app/api/record/route.ts': 'export async function POST() {}\n' },
    after: { 'src/app/api/record/route.ts': "import { parseToken } from '@/lib/jwt';\n\nexport async function POST() {}\n" }, gates: [] },
  { id: 'go-import-block-jwt', before: { 'pkg/api/tokens.go': 'package api\n\nimport (\n\t"net/http"\n)\n\nvar _ = http.StatusOK\n' },
    after: { 'pkg/api/tokens.go': 'package api\n\nimport (\n\t"net/http"\n\n\ttokens "github.com/golang-jwt/jwt/v5"\n)\n\nvar _ = http.StatusOK\nvar _ = tokens.New\n' }, gates: [] },
  { id: 'php-use-line', before: { 'app/Http/Controllers/PageController.php': '<?php\nclass PageController\n{\n}\n' },
    after: { 'app/Http/Controllers/PageController.php': '<?php\nuse Firebase\\JWT\\JWT;\n\nclass PageController\n{\n}\n' }, gates: [] },
  // Permission checks as models write them: Can<Action> methods, admin bypasses, *_permissions files.
  { id: 'auth-permission-method-swapped', before: { 'pkg/models/task_duplicate.go': 'package models\n\nfunc (td *TaskDuplicate) CanCreate(s *Session, a Auth) (bool, error) {\n\treturn td.project.CanUpdate(s, a)\n}\n' },
    after: { 'pkg/models/task_duplicate.go': 'package models\n\nfunc (td *TaskDuplicate) CanCreate(s *Session, a Auth) (bool, error) {\n\treturn td.project.CanWrite(s, a)\n}\n' }, gates: ['auth'] },
  { id: 'auth-admin-bypass', before: { 'pkg/models/filters.go': 'package models\n\nfunc canSee(s *Session, a Auth) bool {\n\treturn false\n}\n' },
    after: { 'pkg/models/filters.go': 'package models\n\nfunc canSee(s *Session, a Auth) bool {\n\tif isInstanceAdmin(s, a) {\n\t\treturn true\n\t}\n\treturn false\n}\n' }, gates: ['auth'] },
  { id: 'auth-permissions-file', before: { 'pkg/models/webhooks_permissions.go': 'package models\n\nconst limit = 1\n' },
    after: { 'pkg/models/webhooks_permissions.go': 'package models\n\nconst limit = 2\n' }, gates: ['auth'] },
  { id: 'new-endpoint-with-the-usual-check', after: { 'src/app/api/websites/[websiteId]/replays/route.ts': 'export async function GET(req, { params }) {\n  if (!(await canViewWebsite(auth, params.websiteId))) return unauthorized();\n  return json(await list(params.websiteId));\n}\n' }, gates: [] },
  // An endpoint removed: a route handler file deleted.
  { id: 'api-route-file-deleted', before: { 'src/app/api/websites/[websiteId]/performance/route.ts': 'export async function GET() {}\n', 'src/lib/keep.ts': 'export const x = 1;\n' },
    after: { 'src/app/api/websites/[websiteId]/performance/route.ts': null }, gates: ['breaking-contract'] },
  { id: 'metrics-ui-component', before: { 'src/components/metrics/ListTable.tsx': 'export const T = () => <div className="a" />;\n' },
    after: { 'src/components/metrics/ListTable.tsx': 'export const T = () => <div className="b" />;\n' }, gates: [] },
  // Second factors, authorization calls and access modules, in PHP as in TypeScript.
  { id: 'auth-php-mfa-rule', before: { 'app/Access/Mfa/TotpValidationRule.php': '<?php\nclass TotpValidationRule\n{\n    public function passes($value)\n    {\n        return $this->totp->verifyCode($value, $this->secret);\n    }\n}\n' },
    after: { 'app/Access/Mfa/TotpValidationRule.php': '<?php\nclass TotpValidationRule\n{\n    public function validate($value, $fail)\n    {\n        if (!$this->totp->verifyCode($value, $this->secret)) $fail();\n    }\n}\n' }, gates: ['auth'] },
  { id: 'auth-authorization-call-added', before: { 'apps/web/modules/integrations/webhooks/actions.ts': 'export const testEndpoint = async ({ ctx, input }) => {\n  return send(input.url);\n};\n' },
    after: { 'apps/web/modules/integrations/webhooks/actions.ts': 'export const testEndpoint = async ({ ctx, input }) => {\n  await checkAuthorizationUpdated({ userId: ctx.user.id, organizationId: input.organizationId });\n  return send(input.url);\n};\n' }, gates: ['auth'] },
  { id: 'sms-quota-is-not-authorization', before: { 'hc/integrations/sms/transport.py': 'def notify(profile):\n    send()\n' },
    after: { 'hc/integrations/sms/transport.py': 'def notify(profile):\n    if not profile.authorize_sms():\n        raise TransportError("limit")\n    send()\n' }, gates: [] },
  { id: 'helm-chart-is-not-analytics', before: { 'charts/app/values.yaml': 'image:\n  tag: "0.8.4"\n' }, after: { 'charts/app/values.yaml': 'image:\n  tag: "0.8.5"\n' }, gates: [] },
  { id: 'auth-rails-before-action-guard', before: { 'app/controllers/hat_requests_controller.rb': 'class HatRequestsController < ApplicationController\n  before_action :require_logged_in_moderator, only: [:approve, :reject]\nend\n' },
    after: { 'app/controllers/hat_requests_controller.rb': 'class HatRequestsController < ApplicationController\n  before_action :require_logged_in_moderator, only: [:index, :approve, :reject]\nend\n' }, gates: ['auth'] },
  { id: 'auth-laravel-route-middleware', before: { 'routes/web.php': "<?php\nRoute::get('/settings', [SettingsController::class, 'index']);\n" },
    after: { 'routes/web.php': "<?php\nRoute::get('/settings', [SettingsController::class, 'index'])->middleware('auth');\n" }, gates: ['auth'] },
  { id: 'auth-token-module', before: { 'app/models/concerns/api_token.rb': 'module Token\n  def ensure_token\n    self.token ||= TypeID.new(self.class.to_s) if new_record?\n  end\nend\n' },
    after: { 'app/models/concerns/api_token.rb': 'module Token\n  def ensure_token\n    self.token ||= TypeID.new(self.class.to_s) if new_record? || has_attribute?(:token)\n  end\nend\n' }, gates: ['auth'] },
  { id: 'new-controller-with-the-usual-guard', after: { 'app/controllers/exports_controller.rb': 'class ExportsController < ApplicationController\n  before_action :require_admin\nend\n' }, gates: [] },
  { id: 'design-tokens-are-not-auth', before: { 'web/src/styles/tokens.ts': 'export const space = 4;\n' }, after: { 'web/src/styles/tokens.ts': 'export const space = 8;\n' }, gates: [] },
  { id: 'auth-two-factor-columns', before: { 'packages/database/schema.prisma': 'model TwoFactor {\n  id String @id\n  secret String\n}\n' },
    after: { 'packages/database/schema.prisma': 'model TwoFactor {\n  id String @id\n  secret String\n  failedVerificationCount Int @default(0)\n}\n' }, gates: ['auth', 'schema'] },
  { id: 'auth-access-module-added', after: { 'apps/web/app/api/internal/datasets/lib/access.ts': 'export const canPurge = (role: string) => role === "owner" || role === "manager";\n' }, gates: ['auth'] },
  { id: 'accessibility-is-not-access', after: { 'apps/web/lib/accessibility.ts': 'export const label = (s: string) => s.trim();\n' }, gates: [] },
  { id: 'analytics-analysis-module', before: { 'apps/web/modules/ee/analysis/lib/schema-definition.ts': 'export const dims = ["value_text"];\n' },
    after: { 'apps/web/modules/ee/analysis/lib/schema-definition.ts': 'export const dims = ["value_text", "value_option"];\n' }, gates: ['analytics-semantics'] },
  { id: 'billing-test-is-not-payments', after: { 'apps/web/modules/ee/billing/lib/organization-billing.test.ts': 'test("x", () => {});\n', 'apps/web/lib/ids.ts': 'export const x = 1;\n' }, gates: [] },
  // What a line rule matched must itself change: a json tag edited beside an unchanged gorm tag is not a
  // column (no schema gate), though a field no longer always answered is a breaking contract.
  { id: 'gorm-json-tag-only', before: { 'model/application.go': 'package model\n\ntype Application struct {\n\tToken string `gorm:"type:varchar(180);uniqueIndex" json:"token"`\n}\n' },
    after: { 'model/application.go': 'package model\n\ntype Application struct {\n\tToken string `gorm:"type:varchar(180);uniqueIndex" json:"token,omitempty"`\n}\n' }, gates: ['breaking-contract'] },
  { id: 'typeorm-nullability-changed', before: { 'api/src/entities/user.entity.ts': '@Entity()\nexport class User {\n  @Column({ nullable: true }) nickname?: string;\n}\n' },
    after: { 'api/src/entities/user.entity.ts': '@Entity()\nexport class User {\n  @Column({ nullable: false }) nickname!: string;\n}\n' }, gates: ['schema'] },
  { id: 'config-migration-is-not-schema', after: { 'config/migrate/migrate.go': 'package migrate\n\nfunc Config(path string) string { return path }\n' }, gates: [] },
  { id: 'rails-migration-still-schema', after: { 'db/migrate/20250101000000_add_note.rb': 'class AddNote < ActiveRecord::Migration[7.2]\n  def change\n    add_column :orders, :note, :string\n  end\nend\n' }, gates: ['schema'] },
  { id: 'compose-file-of-a-test-setup', after: { 'test/oidc/dex/docker-compose.yml': 'services:\n  dex:\n    image: ghcr.io/dexidp/dex:v2.41.1\n' }, gates: [] },
  { id: 'angular-component-permission-check', before: { 'apps/client/src/app/pages/tags/tags.component.ts': 'export class Tags {\n  canCreate = false;\n}\n' },
    after: { 'apps/client/src/app/pages/tags/tags.component.ts': 'export class Tags {\n  canCreate = hasPermission(this.user.permissions, "createOwnTag");\n}\n' }, gates: [] },
  { id: 'auth-password-set-on-update', before: { 'api/user.go': 'package api\n\nfunc update(u *User, in *Input) {\n\tu.Name = in.Name\n}\n' },
    after: { 'api/user.go': 'package api\n\nfunc update(u *User, in *Input) {\n\tu.Name = in.Name\n\tif in.Pass != "" {\n\t\tu.Pass = password.CreatePassword(in.Pass, strength)\n\t}\n}\n' }, gates: ['auth'] },
  // GORM models without tags: the types handed to AutoMigrate are tables.
  { id: 'gorm-untagged-field-added', before: { 'database/database.go': GORM_SETUP, 'model/application.go': 'package model\n\ntype Application struct {\n\tID   uint\n\tName string\n}\n' },
    after: { 'model/application.go': 'package model\n\nimport "time"\n\ntype Application struct {\n\tID       uint\n\tName     string\n\tLastUsed *time.Time `json:"lastUsed"`\n}\n' }, gates: ['schema'] },
  { id: 'gorm-untagged-field-dropped', before: { 'database/database.go': GORM_SETUP, 'model/application.go': 'package model\n\ntype Application struct {\n\tID   uint\n\tName string\n\tNote string\n}\n' },
    after: { 'model/application.go': 'package model\n\ntype Application struct {\n\tID   uint\n\tName string\n}\n' }, gates: ['schema'] },
  { id: 'gorm-untagged-multiline-automigrate', before: { 'hello.go': 'package main\n\nfunc migrate(db *gorm.DB) {\n\tdb.AutoMigrate(\n\t\t&articles.ArticleModel{},\n\t\t&articles.TagModel{},\n\t)\n}\n', 'articles/models.go': 'package articles\n\ntype TagModel struct {\n\tTag string\n}\n' },
    after: { 'articles/models.go': 'package articles\n\ntype TagModel struct {\n\tTag  string\n\tSlug string\n}\n' }, gates: ['schema'] },
  { id: 'go-struct-that-is-no-model', before: { 'database/database.go': GORM_SETUP, 'model/view.go': 'package model\n\ntype ApplicationView struct {\n\tName string\n}\n' },
    after: { 'model/view.go': 'package model\n\ntype ApplicationView struct {\n\tName  string\n\tImage string\n}\n' }, gates: [] },
  { id: 'gorm-model-method-changed', before: { 'database/database.go': GORM_SETUP, 'model/application.go': 'package model\n\ntype Application struct {\n\tName string\n}\n\nfunc (a Application) Title() string {\n\treturn a.Name\n}\n' },
    after: { 'model/application.go': 'package model\n\ntype Application struct {\n\tName string\n}\n\nfunc (a Application) Title() string {\n\tLabel := a.Name\n\treturn Label\n}\n' }, gates: [] },
  // The tenant the schema points at from many tables (here a family, as in a household-finance app).
  { id: 'tenant-scope-dropped', before: { 'db/schema.rb': FAMILY_SCHEMA, 'app/controllers/accounts_controller.rb': 'class AccountsController\n  def show\n    @account = Current.family.accounts.find(params[:id])\n  end\nend\n' },
    after: { 'app/controllers/accounts_controller.rb': 'class AccountsController\n  def show\n    @account = Account.find(params[:id])\n  end\nend\n' }, gates: ['tenant-boundary'] },
  { id: 'tenant-scope-moved-to-controller', before: { 'db/schema.rb': FAMILY_SCHEMA, 'app/views/entries/_form.html.erb': '<%= f.collection_select :category_id, Current.family.categories.alphabetically, :id, :name %>\n', 'app/controllers/entries_controller.rb': 'class EntriesController\n  def new\n  end\nend\n' },
    after: { 'app/views/entries/_form.html.erb': '<%= f.collection_select :category_id, @categories, :id, :name %>\n', 'app/controllers/entries_controller.rb': 'class EntriesController\n  def new\n    @categories = Current.family.categories.alphabetically\n  end\nend\n' }, gates: [] },
  { id: 'tenant-scope-dropped-not-a-tenant-here', before: { 'db/schema.rb': 'ActiveRecord::Schema[7.2].define(version: 1) do\n  create_table "accounts" do |t|\n    t.string "name"\n  end\nend\n', 'app/controllers/accounts_controller.rb': 'class AccountsController\n  def show\n    @account = family.accounts.find(params[:id])\n  end\nend\n' },
    after: { 'app/controllers/accounts_controller.rb': 'class AccountsController\n  def show\n    @account = Account.find(params[:id])\n  end\nend\n' }, gates: [] },
  { id: 'tenant-django-filter-removed', before: { 'hc/api/models.py': PROJECT_MODELS, 'hc/front/views.py': 'def checks(request, project):\n    checks = Check.objects.filter(project=project)\n    return render(request, "checks.html", {"checks": checks})\n' },
    after: { 'hc/front/views.py': 'def checks(request, project):\n    checks = Check.objects.all()\n    return render(request, "checks.html", {"checks": checks})\n' }, gates: ['tenant-boundary'] },
  { id: 'tenant-prisma-where-changed', before: { 'prisma/schema.prisma': WORKSPACE_PRISMA, 'apps/web/lib/links.ts': 'export const list = (id: string) => prisma.link.findMany({ where: { projectId: id } });\n' },
    after: { 'apps/web/lib/links.ts': 'export const list = (id: string, all: boolean) => prisma.link.findMany({ where: all ? {} : { projectId: id } });\n' }, gates: ['tenant-boundary'] },
  // Exporting a customer's records is personal data leaving the system.
  { id: 'pii-data-export', after: { 'app/models/family/data_exporter.rb': 'class Family::DataExporter\n  def initialize(family)\n    @family = family\n  end\nend\n' }, gates: ['pii'] },
  { id: 'pii-column-in-rails-migration', after: { 'db/migrate/20250101000000_add_birth_date.rb': 'class AddBirthDate < ActiveRecord::Migration[7.2]\n  def change\n    add_column :users, :date_of_birth, :date\n  end\nend\n' }, gates: ['schema', 'pii'] },
  { id: 'telemetry-exporter-not-pii', after: { 'backend/internal/tracing/otlp_exporter.go': 'package tracing\n\nfunc NewExporter() {}\n' }, gates: [] },
  // How a figure is computed: an aggregate in the query that produces it.
  { id: 'analytics-sql-aggregate-changed', before: { 'app/models/transaction/search.rb': SEARCH_TOTALS('entries.amount >= 0') },
    after: { 'app/models/transaction/search.rb': SEARCH_TOTALS("entries.amount >= 0 AND transactions.kind <> 'transfer'") }, gates: ['analytics-semantics'] },
  // Python's sum() over a cart is no report's aggregate: it is what the customer pays.
  { id: 'python-cart-sum-is-payments-not-analytics', before: { 'shop/cart.py': 'def total(items):\n    return sum(item.price for item in items)\n' },
    after: { 'shop/cart.py': 'def total(items):\n    return sum(item.price * item.quantity for item in items)\n' }, gates: ['payments'] },
  // Who may see a record, as code asks it (`browsableBy`, `visibleTo`, `accessible_by`), applied
  // somewhere it was not: an authorization change. A new file asking the usual question is not.
  { id: 'auth-visibility-filter-changed', before: { 'app/Repositories/FolderRepository.php': '<?php\n\nclass FolderRepository\n{\n    public function subfolders(Folder $folder): Collection\n    {\n        return $folder->subfolders->filter(static fn (Folder $f) => $f->browsableBy(auth()->user()));\n    }\n}\n' },
    after: { 'app/Repositories/FolderRepository.php': '<?php\n\nclass FolderRepository\n{\n    public function subfolders(Folder $folder, User $user): Collection\n    {\n        return $folder->subfolders->filter(static fn (Folder $f): bool => $f->browsableBy($user));\n    }\n}\n' }, gates: ['auth'] },
  { id: 'auth-visibility-filter-in-new-code', after: { 'app/Http/Controllers/FolderController.php': '<?php\n\nclass FolderController\n{\n    public function index(Request $r)\n    {\n        return Folder::all()->filter(fn (Folder $f) => $f->browsableBy($r->user()));\n    }\n}\n' }, gates: [] },
  // A token handed between windows: who may send it is an origin check.
  { id: 'auth-message-origin-checked', after: { 'resources/assets/js/composables/useSsoLogin.ts': 'export const listen = (popup: Window, onToken: (t: string) => void) =>\n  window.addEventListener("message", (message: MessageEvent) => {\n    if (message.origin !== window.location.origin || message.source !== popup) return;\n    onToken(message.data);\n  });\n' }, gates: ['auth'] },
  { id: 'url-origin-is-not-auth', after: { 'resources/assets/js/utils/links.ts': 'export const base = (href: string) => new URL(href).origin;\n' }, gates: [] },
  // A backfill written in code: rows where a column is missing are filled, at start-up or in a task.
  { id: 'backfill-gorm-missing-column', after: { 'database/backfill.go': 'package database\n\nfunc fill(db *gorm.DB, now time.Time) error {\n\treturn db.Model(new(model.User)).Where("created_at IS NULL").UpdateColumn("created_at", now).Error\n}\n' }, gates: ['schema'] },
  { id: 'backfill-rails-update-all', after: { 'lib/tasks/backfill.rake': 'task backfill: :environment do\nend\n', 'app/jobs/backfill_job.rb': 'class BackfillJob\n  def perform\n    Account.where(currency: nil).update_all(currency: "USD")\n  end\nend\n' }, gates: ['schema'] },
  { id: 'backfill-django-update', after: { 'shop/management/commands/fill.py': 'def handle(self):\n    Customer.objects.filter(country__isnull=True).update(country="NL")\n' }, gates: ['schema'] },
  { id: 'read-where-null-is-not-backfill', after: { 'database/users.go': 'package database\n\nfunc active(db *gorm.DB) (users []model.User) {\n\tdb.Where("deleted_at IS NULL").Find(&users)\n\treturn\n}\n' }, gates: [] },
  { id: 'sql-query-file-is-not-schema', before: { 'queries/subscribers.sql': '-- name: get-subscriber\nSELECT * FROM subscribers WHERE id = $1;\n' },
    after: { 'queries/subscribers.sql': '-- name: get-subscriber\nSELECT * FROM subscribers WHERE id = $1 OR uuid = $2;\n' }, gates: [] },
  { id: 'backfill-task-named-so', before: { 'app/tasks/maintenance/backfill_checksums_task.rb': 'class BackfillChecksumsTask\n  def process(version)\n    version.update!(checksum: version.compute)\n  end\nend\n' },
    after: { 'app/tasks/maintenance/backfill_checksums_task.rb': 'class BackfillChecksumsTask\n  def process(version)\n    return if version.checksum.present?\n    version.update!(checksum: version.compute)\n  end\nend\n' }, gates: ['schema'] },
  { id: 'django-auth-setting', before: { 'src/paperless/settings/__init__.py': 'TRUSTED_PROXIES = []\nALLAUTH_TRUSTED_PROXY_COUNT = len(TRUSTED_PROXIES)\n' },
    after: { 'src/paperless/settings/__init__.py': 'TRUSTED_PROXIES = []\nALLAUTH_TRUSTED_PROXY_COUNT = get_int_from_env("PAPERLESS_ALLAUTH_TRUSTED_PROXY_COUNT", len(TRUSTED_PROXIES))\n' }, gates: ['auth'] },
  { id: 'django-other-setting', before: { 'src/paperless/settings/__init__.py': 'TIME_ZONE = "UTC"\n' },
    after: { 'src/paperless/settings/__init__.py': 'TIME_ZONE = os.getenv("PAPERLESS_TIME_ZONE", "UTC")\n' }, gates: [] },
  // Templates and translations sit in folders the path rules read, but draw or word what code decides.
  { id: 'blade-views-are-not-payments-analytics-auth', after: { 'resources/views/portal/invoices/show.blade.php': '<div>{{ $invoice->amount }}</div>\n', 'resources/views/reports/profit_loss/detail.blade.php': '<td>{{ $total }}</td>\n', 'resources/views/auth/users/index.blade.php': '@can(\'update-auth-users\')<a href="#">Edit</a>@endcan\n' }, gates: [] },
  { id: 'translation-refund-is-not-payments', before: { 'resources/lang/ru-RU/documents.php': "<?php\n\nreturn [\n    'paid' => 'Оплачено',\n];\n" },
    after: { 'resources/lang/ru-RU/documents.php': "<?php\n\nreturn [\n    'paid' => 'Оплачено',\n    'refund' => 'Возврат',\n];\n" }, gates: [] },
  // Account flows: email verification and where a login sends the user next.
  { id: 'auth-email-verification', after: { 'src/pretalx/person/views.py': 'def settings(request):\n    if not request.user.email_verified:\n        return redirect("verify")\n    return render(request, "settings.html")\n' }, gates: ['auth'] },
  { id: 'auth-login-next-url-checked', after: { 'src/shop/views/login.py': 'def after_login(request):\n    nxt = request.GET.get("next")\n    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):\n        nxt = "/"\n    return redirect(nxt)\n' }, gates: ['auth'] },
  // A declaration file describes types; no check runs in it.
  { id: 'type-declarations-are-not-auth', before: { 'resources/assets/js/types.d.ts': 'interface User {\n  id: string\n  is_admin: boolean\n}\n' },
    after: { 'resources/assets/js/types.d.ts': 'interface User {\n  id: string\n}\n' }, gates: [] },
  // A field clients read, renamed or dropped in the code that shapes the response: a breaking contract
  // even where no OpenAPI description says so. A field added, or moved to another file, is not.
  { id: 'wire-go-json-renamed', before: { 'backend/internal/orders/dto.go': GO_VIEW('\tName string `json:"name"`\n') },
    after: { 'backend/internal/orders/dto.go': GO_VIEW('\tTitle string `json:"title"`\n') }, gates: ['breaking-contract'] },
  { id: 'wire-go-json-now-omitempty', before: { 'backend/internal/orders/dto.go': GO_VIEW('\tToken string `json:"token"`\n') },
    after: { 'backend/internal/orders/dto.go': GO_VIEW('\tToken string `json:"token,omitempty"`\n') }, gates: ['breaking-contract'] },
  { id: 'wire-go-json-hidden', before: { 'backend/internal/orders/dto.go': GO_VIEW('\tToken string `json:"token"`\n') },
    after: { 'backend/internal/orders/dto.go': GO_VIEW('\tToken string `json:"-"`\n') }, gates: ['breaking-contract'] },
  { id: 'wire-go-json-realigned', before: { 'backend/internal/orders/dto.go': GO_VIEW('\tName string `json:"name"`\n') },
    after: { 'backend/internal/orders/dto.go': GO_VIEW('\tName        string `json:"name"`\n\tDescription string `json:"description"`\n') }, gates: [] },
  { id: 'wire-go-struct-moved', before: { 'backend/internal/orders/dto.go': GO_VIEW('\tName string `json:"name"`\n') },
    after: { 'backend/internal/orders/dto.go': null, 'backend/internal/orders/view.go': GO_VIEW('\tName string `json:"name"`\n') }, gates: [] },
  { id: 'wire-go-test-struct', before: { 'backend/internal/orders/dto_test.go': GO_VIEW('\tName string `json:"name"`\n') },
    after: { 'backend/internal/orders/dto_test.go': GO_VIEW('\tTitle string `json:"title"`\n') }, gates: [] },
  { id: 'wire-laravel-resource-key-renamed', before: { 'app/Http/Resources/UserResource.php': LARAVEL_RESOURCE("            'permissions' => $this->when($isCurrentUser, fn () => $this->user->permissionNames()),\n") },
    after: { 'app/Http/Resources/UserResource.php': LARAVEL_RESOURCE("            'abilities' => $this->when($isCurrentUser, fn () => $this->user->permissionNames()),\n            'permissions' => ['edit' => $request->user()->can('update', $this->user)],\n") }, gates: ['breaking-contract'] },
  { id: 'wire-laravel-resource-key-added', before: { 'app/Http/Resources/UserResource.php': LARAVEL_RESOURCE('') },
    after: { 'app/Http/Resources/UserResource.php': LARAVEL_RESOURCE("            'avatar' => $this->user->avatar,\n") }, gates: [] },
  { id: 'wire-laravel-resource-value-changed', before: { 'app/Http/Resources/UserResource.php': LARAVEL_RESOURCE("            'avatar' => $this->user->avatar,\n") },
    after: { 'app/Http/Resources/UserResource.php': LARAVEL_RESOURCE("            'avatar' => $this->user->avatar_url,\n") }, gates: [] },
  { id: 'wire-zod-webhook-field-dropped', before: { 'apps/web/lib/zod/schemas/partners.ts': ZOD_WEBHOOK('  programId: z.string().describe("The program."),\n') },
    after: { 'apps/web/lib/zod/schemas/partners.ts': ZOD_WEBHOOK('') }, gates: ['breaking-contract'] },
  { id: 'wire-zod-field-added', before: { 'apps/web/lib/zod/schemas/partners.ts': ZOD_WEBHOOK('') },
    after: { 'apps/web/lib/zod/schemas/partners.ts': ZOD_WEBHOOK('  programId: z.string().optional(),\n') }, gates: [] },
  { id: 'wire-zod-chain-split', before: { 'apps/web/lib/zod/schemas/discount.ts': 'export const createDiscountCodeSchema = z.object({\n  code: z.preprocess(blankIsMissing, codeSchema.optional()),\n});\n' },
    after: { 'apps/web/lib/zod/schemas/discount.ts': 'export const createDiscountCodeSchema = z.object({\n  code: z\n    .string()\n    .optional(),\n});\n' }, gates: [] },
  { id: 'wire-zod-issue-code', before: { 'apps/web/lib/zod/schemas/commissions.ts': 'export const body = z.object({ amount: z.number() }).superRefine((data, ctx) => {\n  ctx.addIssue({\n    code: z.ZodIssueCode.custom,\n  });\n});\n' },
    after: { 'apps/web/lib/zod/schemas/commissions.ts': 'export const body = z.object({ amount: z.number() }).superRefine((data, ctx) => {\n  ctx.addIssue({\n    code: "custom",\n  });\n});\n' }, gates: [] },
  { id: 'wire-zod-form-field-renamed', before: { 'apps/web/components/settings/profile-form.schema.ts': 'export const profileForm = z.object({\n  nickname: z.string(),\n});\n' },
    after: { 'apps/web/components/settings/profile-form.schema.ts': 'export const profileForm = z.object({\n  displayName: z.string(),\n});\n' }, gates: [] },
  { id: 'wire-drf-serializer-field-removed', before: { 'shop/api/serializers.py': DRF_SERIALIZER('"id", "name", "email"') },
    after: { 'shop/api/serializers.py': DRF_SERIALIZER('"id", "name"') }, gates: ['breaking-contract'] },
  { id: 'wire-rails-serializer-attribute-removed', before: { 'app/serializers/user_serializer.rb': 'class UserSerializer < ActiveModel::Serializer\n  attributes :id, :name, :email\nend\n' },
    after: { 'app/serializers/user_serializer.rb': 'class UserSerializer < ActiveModel::Serializer\n  attributes :id, :name\nend\n' }, gates: ['breaking-contract'] },
  { id: 'wire-jbuilder-key-removed', before: { 'app/views/api/users/show.json.jbuilder': 'json.id @user.id\njson.email @user.email\n' },
    after: { 'app/views/api/users/show.json.jbuilder': 'json.id @user.id\n' }, gates: ['breaking-contract'] },
  { id: 'ui-kit-swapped', before: { 'ui/package.json': UI_PKG({ '@material-ui/core': '^4.11.4', react: '^16.4.2' }) },
    after: { 'ui/package.json': UI_PKG({ '@mui/material': '^7.2.0', react: '^17.0.0' }) }, gates: ['dependencies', 'major-ux'] },
  { id: 'ui-kit-major-version', before: { 'web/package.json': UI_PKG({ vuetify: '^2.7.1' }) },
    after: { 'web/package.json': UI_PKG({ vuetify: '^3.5.0' }) }, gates: ['dependencies', 'major-ux'] },
  { id: 'ui-kit-minor-version', before: { 'web/package.json': UI_PKG({ antd: '^5.1.0' }) },
    after: { 'web/package.json': UI_PKG({ antd: '^5.2.0' }) }, gates: ['dependencies'] },
  { id: 'ui-kit-catalog-version', before: { 'web/package.json': UI_PKG({ antd: '^5.1.0' }) },
    after: { 'web/package.json': UI_PKG({ antd: 'catalog:' }) }, gates: ['dependencies'] },
  { id: 'css-engine-major-version', before: { 'web/package.json': UI_PKG({ tailwindcss: '^3.4.17' }) },
    after: { 'web/package.json': UI_PKG({ tailwindcss: '^4.1.0' }) }, gates: ['dependencies'] },
  { id: 'session-recorder-added', before: { 'package.json': UI_PKG({ next: '15.0.0' }) },
    after: { 'package.json': UI_PKG({ next: '15.0.0', rrweb: '2.0.0-alpha.4' }), 'src/tracker/recorder.ts': "import { record } from 'rrweb';\n\nexport const start = (emit: (e: unknown) => void) => record({ emit });\n" }, gates: ['dependencies', 'pii'] },
  // A manifest-only change is a chore: a library nothing calls yet collects nothing.
  { id: 'session-recorder-in-manifest-only', before: { 'package.json': UI_PKG({ next: '15.0.0' }) },
    after: { 'package.json': UI_PKG({ next: '15.0.0', rrweb: '2.0.0-alpha.4' }) }, gates: ['dependencies'] },
  { id: 'product-analytics-upgraded', before: { 'package.json': UI_PKG({ 'posthog-js': '^1.100.0' }) },
    after: { 'package.json': UI_PKG({ 'posthog-js': '^1.200.0' }) }, gates: ['dependencies'] },
  { id: 'python-tracker-added', before: { 'requirements.txt': 'django==5.1\n' },
    after: { 'requirements.txt': 'django==5.1\nmixpanel==4.10.1\n', 'shop/tracking.py': 'from mixpanel import Mixpanel\n\nmp = Mixpanel(TOKEN)\n' }, gates: ['dependencies', 'pii'] },
  { id: 'email-verification-setting', before: { 'internal/service/user_service.go': 'package service\n\nfunc (s *UserService) Register(login *SiteLogin, u *User) {\n\tu.Status = StatusInactive\n}\n' },
    after: { 'internal/service/user_service.go': 'package service\n\nfunc (s *UserService) Register(login *SiteLogin, u *User) {\n\tif !login.RequireEmailVerification {\n\t\tu.Status = StatusActive\n\t}\n}\n' }, gates: ['auth'] },
  { id: 'api-key-scope-check', before: { 'packages/services/src/monitor/update.ts': 'export async function updateMonitor(ctx: Ctx, input: Input) {\n  return ctx.db.update(monitor).set(input);\n}\n' },
    after: { 'packages/services/src/monitor/update.ts': 'export async function updateMonitor(ctx: Ctx, input: Input) {\n  requireScope(ctx, "write");\n  return ctx.db.update(monitor).set(input);\n}\n' }, gates: ['auth'] },
  { id: 'permission-constant', after: { 'app/graphql/mutations/webhooks/destroy.rb': 'module Mutations\n  module Webhooks\n    class Destroy < BaseMutation\n      REQUIRED_PERMISSION = "developers:manage"\n    end\n  end\nend\n' }, gates: ['auth'] },
  { id: 'permissions-config', before: { 'config/permissions.yml': 'invoices:view:\n  admin: true\n' },
    after: { 'config/permissions.yml': 'invoices:view:\n  admin: true\ninvoices:delete:\n  admin: true\n' }, gates: ['auth'] },
  { id: 'wallet-service', after: { 'app/services/wallets/top_up_service.rb': 'module Wallets\n  class TopUpService\n    def call(wallet, credits)\n      wallet.update!(balance: wallet.balance + credits)\n    end\n  end\nend\n' }, gates: ['payments'] },
  { id: 'rspec-under-billing', after: { 'spec/services/wallets/top_up_service_spec.rb': 'RSpec.describe Wallets::TopUpService do\n  it "adds credits" do\n    expect(wallet.reload.balance).to eq(10)\n  end\nend\n' }, gates: [] },
  { id: 'generated-api-client', after: { 'vue3/src/openapi/apis/ApiApi.ts': 'export class ApiApi {\n  async apiStripeCheckoutCreate(body: StripeCheckout) {\n    return this.request({ path: "/api/stripe-checkout/", method: "POST", body });\n  }\n}\n' }, gates: [] },
  { id: 'cargo-lock-own-crate-released', before: { 'desktop/src-tauri/Cargo.lock': CARGO_LOCK('26.4.0', '1.0.200') },
    after: { 'desktop/src-tauri/Cargo.lock': CARGO_LOCK('26.4.1', '1.0.200') }, gates: [] },
  { id: 'cargo-lock-crate-upgraded', before: { 'desktop/src-tauri/Cargo.lock': CARGO_LOCK('26.4.0', '1.0.200') },
    after: { 'desktop/src-tauri/Cargo.lock': CARGO_LOCK('26.4.0', '1.0.210') }, gates: ['dependencies'] },
  { id: 'package-manager-pinned', before: { 'web/package.json': '{\n  "name": "web",\n  "packageManager": "pnpm@10.11.0"\n}\n' },
    after: { 'web/package.json': '{\n  "name": "web",\n  "packageManager": "pnpm@10.12.1"\n}\n' }, gates: ['dependencies'] },
  { id: 'vendored-bundle-removed', before: { 'public/vendor/telescope/app.js': `${'var a=1;'.repeat(150)}if(e.origin!==o)return;jwt.verify(t);create table x;\n` },
    after: { 'public/vendor/telescope/app.js': null }, gates: [] },
  { id: 'screen-in-migrations-folder', after: { 'apps/web/src/app/settings/migrations/ReviewPage.tsx': 'export function Review() {\n  return <p>Review</p>;\n}\n' }, gates: [] },
  { id: 'go-version-raised', before: { 'go.mod': 'module example.com/app\n\ngo 1.21\n' }, after: { 'go.mod': 'module example.com/app\n\ngo 1.23.4\n' }, gates: ['dependencies'] },
  { id: 'vendored-library-upgraded', before: { 'public/plugins/marked-0.8.1/marked.min.js': '!function(e){e.marked=1}(this);\n' },
    after: { 'public/plugins/marked-0.8.1/marked.min.js': null, 'public/plugins/marked-4.3.0/marked.min.js': '!function(e){e.marked=4}(this);\n' }, gates: ['dependencies'] },
  { id: 'route-group-requires-token', before: { 'internal/route/api/v1/api.go': 'package v1\n\nfunc RegisterRoutes(m *macaron.Macaron) {\n\tm.Group("/orgs/:org", func() {\n\t\tm.Get("", org.Get)\n\t})\n}\n' },
    after: { 'internal/route/api/v1/api.go': 'package v1\n\nfunc RegisterRoutes(m *macaron.Macaron) {\n\tm.Group("/orgs/:org", func() {\n\t\tm.Get("", org.Get)\n\t}, reqToken())\n}\n' }, gates: ['auth'] },
  { id: 'analytics-docs-page', after: { 'docs/product/platform/analytics/get-ratelimits.mdx': '---\ntitle: Rate limits\n---\n\nCounts of allowed and refused requests per hour.\n' }, gates: [] },
  { id: 'migration-under-checkout', after: { 'saleor/checkout/migrations/0088_fix_addresses.py': 'from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("checkout", "0087")]\n    operations = [migrations.RunPython(migrations.RunPython.noop)]\n' }, gates: ['schema'] },
  { id: 'cron-route-deleted', before: { 'pages/api/cron/domains/sync.ts': 'export default async function handler() {\n  await syncDomains();\n}\n' },
    after: { 'pages/api/cron/domains/sync.ts': null }, gates: [] },
  { id: 'struct-fields-reordered', before: { 'backend/internal/data/models/user.go': 'package models\n\ntype User struct {\n\tName    string `gorm:"size:64"`\n\tIsAdmin bool   `gorm:"default:false"`\n\tID      uint   `gorm:"primaryKey"`\n}\n' },
    after: { 'backend/internal/data/models/user.go': 'package models\n\ntype User struct {\n\tID      uint   `gorm:"primaryKey"`\n\tName    string `gorm:"size:64"`\n\tIsAdmin bool `gorm:"default:false"`\n}\n' }, gates: [] },
  { id: 'go-sum-only', before: { 'go.sum': 'github.com/gin-gonic/gin v1.10.0 h1:abc=\n' },
    after: { 'go.sum': 'github.com/gin-gonic/gin v1.10.0 h1:abc=\ngithub.com/gin-gonic/gin v1.10.0/go.mod h1:def=\n' }, gates: [] },
  { id: 'go-mod-require-marked-indirect', before: { 'go.mod': 'module example.com/app\n\ngo 1.23\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgolang.org/x/net v0.56.0\n)\n' },
    after: { 'go.mod': 'module example.com/app\n\ngo 1.23\n\nrequire github.com/gin-gonic/gin v1.10.0\n\nrequire golang.org/x/net v0.56.0 // indirect\n' }, gates: [] },
  // A Go module under testdata/ is a test's fixture: the go tool never builds it into the product.
  { id: 'go-mod-in-testdata', before: { 'go.mod': 'module example.com/app\n\ngo 1.23\n' },
    after: { 'plugins/testdata/storage-plugin/go.mod': 'module example.com/storage\n\ngo 1.25\n\nrequire github.com/davecgh/go-spew v1.1.1\n' }, gates: [] },
  // A payment gateway deleted changes how money moves as much as one rewritten; a deleted test does not.
  { id: 'payment-gateway-deleted', before: { 'saleor/payment/gateways/np/plugin.py': 'class NpPlugin:\n    def capture_payment(self, payment):\n        return self.client.capture(payment.psp_reference)\n' },
    after: { 'saleor/payment/gateways/np/plugin.py': null }, gates: ['payments'] },
  { id: 'payment-test-deleted', before: { 'saleor/payment/tests/test_np.py': 'def test_capture():\n    assert True\n' },
    after: { 'saleor/payment/tests/test_np.py': null }, gates: [] },
  // A payment provider's folder, and providers other than Stripe by name, in server code only.
  { id: 'provider-folder-webhook', before: { 'ee/stripe/webhooks/subscription-deleted.ts': 'export async function handle(event) {\n  await markCancelled(event.data.object.id);\n}\n' },
    after: { 'ee/stripe/webhooks/subscription-deleted.ts': 'export async function handle(event) {\n  await markCancelled(event.data.object.id);\n  await clearRedirects(event.data.object.metadata.teamId);\n}\n' }, gates: ['payments'] },
  { id: 'paddle-in-model', before: { 'app/models/user.rb': 'class User < ApplicationRecord\nend\n' },
    after: { 'app/models/user.rb': 'class User < ApplicationRecord\n  enum :subscription_source, { none: 0, paddle: 1 }\nend\n' }, gates: ['payments'] },
  { id: 'already-enabled-is-no-adyen', before: { 'cmd/users.go': 'package main\n' },
    after: { 'cmd/users.go': 'package main\n\nvar errTwoFAAlreadyEnabled = errors.New("2fa on")\n' }, gates: [] },
  // A payment's own model is how it is captured; a screen drawing it is not.
  { id: 'payment-model-changed', before: { 'core/app/models/spree/payment.rb': 'class Payment\n  def capture!\n    split.update!(captured_amount: amount)\n  end\nend\n' },
    after: { 'core/app/models/spree/payment.rb': 'class Payment\n  def capture!\n    split.update!(claimed_amount: split.claimed_amount - amount)\n  end\nend\n' }, gates: ['payments'] },
  { id: 'payment-component-changed', before: { 'src/components/PaymentBadge.ts': 'export const label = "Paid";\n' },
    after: { 'src/components/PaymentBadge.ts': 'export const label = "Settled";\n' }, gates: [] },
  // A permission method read through its receiver (ViewerCanRead) is a permission check; a scan is not.
  { id: 'viewer-can-read-inverted', before: { 'internal/web/webapi_repo.go': 'package web\n\nfunc watch(c *Context) {\n\tif c.Repo.ViewerCanRead() {\n\t\tc.NotFound()\n\t}\n}\n' },
    after: { 'internal/web/webapi_repo.go': 'package web\n\nfunc watch(c *Context) {\n\tif !c.Repo.ViewerCanRead() {\n\t\tc.NotFound()\n\t}\n}\n' }, gates: ['auth'] },
  { id: 'scan-access-is-no-permission', before: { 'internal/net/scan.go': 'package net\n\nfunc run() {\n\tscanAccessPoints(1)\n}\n' },
    after: { 'internal/net/scan.go': 'package net\n\nfunc run() {\n\tscanAccessPoints(2)\n}\n' }, gates: [] },
  // Sessions revoked, reset and invitation tokens, and who may see a shared record.
  { id: 'logout-all-sessions', before: { 'internal/services/user.go': 'package services\n' },
    after: { 'internal/services/user.go': 'package services\n\nfunc (s *UserService) LogoutAll(ctx context.Context, id uuid.UUID) (int, error) {\n\treturn s.repos.Tokens.DeleteAllByUser(ctx, id)\n}\n' }, gates: ['auth'] },
  { id: 'invitation-token-in-serializer', before: { 'src/api/serializers/speaker.py': 'class SpeakerSerializer:\n    fields = ("name",)\n' },
    after: { 'src/api/serializers/speaker.py': 'class SpeakerSerializer:\n    fields = ("name", "invitation_token")\n' }, gates: ['auth'] },
  { id: 'saved-filter-restricted-to-shared', before: { 'netbox/filtersets.py': 'def saved(user):\n    return SavedFilter.objects.filter(slug="x")\n' },
    after: { 'netbox/filtersets.py': 'def saved(user):\n    return SavedFilter.objects.restrict_to_shared(user).filter(slug="x")\n' }, gates: ['auth'] },
  // A redirect after login kept on the site (an open-redirect guard).
  { id: 'login-redirect-kept-relative', before: { 'internal/ui/webauthn.go': 'package ui\n\nfunc (h *handler) finish(w http.ResponseWriter, r *http.Request) {\n\tresponse.NoContent(w, r)\n}\n' },
    after: { 'internal/ui/webauthn.go': 'package ui\n\nfunc (h *handler) finish(w http.ResponseWriter, r *http.Request) {\n\tto := request.QueryStringParam(r, "redirect_url", "")\n\tif !urllib.IsRelativePath(to) {\n\t\tto = h.basePath\n\t}\n\tresponse.JSON(w, r, to)\n}\n' }, gates: ['auth'] },
  // A Tinybird pipe is a query that serves figures: changing it changes what they mean.
  { id: 'tinybird-pipe-changed', before: { 'packages/tinybird/endpoints/latency_1d.pipe': 'NODE endpoint\nSQL >\n    SELECT quantile(0.75)(latency) AS p75 FROM mv_http_1d\n' },
    after: { 'packages/tinybird/endpoints/latency_1d.pipe': 'NODE endpoint\nSQL >\n    SELECT quantile(0.75)(latency) AS p75 FROM mv_http_1d__v1\n' }, gates: ['analytics-semantics'] },
  // A birthday kept or read where it was not before is personal data. A phone as a sign-in method
  // (`SignInIdentifier.Phone`) is not told apart from a phone number shown to more people, so neither fires.
  { id: 'phone-as-sign-in-method', before: { 'packages/experience/src/apis/identifiers.ts': 'export const verify = (type: SignInIdentifier.Email) => type;\n' },
    after: { 'packages/experience/src/apis/identifiers.ts': 'export const verify = (type: SignInIdentifier.Email | SignInIdentifier.Phone) => type;\n' }, gates: [] },
  { id: 'birthdays-in-a-feed', before: { 'app/Models/ContactImportantDate.php': '<?php\nclass ContactImportantDate\n{\n}\n' },
    after: { 'app/Models/ContactImportantDate.php': '<?php\nclass ContactImportantDate\n{\n    public function scopeBirthday($query)\n    {\n        return $query->where("type", "birthday");\n    }\n}\n' }, gates: ['pii'] },
  // Images and toolchains pinned in configuration: a new version is an upgrade; a setting beside them is not.
  { id: 'devcontainer-image-moved', before: { '.devcontainer/devcontainer.json': '{\n  "name": "app",\n  "image": "mcr.microsoft.com/devcontainers/php:1-8.2"\n}\n' },
    after: { '.devcontainer/devcontainer.json': '{\n  "name": "app",\n  "image": "ghcr.io/acme/devcontainers/php:8.2"\n}\n' }, gates: ['dependencies'] },
  { id: 'devcontainer-extension-added', before: { '.devcontainer/devcontainer.json': '{\n  "name": "app",\n  "image": "ghcr.io/acme/devcontainers/php:8.2"\n}\n' },
    after: { '.devcontainer/devcontainer.json': '{\n  "name": "app",\n  "image": "ghcr.io/acme/devcontainers/php:8.2",\n  "customizations": { "vscode": { "extensions": ["xdebug.php-debug"] } }\n}\n' }, gates: [] },
  { id: 'toml-default-image', before: { 'dev/config/worker.toml': '[build]\nbackend = "depot"\n' },
    after: { 'dev/config/worker.toml': '[build]\nbackend = "kubernetes"\n\n[build.kubernetes]\nimage = "moby/buildkit:v0.26.3"\n' }, gates: ['dependencies'] },
  { id: 'go-version-in-dockerfile', before: { 'docker/develop/noble/Dockerfile': 'FROM ubuntu:24.04\nRUN /scripts/install-go.sh\n' },
    after: { 'docker/develop/noble/Dockerfile': 'FROM ubuntu:24.04\nRUN GOLANG_VERSION=go1.22.6 /scripts/install-go.sh\n' }, gates: ['dependencies'] },
  { id: 'installer-python-download-version', before: { 'build-scripts/install/install.sh': '#!/bin/sh\nMANAGED_DEFAULT_PYTHON_DOWNLOAD_VERSION="3.11"\n' },
    after: { 'build-scripts/install/install.sh': '#!/bin/sh\nMANAGED_DEFAULT_PYTHON_DOWNLOAD_VERSION="3.14"\n' }, gates: ['dependencies'] },
  // A tool's own version under a name that only ends in a runtime's is not that runtime.
  { id: 'app-release-version-in-script', before: { 'scripts/release.sh': '#!/bin/sh\nAPP_RELEASE_VERSION=1.0.0\n' },
    after: { 'scripts/release.sh': '#!/bin/sh\nAPP_RELEASE_VERSION=1.1.0\n' }, gates: [] },
  { id: 'app-version-in-dockerfile', before: { 'Dockerfile': 'FROM ubuntu:24.04\nENV APP_VERSION=1.0.0\n' },
    after: { 'Dockerfile': 'FROM ubuntu:24.04\nENV APP_VERSION=1.1.0\n' }, gates: [] },
  { id: 'nvmrc-raised', before: { '.nvmrc': '22\n' }, after: { '.nvmrc': '24.12\n' }, gates: ['dependencies'] },
  // A change that alters no code fires nothing: comments and blank lines, a call laid out anew. Where
  // indentation is syntax (Python), moving a line into a block is code.
  { id: 'comments-only-in-auth-code', before: { 'internal/auth/token.go': 'package auth\n\nfunc Parse(tok string) (*Claims, error) {\n\treturn jwt.Parse(tok, keyFunc)\n}\n' },
    after: { 'internal/auth/token.go': 'package auth\n\n// Parse reads a signed token.\n\nfunc Parse(tok string) (*Claims, error) {\n\t// the key comes from config\n\treturn jwt.Parse(tok, keyFunc)\n}\n' }, gates: [] },
  { id: 'call-laid-out-anew', before: { 'internal/auth/token.go': 'package auth\n\nfunc Parse(tok string) (*Claims, error) {\n\treturn jwt.Parse(tok, keyFunc)\n}\n' },
    after: { 'internal/auth/token.go': 'package auth\n\nfunc Parse(tok string) (*Claims, error) {\n\treturn jwt.Parse(\n\t\ttok, keyFunc)\n}\n' }, gates: [] },
  { id: 'migration-trailing-comma', before: { 'wger/core/migrations/0026_alter_profile.py': 'from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.AlterField(\n            model_name="userprofile",\n            name="height",\n            field=models.IntegerField(blank=True, null=True, verbose_name="Height (cm)"),\n        ),\n    ]\n' },
    after: { 'wger/core/migrations/0026_alter_profile.py': 'from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.AlterField(\n            model_name="userprofile",\n            name="height",\n            field=models.IntegerField(blank=True, null=True, verbose_name="Height (cm)",),\n        ),\n    ]\n' }, gates: [] },
  { id: 'saml-signing-key-library', after: { 'packages/core/src/libraries/saml-sso-connector-signing-key.ts': 'export const createSigningKey = async (connectorId: string) => {\n  const { privateKey, certificate } = await generateKeyPair();\n  return insertKey({ connectorId, privateKey, certificate });\n};\n' }, gates: ['auth'] },
  { id: 'prettier-run-on-report-code', before: { 'server/reports/revenue.js': "export const total = rows => sum(rows.map(r => r.amount), 'EUR')\n" },
    after: { 'server/reports/revenue.js': 'export const total = (rows) =>\n  sum(\n    rows.map((r) => r.amount),\n    "EUR",\n  );\n' }, gates: [] },
  { id: 'report-code-changed', before: { 'server/reports/revenue.js': "export const total = rows => sum(rows.map(r => r.amount), 'EUR')\n" },
    after: { 'server/reports/revenue.js': "export const total = rows => sum(rows.map(r => r.amount * r.rate), 'EUR')\n" }, gates: ['analytics-semantics'] },
  { id: 'python-line-moved-into-a-block', before: { 'app/accounts/views.py': 'def change(request):\n    if request.user.is_active:\n        log(request)\n    check_password(request.POST["old"], request.user.password)\n' },
    after: { 'app/accounts/views.py': 'def change(request):\n    if request.user.is_active:\n        log(request)\n        check_password(request.POST["old"], request.user.password)\n' }, gates: ['auth'] },
  { id: 'python-call-respaced', before: { 'app/accounts/views.py': 'def change(request):\n    check_password(request.POST["old"],request.user.password)\n' },
    after: { 'app/accounts/views.py': 'def change(request):\n    check_password(request.POST["old"], request.user.password)\n' }, gates: [] },
  // Money computed in commerce code (a total, a discount), and new promotion rules, are payments;
  // preloading the rows a total reads, or a counter named total, is not.
  { id: 'line-item-total-recomputed', before: { 'core/app/models/spree/line_item.rb': 'class LineItem\n  def total_before_tax\n    amount + adjustments.reject(&:tax?).sum(&:amount)\n  end\nend\n' },
    after: { 'core/app/models/spree/line_item.rb': 'class LineItem\n  def total_before_tax\n    amount + adjustments.reject { |a| a.tax? || a.marked_for_destruction? }.sum(&:amount)\n  end\nend\n' }, gates: ['payments'] },
  { id: 'tax-rows-preloaded', before: { 'core/app/models/spree/tax_calculator/default.rb': 'class Default\n  def rates\n    order.line_items.map(&:tax_category)\n  end\nend\n' },
    after: { 'core/app/models/spree/tax_calculator/default.rb': 'class Default\n  def rates\n    order.line_items.includes(:tax_category).map(&:tax_category)\n  end\nend\n' }, gates: [] },
  { id: 'order-counter-named-total', before: { 'app/models/order/syncer.rb': 'class Syncer\n  def run(ids)\n    upsert(ids)\n  end\nend\n' },
    after: { 'app/models/order/syncer.rb': 'class Syncer\n  def run(ids)\n    upsert(ids)\n    total_upsert_count += ids.count\n  end\nend\n' }, gates: [] },
  { id: 'promotion-condition-added', after: { 'promotions/app/models/solidus_promotions/conditions/price_product.rb': 'module SolidusPromotions\n  class PriceProduct < Condition\n    def eligible?(price)\n      products.include?(price.variant.product)\n    end\n  end\nend\n' }, gates: ['payments'] },
  // The framework's auth settings: which claim names the user is how a login maps to an account.
  { id: 'oidc-username-claim-setting', before: { 'backend/src/config/auth.config.ts': "export const oidc = (env) => ({ userNameField: env.HD_AUTH_OIDC_USER_NAME_FIELD ?? 'preferred_username' });\n" },
    after: { 'backend/src/config/auth.config.ts': "export const oidc = (env) => ({ usernameField: env.HD_AUTH_OIDC_USER_NAME_FIELD ?? 'preferred_username' });\n" }, gates: ['auth'] },
  // Gems a generated app or a gem asks for are dependencies; a variable named after a gem is not.
  { id: 'gem-in-app-template', before: { 'storefront/template.rb': 'gem_group :test do\n  gem "capybara"\nend\n' },
    after: { 'storefront/template.rb': 'gem_group :test do\n  gem "capybara"\n  gem "simplecov", require: false\nend\n' }, gates: ['dependencies'] },
  { id: 'gemspec-dependency-added', before: { 'core/solidus_core.gemspec': 'Gem::Specification.new do |s|\n  s.add_dependency "money", "~> 6.0"\nend\n' },
    after: { 'core/solidus_core.gemspec': 'Gem::Specification.new do |s|\n  s.add_dependency "money", "~> 6.0"\n  s.add_dependency "state_machines", "~> 0.6"\nend\n' }, gates: ['dependencies'] },
  { id: 'gem-name-variable', before: { 'lib/tasks/release.rb': 'def release\nend\n' },
    after: { 'lib/tasks/release.rb': 'def release\n  gem_name = "solidus_core"\nend\n' }, gates: [] },
  // An accounting app: its ledger entries and an estimate's total are money; a bookkeeping service named
  // for payments received, edited to read its settings elsewhere, is not.
  { id: 'ledger-entry-attribute', before: { 'packages/server/src/modules/Ledger/utils.ts': 'export const toEntry = (entry) => ({\n  debit: entry.debit,\n});\n' },
    after: { 'packages/server/src/modules/Ledger/utils.ts': 'export const toEntry = (entry) => ({\n  debit: entry.debit,\n  costable: entry.costable,\n});\n' }, gates: ['payments'] },
  { id: 'estimate-total-less-discount', before: { 'src/modules/SaleEstimates/models/SaleEstimate.ts': 'export class SaleEstimate {\n  get total() {\n    return this.subtotal;\n  }\n}\n' },
    after: { 'src/modules/SaleEstimates/models/SaleEstimate.ts': 'export class SaleEstimate {\n  get total() {\n    return this.subtotal - this.discountAmount + this.adjustment;\n  }\n}\n' }, gates: ['payments'] },
  { id: 'payments-received-service-rewired', before: { 'src/modules/PaymentReceived/commands/PaymentReceivedIncrement.service.ts': 'export class PaymentReceivedIncrement {\n  next() {\n    return this.settings.get("payment_receives.next_number");\n  }\n}\n' },
    after: { 'src/modules/PaymentReceived/commands/PaymentReceivedIncrement.service.ts': 'export class PaymentReceivedIncrement {\n  next() {\n    return this.settingsStore().get("payment_receives.next_number");\n  }\n}\n' }, gates: [] },
  // The tenancy module decides whose database every query reads; a tenant filter moved within a
  // rewritten statement is still there.
  { id: 'tenancy-module-connection', before: { 'src/modules/Tenancy/TenancyDB/TenancyDB.module.ts': 'export const connectionFor = (tenant) => knex(config(tenant));\n' },
    after: { 'src/modules/Tenancy/TenancyDB/TenancyDB.module.ts': 'const cache = new Map();\nexport const connectionFor = (tenant) => cache.get(tenant.id) ?? cache.set(tenant.id, knex(config(tenant))).get(tenant.id);\n' }, gates: ['tenant-boundary'] },
  { id: 'tenant-filter-kept-in-rewritten-statement', before: { 'app/models/issue.py': 'class Issue(Model):\n    def save(self):\n        if self.state is None:\n            state = State.objects.filter(workspace_id=self.workspace_id).first()\n            self.state = state\n' },
    after: { 'app/models/issue.py': 'class Issue(Model):\n    def save(self):\n        self.state = self.state or State.objects.filter(workspace_id=self.workspace_id).first()\n' }, gates: [] },
  // A screen deleted from the app is a navigation change; an API route deleted is not a screen.
  { id: 'settings-page-removed', before: { 'apps/web/core/components/settings/profile/content/pages/activity/root.tsx': 'export const ActivityPage = () => <ActivityList />;\n' },
    after: { 'apps/web/core/components/settings/profile/content/pages/activity/root.tsx': null }, gates: ['major-ux'] },
  // An endpoint opened to guests is an auth change; a Frappe patch rewrites stored records on upgrade.
  { id: 'frappe-endpoint-opened-to-guests', before: { 'helpdesk/api/config.py': 'import frappe\n\n\n@frappe.whitelist()\ndef get_config():\n    return frappe.get_doc("HD Settings")\n' },
    after: { 'helpdesk/api/config.py': 'import frappe\n\n\n@frappe.whitelist(allow_guest=True)\ndef get_config():\n    return frappe.get_doc("HD Settings")\n' }, gates: ['auth'] },
  { id: 'frappe-patch-added', before: { 'helpdesk/patches.txt': '[post_model_sync]\nhelpdesk.patches.update_sla\n' },
    after: { 'helpdesk/patches.txt': '[post_model_sync]\nhelpdesk.patches.update_sla\nhelpdesk.patches.set_default_portal_settings\n', 'helpdesk/patches/set_default_portal_settings.py': 'import frappe\n\n\ndef execute():\n    frappe.db.set_single_value("Portal Settings", "default_role", "HD Customer")\n' }, gates: ['schema'] },
  // A client generated from the server's OpenAPI description mirrors the server's auth, it is none.
  { id: 'generated-openapi-client', before: { 'resources/js/packages/api/src/openapi.json.client.ts': 'export const endpoints = [];\n' },
    after: { 'resources/js/packages/api/src/openapi.json.client.ts': 'export const endpoints = [\n  { alias: "getMe", errors: [{ status: 403, description: "Forbidden", schema: PermissionDenied }] },\n];\n' }, gates: [] },
  // GraphQL schema files are compared as schemas: an argument retyped, a field removed or a schema file
  // deleted breaks clients; a field added does not, nor does a field dropped from a client's query.
  { id: 'graphql-argument-retyped', before: { 'schema.graphql': 'type Query {\n  invoices(amountFrom: Int): [Invoice!]!\n}\n\ntype Invoice {\n  id: ID!\n  amount: Int!\n}\n' },
    after: { 'schema.graphql': 'type Query {\n  invoices(amountFrom: BigInt): [Invoice!]!\n}\n\nscalar BigInt\n\ntype Invoice {\n  id: ID!\n  amount: Int!\n}\n' }, gates: ['breaking-contract'] },
  { id: 'graphql-field-added', before: { 'schema.graphql': 'type Query {\n  invoices: [Invoice!]!\n}\n\ntype Invoice {\n  id: ID!\n}\n' },
    after: { 'schema.graphql': 'type Query {\n  invoices: [Invoice!]!\n}\n\ntype Invoice {\n  id: ID!\n  number: String\n}\n' }, gates: [] },
  { id: 'graphql-client-query-trimmed', before: { 'web/src/gql/queries/Invoices.graphql': 'query Invoices {\n  invoices {\n    id\n    amount\n  }\n}\n' },
    after: { 'web/src/gql/queries/Invoices.graphql': 'query Invoices {\n  invoices {\n    id\n  }\n}\n' }, gates: [] },
  { id: 'graphql-field-removed-from-split-schema', before: { 'graph/types.graphql': 'type Invoice {\n  id: ID!\n  amount: Int!\n}\n', 'graph/query.graphql': 'type Query {\n  invoice(id: ID!): Invoice\n  invoices: [Invoice!]!\n}\n' },
    after: { 'graph/query.graphql': 'type Query {\n  invoice(id: ID!): Invoice\n}\n' }, gates: ['breaking-contract'] },
  { id: 'graphql-schema-file-deleted', before: { 'graph/billing.graphqls': 'type Query {\n  invoices: [Int!]!\n}\n' },
    after: { 'graph/billing.graphqls': null }, gates: ['breaking-contract'] },
  // A query stepping out of the tenant's default scope, in four frameworks; a comment saying so is not one.
  { id: 'tenant-scope-bypassed-sequelize', before: { 'server/routes/documents.ts': 'export const find = (id: string) => Document.findOne({ where: { id } });\n' },
    after: { 'server/routes/documents.ts': 'export const find = (id: string) => Document.unscoped().findOne({ where: { id } });\n' }, gates: ['tenant-boundary'] },
  { id: 'tenant-scope-bypassed-django', before: { 'src/orga/views/organiser.py': 'def search(request):\n    return User.objects.filter(name__icontains=request.GET["q"])\n' },
    after: { 'src/orga/views/organiser.py': 'def search(request):\n    with scopes_disabled():\n        return User.objects.filter(name__icontains=request.GET["q"])\n' }, gates: ['tenant-boundary'] },
  { id: 'tenant-scope-bypass-removed-laravel', before: { 'app/Http/Controllers/TransferController.php': '<?php\nclass TransferController\n{\n    public function store($id)\n    {\n        return Account::withoutGlobalScope(Company::class)->find($id);\n    }\n}\n' },
    after: { 'app/Http/Controllers/TransferController.php': '<?php\nclass TransferController\n{\n    public function store($id)\n    {\n        return Account::find($id);\n    }\n}\n' }, gates: ['tenant-boundary'] },
  // A function moved to a file of its own (a refactor) changes nothing it checks; a check moved on
  // its own, below the write it guarded, does.
  { id: 'auth-check-moved-with-its-function', before: { 'persistence/playlists.go': 'package persistence\n\nfunc refresh(ctx Ctx, p *Playlist) bool {\n\tif !requireRole(ctx, "admin") {\n\t\tlog.Trace(ctx, "not refreshing a playlist of another user")\n\t\treturn false\n\t}\n\treturn p.Refresh()\n}\n' },
    after: { 'persistence/playlists.go': 'package persistence\n', 'persistence/smart_playlists.go': 'package persistence\n\nfunc refresh(ctx Ctx, p *Playlist) bool {\n\tif !requireRole(ctx, "admin") {\n\t\tlog.Trace(ctx, "not refreshing a playlist of another user")\n\t\treturn false\n\t}\n\treturn p.Refresh()\n}\n' }, gates: [] },
  { id: 'auth-check-moved-below-the-write', before: { 'handlers/orders.go': 'package handlers\n\nfunc update(ctx Ctx, o *Order) error {\n\tif !requireRole(ctx, "admin") {\n\t\treturn errForbidden\n\t}\n\to.Total = o.Sum()\n\to.Tax = o.TaxOf()\n\to.UpdatedAt = now()\n\to.Version++\n\treturn o.Save()\n}\n' },
    after: { 'handlers/orders.go': 'package handlers\n\nfunc update(ctx Ctx, o *Order) error {\n\to.Total = o.Sum()\n\to.Tax = o.TaxOf()\n\to.UpdatedAt = now()\n\to.Version++\n\terr := o.Save()\n\tif !requireRole(ctx, "admin") {\n\t\treturn errForbidden\n\t}\n\treturn err\n}\n' }, gates: ['auth'] },
  // A job that exports a whole team's records takes customers' personal data out of the system.
  { id: 'team-data-export-job', after: { 'apps/worker/src/processors/export-team-data.ts': 'export async function exportTeamData(teamId: string) {\n  const customers = await db.query.customers.findMany({ where: eq(customers.teamId, teamId) });\n  return zip(customers);\n}\n' }, gates: ['pii'] },
  // Credentials compared in constant time is how a webhook's basic auth is checked.
  { id: 'credentials-compared-in-constant-time', before: { 'api/webhooks/receive.go': 'package webhooks\n\nfunc ok(u, want string) bool {\n\treturn u == want\n}\n' },
    after: { 'api/webhooks/receive.go': 'package webhooks\n\nfunc ok(u, want string) bool {\n\treturn hmac.Equal([]byte(u), []byte(want))\n}\n' }, gates: ['auth'] },
  // A Cypress spec is a test, wherever its folder: auth/ under cypress/e2e is no auth change.
  { id: 'cypress-spec-under-auth', after: { 'frontend/app/cypress/e2e/auth/05-invite-accept.cy.ts': 'describe("invite", () => {\n  it("accepts", () => cy.login("a@b.c"));\n});\n' }, gates: [] },
  // sqlc writes *.sql.go from the queries: a row struct's json tags follow the query, not a client's API.
  { id: 'sqlc-generated-row-changed', before: { 'pkg/repository/sqlcv1/olap.sql.go': 'package sqlcv1\n\ntype ListEventsRow struct {\n\tRunID string `json:"run_id"`\n}\n' },
    after: { 'pkg/repository/sqlcv1/olap.sql.go': 'package sqlcv1\n\ntype ListEventsRow struct {\n\tID string `json:"id"`\n}\n' }, gates: [] },
  // A component kept beside a page is no screen: deleting it takes no screen out of the app.
  { id: 'component-beside-a-page-deleted', before: { 'frontend/src/pages/workers/components/usage-card.tsx': 'export const UsageCard = () => <div>Usage</div>;\n' },
    after: { 'frontend/src/pages/workers/components/usage-card.tsx': null }, gates: [] },
  // A page some apps keep under components/ is still a screen: deleting it takes it out of the app.
  { id: 'page-under-components-deleted', before: { 'apps/web/core/components/settings/profile/pages/activity/root.tsx': 'export const ActivityPage = () => <main>Activity</main>;\n' },
    after: { 'apps/web/core/components/settings/profile/pages/activity/root.tsx': null }, gates: ['major-ux'] },
  // A crate named auth declares its dependencies like any other: its manifest is no auth code.
  { id: 'manifest-of-an-auth-crate', before: { 'crates/auth/Cargo.toml': '[package]\nname = "auth"\n\n[dependencies]\nthiserror = "1"\n' },
    after: { 'crates/auth/Cargo.toml': '[package]\nname = "auth"\n\n[dependencies]\nthiserror = "2"\n' }, gates: ['dependencies'] },
  // Scripts under public/ are handed to browsers as they are: a sign-up form's script checks nothing for the server.
  { id: 'static-script-under-public-auth', after: { 'public/v1/js/ff/auth/register.js': '$(function () {\n  $("#register").on("submit", validateForm);\n});\n' }, gates: [] },
  // A server package named Theme keeps migrations and observers beside its views: they draw no UI.
  { id: 'theme-package-migration', after: { 'packages/Webkul/Theme/src/Observers/SectionObserver.php': '<?php\nclass SectionObserver {\n  public function saving($section) { $section->draft_sort_order ??= 0; }\n}\n' }, gates: [] },
  { id: 'theme-component-added', after: { 'packages/Webkul/Theme/src/Resources/views/sections/hero.blade.php': '<section class="hero">{{ $title }}</section>\n' }, gates: ['major-ux'] },
  // A permission list that names the refund routes grants rights (auth); it moves no money.
  { id: 'permission-list-names-refunds', before: { 'packages/Webkul/Admin/src/Config/acl.php': "<?php\nreturn [\n  ['key' => 'sales.refunds', 'route' => 'admin.sales.refunds.index'],\n];\n" },
    after: { 'packages/Webkul/Admin/src/Config/acl.php': "<?php\nreturn [\n  ['key' => 'sales.refunds', 'route' => ['admin.sales.refunds.index', 'admin.sales.cart.store_coupon', 'admin.sales.refunds.store']],\n];\n" }, gates: ['auth'] },
  // A system package installed into the product's image ships with the product.
  { id: 'image-installs-a-system-package', before: { 'docker/production/Dockerfile': 'FROM php:8.3-apache\nRUN docker-php-ext-install pdo_mysql\n' },
    after: { 'docker/production/Dockerfile': 'FROM php:8.3-apache\nRUN docker-php-ext-install pdo_mysql\nRUN apt-get update && apt-get install -y --no-install-recommends mariadb-server\n' }, gates: ['dependencies'] },
  // A new dialog with its stylesheet, five hundred lines together: a design decision. A small new component is not one.
  { id: 'new-dialog-of-some-size', after: { 'plugins/Market/vue/src/Details/DetailsModal.vue': NEW_UI(380, 'div'), 'plugins/Market/stylesheets/details.less': NEW_UI(150, 'css') }, gates: ['major-ux'] },
  { id: 'new-small-component', after: { 'plugins/Market/vue/src/Details/Badge.vue': NEW_UI(60, 'div'), 'plugins/Market/stylesheets/badge.less': NEW_UI(20, 'css') }, gates: [] },
  // Server code that builds the CREATE TABLE every table is made with changes those tables.
  { id: 'php-builds-create-table', before: { 'core/Db/Schema/Mysql.php': '<?php\nclass Mysql {\n  public function create($name, $cols) {\n    return sprintf("CREATE TABLE IF NOT EXISTS `%s` ( %s ) ENGINE=%s", $name, $cols, $this->engine);\n  }\n}\n' },
    after: { 'core/Db/Schema/Mysql.php': '<?php\nclass Mysql {\n  public function create($name, $cols) {\n    return sprintf("CREATE TABLE IF NOT EXISTS `%s` ( %s ) %s", $name, $cols, $this->options());\n  }\n}\n' }, gates: ['schema'] },
  // A password now set from a ready-made hash: what is stored as the credential changes.
  { id: 'password-set-from-a-hash', before: { 'server/server_admin.go': 'package server\n\nfunc (s *Server) update(req request) error {\n\treturn s.users.ChangePassword(req.Username, req.Password)\n}\n' },
    after: { 'server/server_admin.go': 'package server\n\nfunc (s *Server) update(req request) error {\n\tif req.Hash != "" {\n\t\treturn s.users.ChangePassword(req.Username, req.Hash, true)\n\t}\n\treturn s.users.ChangePassword(req.Username, req.Password, false)\n}\n' }, gates: ['auth'] },
  // Names that only contain the letters: a module of dataclasses is no access-control list, a guide to migrations no migration.
  { id: 'dataclasses-are-no-acl', after: { 'api/experimentation/dataclasses.py': 'from dataclasses import dataclass\n\n@dataclass\nclass Rollout:\n    percentage: int\n' }, gates: [] },
  { id: 'guide-to-migrations', after: { 'docs/docs/guides/developer-guide/migrations/index.mdx': '# Migrations\n\nRun `vendure migrate` after changing an entity.\n' }, gates: [] },
  // Browsers may now send the user's cookies with cross-origin requests: a session setting.
  { id: 'cors-allows-credentials', before: { 'module/Rest/src/Middleware/CrossDomainMiddleware.php': "<?php\nclass CrossDomainMiddleware {\n  public function headers(): array {\n    $h = ['Access-Control-Allow-Origin' => $this->origin];\n    return $h;\n  }\n}\n" },
    after: { 'module/Rest/src/Middleware/CrossDomainMiddleware.php': "<?php\nclass CrossDomainMiddleware {\n  public function headers(): array {\n    $h = ['Access-Control-Allow-Origin' => $this->origin];\n    if ($this->options->allowCredentials) {\n      $h['Access-Control-Allow-Credentials'] = 'true';\n    }\n    return $h;\n  }\n}\n" }, gates: ['auth'] },
  // The same setting in an end-to-end test's server is the test's, not the product's.
  { id: 'cors-credentials-in-e2e-setup', after: { 'packages/dashboard/e2e/global-setup.ts': 'config.apiOptions.cors = {\n  origin: true,\n  credentials: true,\n};\n' }, gates: [] },
  // A third party's OAuth URL called another way is the integration's business, not the app's auth.
  { id: 'third-party-oauth-url', before: { 'libraries/integrations/social/discord.provider.ts': "export async function me(token: string) {\n  return (await fetch('https://discord.com/api/oauth2/@me', { headers: { Authorization: `Bearer ${token}` } })).json();\n}\n" },
    after: { 'libraries/integrations/social/discord.provider.ts': "export async function me(this: Provider, token: string) {\n  return (await this.fetch('https://discord.com/api/oauth2/@me', { headers: { Authorization: `Bearer ${token}` } })).json();\n}\n" }, gates: [] },
  // Stored tokens now cleared in more cases: which recovery and confirmation links still work changes.
  { id: 'pending-tokens-cleared', before: { 'internal/models/user.go': 'package models\n\nfunc (u *User) ReplaceEmail(email string) {\n\tu.Email = email\n}\n' },
    after: { 'internal/models/user.go': 'package models\n\nfunc (u *User) ReplaceEmail(email string) {\n\tu.Email = email\n\tu.RecoveryToken = ""\n\tu.PhoneChangeToken = ""\n}\n' }, gates: ['auth'] },
  // A stylesheet split into partials: its lines moved to new files, in another order, none of them new.
  { id: 'styles-split-into-partials', before: { 'src/styles/mobile.scss': NEW_UI(560, 'css') },
    after: { 'src/styles/mobile.scss': '@import "mobile/base";\n@import "mobile/list";\n', 'src/styles/mobile/_base.scss': NEW_UI(280, 'css'), 'src/styles/mobile/_list.scss': NEW_UI(560, 'css').split('\n').slice(280).reverse().join('\n') }, gates: [] },
  // A linter merging two imports of one module in an rbac/ file changes nobody's rights.
  { id: 'imports-merged-in-rbac', before: { 'web/src/features/rbac/server/membersRouter.ts': "import { a } from './x';\nimport { b } from './x';\n\nexport const r = () => a(b);\n" },
    after: { 'web/src/features/rbac/server/membersRouter.ts': "import { a, b } from './x';\n\nexport const r = () => a(b);\n" }, gates: [] },
  { id: 'tenant-scope-bypass-in-comment', before: { 'internal/repo/entities.go': 'package repo\n' },
    after: { 'internal/repo/entities.go': 'package repo\n\n// an unscoped lookup here would cross tenants\nfunc x() {}\n' }, gates: [] },
];

for (const k of CODE_CASES) {
  test(`code change ${k.id} raises ${k.gates.length ? k.gates.join(', ') : 'no PO gate'}`, () => {
    const root = baseRepo();
    if (k.before) {
      sh(root, 'checkout', '-q', 'main');
      commit(root, k.before, 'before');
      sh(root, 'checkout', '-q', 'change');
      sh(root, 'merge', '-q', 'main');
    }
    commit(root, k.after);
    const r = check(root);
    const raised = (r.out.gates as { decision: string; when: string }[]).filter((g) => g.when === 'now').map((g) => g.decision).sort();
    assert.deepEqual(raised, [...k.gates].sort(), JSON.stringify(r.out.because.filter((b: { rule: string }) => b.rule.startsWith('trigger:'))));
  });
}

test('a deleted file is named as deleted in the evidence', () => {
  const root = baseRepo();
  sh(root, 'checkout', '-q', 'main');
  commit(root, { 'saleor/payment/gateways/np/plugin.py': 'def capture(payment):\n    return payment\n' }, 'before');
  sh(root, 'checkout', '-q', 'change');
  sh(root, 'merge', '-q', 'main');
  commit(root, { 'saleor/payment/gateways/np/plugin.py': null });
  const payments = (check(root).out.gates as { decision: string; evidence: string[] }[]).find((g) => g.decision === 'payments');
  assert.deepEqual(payments?.evidence, ['saleor/payment/gateways/np/plugin.py (deleted)']);
});

/** A package-lock.json (lockfileVersion 3) with the project's version and one resolved package. */
const npmLock = (own: string, react: string) => JSON.stringify({ name: 'shop', version: own, lockfileVersion: 3, requires: true, packages: { '': { name: 'shop', version: own, dependencies: { react: '^19.0.0' } }, 'node_modules/react': { version: react, resolved: `https://registry.npmjs.org/react/-/react-${react}.tgz` } } }, null, 2) + '\n';

test('a lockfile is a dependency change only when it resolves a package anew, not when the project bumps its own version', () => {
  const release = baseRepo();
  sh(release, 'checkout', '-q', 'main');
  commit(release, { 'package-lock.json': npmLock('1.0.0', '19.0.0') }, 'lockfile');
  sh(release, 'checkout', '-q', 'change');
  sh(release, 'merge', '-q', 'main');
  const pkg = (v: string) => JSON.stringify({ name: 'shop', version: v, scripts: { test: 'vitest' }, dependencies: { react: '^19.0.0' } }, null, 2) + '\n';
  commit(release, { 'package.json': pkg('1.0.1'), 'package-lock.json': npmLock('1.0.1', '19.0.0') }, 'Release 1.0.1');
  assert.deepEqual(check(release).out.gates.map((g: { decision: string }) => g.decision), []);
  commit(release, { 'package-lock.json': npmLock('1.0.1', '19.0.1') }, 'refresh the lockfile');
  const bumped = check(release).out.gates.find((g: { decision: string }) => g.decision === 'dependencies');
  assert.ok(bumped, 'a newly resolved react is a dependency change');
  assert.ok(bumped.evidence.some((e: string) => /package-lock\.json resolves react@19\.0\.1 \(was 19\.0\.0\)/.test(e)), JSON.stringify(bumped.evidence));
});

test('a deps-scoped commit that only touches CI workflows is DevOps work, not a product dependency', () => {
  const root = baseRepo();
  commit(root, { '.github/workflows/ci.yml': 'jobs:\n  test:\n    steps:\n      - uses: actions/checkout@v5\n' }, 'chore(deps): update actions/checkout to v5');
  assert.equal(check(root).out.gates.some((g: { decision: string }) => g.decision === 'dependencies'), false);
  // The same words on a change that touches a manifest keep their weight.
  const app = baseRepo();
  commit(app, { '.github/workflows/ci.yml': 'jobs: {}\n', 'backend/internal/orders/service.go': 'package orders\n\nfunc List() []string { return []string{} }\n' }, 'chore(deps): bump things');
  assert.ok(check(app).out.gates.some((g: { decision: string }) => g.decision === 'dependencies'));
});

test('conventional-commit subjects are signals: the kind of change, the scope\'s words, and ! for breaking', () => {
  const fix = baseRepo();
  commit(fix, { 'backend/internal/orders/service.go': 'package orders\n\nfunc List() []string { return []string{} }\n' }, 'fix: return an empty list, not nil');
  const f = check(fix);
  assert.equal(f.out.classification.type, 'bug');
  assert.deepEqual(f.out.because.find((b: { rule: string }) => b.rule === 'change-type:commits').matched.map((m: string) => m.replace(/^\w+ /, '')), ['fix:']);

  const billing = baseRepo();
  commit(billing, { 'backend/internal/orders/totals.go': 'package orders\n\nfunc Total() int { return 0 }\n' }, 'feat(billing): order totals');
  const b = check(billing);
  assert.equal(b.out.classification.type, 'feature');
  const pay = b.out.gates.find((g: { decision: string }) => g.decision === 'payments');
  assert.ok(pay, JSON.stringify(b.out.gates));
  assert.match(pay.evidence[0], /^[0-9a-f]{7} feat\(billing\):$/);

  // A scope that only contains a term names something else: a merchant migration is no schema change.
  const compound = baseRepo();
  commit(compound, { 'backend/internal/orders/totals.go': 'package orders\n\nfunc Total() int { return 1 }\n' }, 'fix(merchant-migration): totals');
  assert.deepEqual(check(compound).out.gates.map((g: { decision: string }) => g.decision), []);
  const scoped = baseRepo();
  commit(scoped, { 'backend/internal/orders/totals.go': 'package orders\n\nfunc Total() int { return 1 }\n' }, 'fix(api, migrations): totals');
  assert.ok(check(scoped).out.gates.some((g: { decision: string }) => g.decision === 'schema'));

  const breaking = baseRepo();
  commit(breaking, { 'backend/internal/orders/service.go': 'package orders\n\nfunc ListV2() []string { return nil }\n' }, 'refactor(api)!: rename List to ListV2');
  assert.ok(check(breaking).out.gates.some((g: { decision: string }) => g.decision === 'breaking-contract'));
  // The spec's footer marks a breaking change whatever the subject says; a body that only mentions
  // the word in passing does not.
  const footer = baseRepo();
  commit(footer, { 'backend/internal/orders/service.go': 'package orders\n\nfunc List() []int { return nil }\n' }, 'refactor(jellyfin): real ids\n\nIds are now GUIDs.\n\nBREAKING CHANGE: clients see new item ids.');
  const marked = check(footer).out.gates.find((g: { decision: string }) => g.decision === 'breaking-contract');
  assert.ok(marked, JSON.stringify(check(footer).out.gates));
  assert.match(marked.evidence.join('\n'), /^[0-9a-f]{7} BREAKING CHANGE: clients see new item ids\.$/m);
  const passing = baseRepo();
  commit(passing, { 'backend/internal/orders/service.go': 'package orders\n\nfunc List() []int { return nil }\n' }, 'fix: ids\n\nNot a BREAKING CHANGE: same ids as before.');
  assert.ok(!check(passing).out.gates.some((g: { decision: string }) => g.decision === 'breaking-contract'));

  // A commit message cannot talk a gate away: `chore:` on an auth change keeps the auth gate.
  const disguised = baseRepo();
  commit(disguised, { 'backend/internal/http/guard.go': 'package http\n\nfunc guard() bool { return requireRole("admin") }\n' }, 'chore: tidy');
  const d = check(disguised);
  assert.notEqual(d.out.classification.type, 'chore');
  assert.ok(d.out.gates.some((g: { decision: string }) => g.decision === 'auth'), JSON.stringify(d.out.gates));

  const mixed = baseRepo();
  commit(mixed, { 'backend/internal/orders/a.go': 'package orders\n' }, 'feat: a');
  commit(mixed, { 'backend/internal/orders/b.go': 'package orders\n' }, 'fix: b');
  assert.ok(!check(mixed).out.because.some((b: { rule: string }) => b.rule === 'change-type:commits'), 'a mix of kinds says nothing');
});

test('a change to the playbook itself is planning work the Orchestrator owns, not content; a new design-system component is major UX', () => {
  const playbook = baseRepo();
  commit(playbook, { '.github/agents/backend-lead.agent.md': '---\nname: Backend Lead\ndescription: d\ntools: [read]\n---\n# Backend Lead\n', '.github/instructions/go.instructions.md': '---\napplyTo: "**/*.go"\n---\nUse gofmt.\n' });
  const p = check(playbook);
  assert.equal(p.out.classification.type, 'planning');
  assert.equal(p.out.owners.primary, 'orchestrator');
  const docs = baseRepo();
  commit(docs, { 'docs/guide.md': '# Guide\n' });
  assert.equal(check(docs).out.classification.type, 'content');

  const ui = baseRepo();
  commit(ui, { 'packages/ui/src/segmented-control.tsx': 'export function SegmentedControl() { return null; }\n' });
  const u = check(ui);
  assert.ok(u.out.gates.some((g: { decision: string }) => g.decision === 'major-ux'), JSON.stringify(u.out.gates));
  assert.ok(u.out.owners.supporting.includes('design-ux-lead') || u.out.owners.primary === 'design-ux-lead');
  const fix = baseRepo();
  sh(fix, 'checkout', '-q', 'main');
  commit(fix, { 'packages/ui/src/tile.tsx': 'export function Tile() { return <div />; }\n' }, 'before');
  sh(fix, 'checkout', '-q', 'change');
  sh(fix, 'merge', '-q', 'main');
  commit(fix, { 'packages/ui/src/tile.tsx': 'export function Tile() { return <div suppressHydrationWarning />; }\n' });
  assert.ok(!check(fix).out.gates.some((g: { decision: string }) => g.decision === 'major-ux'), 'a fix inside an existing component is not a redesign');
});

test('Ruby and PHP dependencies: a gem in the Gemfile, a Gemfile.lock or composer.lock update, a composer require', () => {
  const gem = baseRepo();
  commit(gem, { 'Gemfile': 'source "https://rubygems.org"\ngem "rails", "~> 7.2"\ngem "rubyzip", "~> 2.3"\n' });
  assert.ok(check(gem).out.gates.some((g: { decision: string; evidence: string[] }) => g.decision === 'dependencies' && g.evidence.some((e) => /Gemfile:3 requires rubyzip ~> 2\.3/.test(e))));
  const lock = baseRepo();
  commit(lock, { 'Gemfile.lock': 'GEM\n  specs:\n    pagy (9.3.5)\n' });
  assert.ok(check(lock).out.gates.some((g: { decision: string }) => g.decision === 'dependencies'));
  const php = baseRepo();
  commit(php, { 'composer.json': '{"require": {"monolog/monolog": "^3.0"}}\n' });
  assert.ok(check(php).out.gates.some((g: { decision: string; evidence: string[] }) => g.decision === 'dependencies' && g.evidence.some((e) => /adds require monolog\/monolog@\^3\.0/.test(e))));
});
