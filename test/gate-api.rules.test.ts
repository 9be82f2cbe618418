// One table per rule: small hand-written specs, each with the findings the rule must (and must not) make.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runGate } from '../src/gates/api/gate.ts';
import { tempDir, writeFiles } from './helpers.ts';

const problem = `{type: object, additionalProperties: false, properties: {type: {type: string, format: uri-reference}, title: {type: string, maxLength: 200}, status: {type: integer, minimum: 100, maximum: 599}, detail: {type: string, maxLength: 2000}, instance: {type: string, format: uri-reference}}}`;
const head = `openapi: 3.0.3\ninfo: {title: t, version: '1'}\nsecurity: [{bearer: []}]\n`;
const errors = `'400': {description: bad, content: {application/problem+json: {schema: ${problem}}}}`;

async function findings(spec: string, rule: string) {
  const dir = tempDir('kao-gate-api-');
  writeFiles(dir, { 'openapi.yaml': spec });
  const r = await runGate([join(dir, 'openapi.yaml')], { root: dir });
  return r.findings.filter((f) => f.rule === rule);
}

const op = (path: string, method: string, body: string, extra = '') => `${head}paths:\n  ${path}:\n    ${method}:\n${extra}      ${body}\n      responses: {'204': {description: ok}, ${errors}}\n`;
const bodyOf = (schema: string) => `requestBody: {content: {application/json: {schema: ${schema}}}}`;

const TABLE: { rule: string; name: string; spec: string; count: number; line?: number }[] = [
  { rule: 'api-input-schema-missing', name: 'a parameter without schema', spec: op('/a', 'get', '', '      parameters: [{name: q, in: query}]\n'), count: 1 },
  { rule: 'api-input-schema-missing', name: 'a body media type without schema', spec: op('/a', 'post', 'requestBody: {content: {application/json: {}}}'), count: 1 },
  { rule: 'api-input-schema-missing', name: 'a parameter with a bounded schema', spec: op('/a', 'get', '', '      parameters: [{name: q, in: query, schema: {type: string, maxLength: 3}}]\n'), count: 0 },
  { rule: 'api-input-write-body', name: 'a POST without body', spec: op('/a', 'post', ''), count: 1, line: 6 },
  { rule: 'api-input-write-body', name: 'a GET without body', spec: op('/a', 'get', ''), count: 0 },
  { rule: 'api-input-string-unbounded', name: 'a plain string property', spec: op('/a', 'post', bodyOf('{type: object, additionalProperties: false, properties: {n: {type: string}}}')), count: 1 },
  { rule: 'api-input-string-unbounded', name: 'strings bounded by maxLength, enum, format, pattern', spec: op('/a', 'post', bodyOf('{type: object, additionalProperties: false, properties: {a: {type: string, maxLength: 3}, b: {type: string, enum: [x]}, c: {type: string, format: uuid}, d: {type: string, pattern: "^x$"}}}')), count: 0 },
  { rule: 'api-input-string-unbounded', name: 'a readOnly string is not input', spec: op('/a', 'post', bodyOf('{type: object, additionalProperties: false, properties: {id: {type: string, readOnly: true}}}')), count: 0 },
  { rule: 'api-input-number-unbounded', name: 'an integer with only a minimum', spec: op('/a', 'get', '', '      parameters: [{name: n, in: query, schema: {type: integer, minimum: 1}}]\n'), count: 1 },
  { rule: 'api-input-number-unbounded', name: 'a number with both bounds', spec: op('/a', 'get', '', '      parameters: [{name: n, in: query, schema: {type: number, minimum: 0, maximum: 1}}]\n'), count: 0 },
  { rule: 'api-input-array-unbounded', name: 'an array without maxItems', spec: op('/a', 'post', bodyOf('{type: array, items: {type: string, maxLength: 1}}')), count: 1 },
  { rule: 'api-input-array-unbounded', name: 'an array with maxItems', spec: op('/a', 'post', bodyOf('{type: array, maxItems: 5, items: {type: string, maxLength: 1}}')), count: 0 },
  { rule: 'api-input-object-open', name: 'an object without additionalProperties', spec: op('/a', 'post', bodyOf('{type: object, properties: {n: {type: boolean}}}')), count: 1 },
  { rule: 'api-input-object-open', name: 'a closed object', spec: op('/a', 'post', bodyOf('{type: object, additionalProperties: false, properties: {n: {type: boolean}}}')), count: 0 },
  { rule: 'api-tenant-security-missing', name: 'no security anywhere', spec: op('/a', 'get', '').replace('security: [{bearer: []}]\n', ''), count: 1 },
  { rule: 'api-tenant-security-missing', name: 'an empty requirement lets anonymous callers in', spec: op('/a', 'get', '', '      security: [{}]\n'), count: 1 },
  { rule: 'api-tenant-security-missing', name: 'global security applies', spec: op('/a', 'get', ''), count: 0 },
  { rule: 'api-tenant-path-order', name: 'a business without its workspace', spec: op('/businesses/{businessId}/x', 'get', '', '      parameters: [{name: businessId, in: path, required: true, schema: {type: string, format: uuid}}]\n'), count: 1 },
  { rule: 'api-tenant-path-order', name: 'levels out of order', spec: op('/businesses/{businessId}/workspaces/{workspaceId}', 'get', ''), count: 1 },
  { rule: 'api-tenant-path-order', name: 'levels in order', spec: op('/workspaces/{workspaceId}/businesses/{businessId}/x', 'get', ''), count: 0 },
  { rule: 'api-tenant-id-duplicated', name: 'a query parameter repeats the tenant id', spec: op('/workspaces/{workspaceId}/x', 'get', '', '      parameters: [{name: workspace_id, in: query, schema: {type: string, format: uuid}}]\n'), count: 1 },
  { rule: 'api-tenant-id-duplicated', name: 'a body property repeats the tenant id', spec: op('/workspaces/{workspaceId}/x', 'post', bodyOf('{type: object, additionalProperties: false, properties: {workspaceId: {type: string, format: uuid}}}')), count: 1 },
  { rule: 'api-tenant-id-duplicated', name: 'a body with no tenant id', spec: op('/workspaces/{workspaceId}/x', 'post', bodyOf('{type: object, additionalProperties: false, properties: {name: {type: string, maxLength: 9}}}')), count: 0 },
  { rule: 'api-tenant-resource-escape', name: 'an invoice reachable outside its tenant', spec: `${head}paths:\n  /workspaces/{workspaceId}/invoices/{invoiceId}:\n    get: {responses: {'204': {description: ok}, ${errors}}}\n  /invoices/{id}:\n    get: {responses: {'204': {description: ok}, ${errors}}}\n`, count: 1, line: 7 },
  { rule: 'api-tenant-resource-escape', name: 'only tenant-scoped paths', spec: `${head}paths:\n  /workspaces/{workspaceId}/invoices/{invoiceId}:\n    get: {responses: {'204': {description: ok}, ${errors}}}\n  /health:\n    get: {responses: {'204': {description: ok}, ${errors}}}\n`, count: 0 },
  { rule: 'api-problem-media-type', name: 'an error response in application/json', spec: op('/a', 'get', '').replace('application/problem+json', 'application/json'), count: 1 },
  { rule: 'api-problem-media-type', name: 'a shared error response is reported once with both operations', spec: `${head}paths:\n  /a: {get: {responses: {'404': {$ref: '#/components/responses/NotFound'}}}}\n  /b: {get: {responses: {'404': {$ref: '#/components/responses/NotFound'}}}}\ncomponents:\n  responses:\n    NotFound: {description: gone}\n`, count: 1, line: 9 },
  { rule: 'api-problem-media-type', name: 'a problem+json error response', spec: op('/a', 'get', ''), count: 0 },
  { rule: 'api-problem-schema', name: 'a problem schema with status as a string and no instance', spec: op('/a', 'get', '').replace('status: {type: integer, minimum: 100, maximum: 599}', 'status: {type: string}').replace(', instance: {type: string, format: uri-reference}', ''), count: 1 },
  { rule: 'api-problem-schema', name: 'a complete problem schema', spec: op('/a', 'get', ''), count: 0 },
];

for (const row of TABLE) {
  test(`${row.rule}: ${row.name} gives ${row.count} finding(s)`, async () => {
    const found = await findings(row.spec, row.rule);
    assert.equal(found.length, row.count, JSON.stringify(found, null, 1));
    if (row.line !== undefined) assert.equal(found[0]?.line, row.line);
  });
}

test('a shared error response lists every operation that uses it', async () => {
  const [f] = await findings(TABLE.find((r) => r.name.startsWith('a shared error'))!.spec, 'api-problem-media-type');
  assert.deepEqual(f?.operations, ['GET /a', 'GET /b']);
  assert.equal(f?.pointer, '/components/responses/NotFound');
});
