// The seed role file compiles exactly: every expectation below was written by hand from reading
// ../shared/seed/backend-lead.agent.md (line numbers are that file's).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compileBytes } from '../src/artifacts/compile.ts';
import type { RoleArtifact } from '../src/artifacts/spec.ts';
import { SEED } from './helpers.ts';

const FILE = '.github/agents/backend-lead.agent.md';
const compiled = compileBytes(readFileSync(SEED), FILE, 'agent');
const role = (compiled.artifact as RoleArtifact).role;
const items = (...pairs: [number, string][]) => pairs.map(([line, text]) => ({ line, text }));
const link = (line: number, text: string, url: string) => ({ text, url, line, column: 3 });

test('the seed compiles into the Backend Lead role with its identity and frontmatter', () => {
  assert.equal(compiled.artifact?.kind, 'agent');
  assert.equal(role.id, 'backend-lead');
  assert.equal(role.name, 'Backend Lead');
  assert.match(role.description!, /^Backend Lead for Kyora Agent OS\. Owns API contracts/);
  assert.equal(role.infer, true);
  assert.equal(role.model, 'Claude Sonnet 4.5 (copilot)');
});

test('the seed has seven tools, context7/* read as every tool of the MCP server context7', () => {
  assert.deepEqual(role.tools, [
    { kind: 'builtin', raw: 'execute', line: 4, tool: 'execute' },
    { kind: 'builtin', raw: 'read', line: 4, tool: 'read' },
    { kind: 'builtin', raw: 'edit', line: 4, tool: 'edit' },
    { kind: 'builtin', raw: 'search', line: 4, tool: 'search' },
    { kind: 'builtin', raw: 'web', line: 4, tool: 'web' },
    { kind: 'mcp', raw: 'context7/*', line: 4, server: 'context7', name: '*' },
    { kind: 'builtin', raw: 'agent', line: 4, tool: 'agent' },
  ]);
});

test('the seed lists its outputs, activation triggers and allowed-tool notes', () => {
  assert.deepEqual(role.outputs, items(
    [15, 'Define endpoint shapes (paths, methods, request/response structures)'],
    [16, 'Make DTO decisions aligned with domain models'],
    [17, 'Define error semantics (status codes, error types, RFC7807 compliance)'],
    [18, 'Plan migration approaches for schema changes'],
    [19, 'Apply quality gates for backend changes'],
    [20, 'Coordinate with Web Lead on cross-stack contracts'],
  ));
  assert.deepEqual(role.triggers, items(
    [24, 'API contract design or changes'],
    [25, 'Domain modeling decisions'],
    [26, 'Backend architecture decisions'],
    [27, 'Schema/migration planning (with PO gate)'],
    [28, 'Error handling patterns'],
  ));
  assert.deepEqual(role.toolNotes, [
    { tool: 'read', note: 'Read codebase files', line: 32 },
    { tool: 'search', note: 'Search codebase', line: 33 },
    { tool: 'edit', note: 'Edit spec/planning documents (not production code during planning)', line: 34 },
    { tool: 'execute', note: 'Run validation commands (optional)', line: 35 },
    { tool: 'agent', note: 'Delegate planning to specialists or implementation to Backend Implementer', line: 36 },
    { tool: 'context7/*', note: 'Context7 for dependency/library research', line: 37 },
  ]);
});

test('each of the five forbidden actions compiles to its machine rule', () => {
  assert.deepEqual(role.forbidden, [
    { line: 60, text: 'Schema changes without PO gate', rule: 'schema-change-requires-po-gate', gate: 'schema' },
    { line: 61, text: 'Large refactors without phased plan', rule: 'large-refactor-requires-phased-plan', gate: null },
    { line: 62, text: 'Bypassing tenant isolation requirements', rule: 'tenant-isolation-required', gate: 'tenant-boundary' },
    { line: 63, text: 'Adding new dependencies without PO gate', rule: 'new-dependency-requires-po-gate', gate: 'dependencies' },
    { line: 64, text: 'Editing production code during planning phase (delegate to Backend Implementer)', rule: 'no-production-code-while-planning', gate: null },
  ]);
});

test('the five delegation rows carry their roles and flags, and implementation goes to the Backend Implementer', () => {
  const ref = (name: string, id: string, line: number) => ({ name, id, line });
  assert.deepEqual(role.delegation, [
    { pattern: 'auth/session/RBAC/permissions', terms: ['auth', 'session', 'RBAC', 'permissions'], roles: [ref('Security/Privacy Reviewer', 'security-privacy-reviewer', 72)], flags: [], line: 72 },
    { pattern: 'payments/billing/Stripe', terms: ['payments', 'billing', 'Stripe'], roles: [ref('Security/Privacy Reviewer', 'security-privacy-reviewer', 73)], flags: [], line: 73 },
    { pattern: 'tenant boundary changes', terms: ['tenant boundary changes'], roles: [ref('self', 'backend-lead', 74)], flags: ['mandatory', 'cannot-delegate'], line: 74 },
    { pattern: 'DB schema/migrations', terms: ['DB schema', 'migrations'], roles: [ref('QA/Test Specialist', 'qa-test-specialist', 75)], flags: ['po-gate'], line: 75 },
    { pattern: 'cross-stack contract', terms: ['cross-stack contract'], roles: [ref('Web Lead', 'web-lead', 76)], flags: [], line: 76 },
  ]);
  assert.deepEqual(role.implementer, { name: 'Backend Implementer', id: 'backend-implementer', line: 78 });
});

test('the cross-stack Phase 0 contract lists its four required parts', () => {
  assert.deepEqual(role.contract, items(
    [88, 'Endpoint path and method'],
    [89, 'Request/response DTO shapes'],
    [90, 'Error semantics (status codes, error types)'],
    [91, 'Required i18n copy (key names and default text)'],
  ));
});

test('the API Contract Gate has its three SSOT links and four checklist items', () => {
  assert.deepEqual(role.qualityGates, [{
    name: 'API Contract Gate',
    line: 95,
    ssot: [
      link(99, '.github/instructions/backend-core.instructions.md', '../instructions/backend-core.instructions.md'),
      link(100, '.github/instructions/errors-handling.instructions.md', '../instructions/errors-handling.instructions.md'),
      link(101, '.github/instructions/responses-dtos-swagger.instructions.md', '../instructions/responses-dtos-swagger.instructions.md'),
    ],
    checklist: items(
      [105, 'Inputs validated'],
      [106, 'Tenant isolation enforced (workspace > business)'],
      [107, 'Errors follow Kyora Problem/RFC7807 patterns'],
      [108, 'DTOs/OpenAPI aligned'],
    ),
  }]);
});

test('reuse-first targets keep the paths they name', () => {
  assert.deepEqual(role.reuseFirst, [
    { line: 114, text: 'Search backend/internal/platform/utils/ for existing utilities', paths: ['backend/internal/platform/utils/'] },
    { line: 115, text: 'Search related domain modules for similar patterns', paths: [] },
    { line: 116, text: 'Prefer existing domain boundaries: domain logic in domain/**, infra in platform/**', paths: ['domain/**', 'platform/**'] },
  ]);
});

test('definition of done and the four escalation triggers are read', () => {
  assert.deepEqual(role.definitionOfDone, items(
    [120, 'Contract decisions are explicit and testable'],
    [121, 'Compatibility with existing endpoints noted'],
    [122, 'Migration approach documented (if applicable)'],
    [123, 'Handed off with Delegation Packet to Backend Implementer'],
  ));
  assert.deepEqual(role.escalation, items(
    [129, 'Auth/RBAC/tenant safety changes required'],
    [130, 'Migrations needed'],
    [131, 'Payments/billing integration involved'],
    [132, 'Breaking API contract changes'],
  ));
  assert.deepEqual(role.escalateTo, { name: 'PO', id: 'po', line: 127 });
});

test('every SSOT link is kept with its line, and the SSOT section holds the repaired em dash', () => {
  assert.deepEqual(role.ssot, [
    link(136, 'KYORA_AGENT_OS.md', '../../KYORA_AGENT_OS.md'),
    link(137, '.github/instructions/backend-core.instructions.md', '../instructions/backend-core.instructions.md'),
    link(138, '.github/instructions/go-backend-patterns.instructions.md', '../instructions/go-backend-patterns.instructions.md'),
    link(139, '.github/instructions/errors-handling.instructions.md', '../instructions/errors-handling.instructions.md'),
  ]);
  assert.deepEqual(compiled.artifact!.links.map((l) => l.line), [80, 99, 100, 101, 136, 137, 138, 139]);
  assert.equal(compiled.artifact!.links[0]!.url, '.github/agents/orchestrator.agent.md#universal-agent-delegation-framework');
});

test('the mis-decoded em dash is reported at its place and repaired in the spec', () => {
  const mojibake = compiled.diagnostics.filter((d) => d.rule === 'text-mojibake');
  assert.deepEqual(mojibake.map((d) => [d.line, d.column]), [[136, 48]]);
  assert.match(mojibake[0]!.message, /"â€”".*"—"/);
  const text = readFileSync(SEED, 'utf8');
  assert.ok(text.includes('â€”'), 'the seed on disk still holds the mojibake');
  assert.ok(!JSON.stringify(role).includes('â€'), 'no mojibake survives into the spec');
});

test('the seed is not read-only, calls no prompt file, and says nothing the OS cannot enforce', () => {
  assert.equal(role.readOnlyLine, null);
  assert.deepEqual(role.promptCalls, []);
  assert.ok(role.forbidden.every((f) => f.rule !== null));
});
