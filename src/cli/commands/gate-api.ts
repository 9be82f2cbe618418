/**
 * `kao gate api`: the API Contract Gate over a repository's OpenAPI descriptions — (a) inputs
 * validated, (b) tenant isolation, (c) problem details — as text, JSON (schemas/gate-api.schema.json),
 * SARIF 2.1.0 or markdown. Exit 0 clean, 1 findings at or above --fail-on, 2 usage or unreadable input.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Severity } from '../../diagnostics.ts';
import { UsageError } from '../../errors.ts';
import { VERSION } from '../../version.ts';
import { runGate, RULE_DESCRIPTIONS } from '../../gates/api/gate.ts';
import type { GateApiResult } from '../../gates/api/model.ts';

export interface GateApiOptions {
  spec?: string[];
  dir: string;
  format: 'text' | 'json' | 'sarif' | 'markdown';
  failOn: 'error' | 'warning';
}

const RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };
const SKIP = new Set(['node_modules', '.git', 'dist', 'build', 'vendor', 'coverage']);
const ROOT_NAMES = /^(openapi|swagger)\.(ya?ml|json)$/i;

/** Specs found in a repository: openapi.* / swagger.* anywhere, and OpenAPI roots in openapi/ and api/ folders. */
export function findSpecs(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    if (depth > 8) return;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP.has(e.name) && !e.name.startsWith('.')) walk(p, depth + 1);
      } else if (e.isFile()) {
        const folder = d.split(/[\\/]/).pop() ?? '';
        const candidate = ROOT_NAMES.test(e.name) || ((folder === 'openapi' || folder === 'api') && /\.(ya?ml|json)$/i.test(e.name));
        if (candidate && looksLikeRoot(p)) out.push(p);
      }
    }
  };
  walk(resolve(dir), 0);
  return out.sort();
}

function looksLikeRoot(path: string): boolean {
  try {
    const head = readFileSync(path, 'utf8').slice(0, 4096);
    return /(^|\n)\s*["']?(openapi|swagger)["']?\s*:/.test(head);
  } catch {
    return false;
  }
}

export async function runGateApi(opts: GateApiOptions): Promise<number> {
  const root = resolve(opts.dir);
  const specs = opts.spec && opts.spec.length > 0 ? opts.spec.map((s) => resolve(s)) : findSpecs(root);
  if (specs.length === 0) throw new UsageError('gate-api-no-spec', `no OpenAPI description found under ${opts.dir}`, 'Pass one with --spec FILE (openapi.yaml, swagger.json, …).');
  const result = await runGate(specs, { root });
  process.stdout.write(render(result, opts.format));
  const threshold = RANK[opts.failOn];
  return result.findings.some((f) => RANK[f.severity] >= threshold) ? 1 : 0;
}

export function render(result: GateApiResult, format: GateApiOptions['format']): string {
  if (format === 'json') return JSON.stringify(result, null, 2) + '\n';
  if (format === 'sarif') return sarif(result);
  if (format === 'markdown') return markdown(result);
  return text(result);
}

const CHECK_TITLES = { inputs: '(a) Inputs validated', tenant: '(b) Tenant isolation', problem: '(c) Problem details (RFC 9457)' } as const;
const ops = (list: string[]) => (list.length <= 3 ? list.join(', ') : `${list.slice(0, 3).join(', ')} and ${list.length - 3} more`);

function text(r: GateApiResult): string {
  const color = process.stdout.isTTY && !process.env.NO_COLOR;
  const paint = (s: Severity, t: string) => (color ? `\x1b[${s === 'error' ? 31 : s === 'warning' ? 33 : 36}m${t}\x1b[0m` : t);
  const lines: string[] = [];
  for (const s of r.specs) lines.push(`${s.file} (OpenAPI ${s.version}, ${s.operations} operations)`);
  for (const check of ['inputs', 'tenant', 'problem'] as const) {
    const list = r.findings.filter((f) => f.check === check);
    lines.push('', `${CHECK_TITLES[check]}: ${list.length === 0 ? 'ok' : `${list.length} finding${list.length === 1 ? '' : 's'}`}`);
    for (const f of list) lines.push(`  ${f.file}:${f.line}:${f.column} ${paint(f.severity, f.severity)} ${f.rule} ${f.message}${f.operations.length > 0 ? ` [${ops(f.operations)}]` : ''}`, `    fix: ${f.fix}`);
  }
  const s = r.summary;
  lines.push('', `${plural(s.specs, 'spec')}, ${plural(s.operations, 'operation')}: ${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}`);
  return lines.join('\n') + '\n';
}

function markdown(r: GateApiResult): string {
  const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = ['## API Contract Gate', ''];
  for (const check of ['inputs', 'tenant', 'problem'] as const) {
    const list = r.findings.filter((f) => f.check === check);
    lines.push(`- ${list.length === 0 ? '✅' : list.some((f) => f.severity === 'error') ? '❌' : '⚠️'} **${CHECK_TITLES[check]}**: ${list.length} finding${list.length === 1 ? '' : 's'}`);
  }
  if (r.findings.length > 0) {
    lines.push('', '| severity | rule | where | operations | message |', '| --- | --- | --- | --- | --- |');
    for (const f of r.findings) lines.push(`| ${f.severity} | \`${f.rule}\` | \`${cell(f.file)}:${f.line}\` | ${cell(ops(f.operations))} | ${cell(f.message)} |`);
  }
  lines.push('', `${plural(r.summary.specs, 'spec')}, ${plural(r.summary.operations, 'operation')}: ${plural(r.summary.error, 'error')}, ${plural(r.summary.warning, 'warning')}.`);
  return lines.join('\n') + '\n';
}

function sarif(r: GateApiResult): string {
  const ruleIds = [...new Set(r.findings.map((f) => f.rule))].sort();
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'kao', version: VERSION, informationUri: 'https://github.com/kyora-agent-os/kyora-agent-os', rules: ruleIds.map((id) => ({ id, shortDescription: { text: RULE_DESCRIPTIONS[id] ?? id } })) } },
      results: r.findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: ruleIds.indexOf(f.rule),
        level: f.severity === 'info' ? 'note' : f.severity,
        message: { text: `${f.message}. Fix: ${f.fix}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: f.file }, region: { startLine: f.line, startColumn: f.column } } }],
        properties: { pointer: f.pointer, operations: f.operations, check: f.check },
      })),
    }],
  }, null, 2) + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
