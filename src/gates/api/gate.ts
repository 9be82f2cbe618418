/**
 * The gate itself: load each spec, list its operations, run every enabled rule, de-duplicate
 * findings per (rule, node), locate them, and sort them. Pure apart from reading the spec files.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { DEFAULT_CONFIG, GATE_API_VERSION, type ApiFinding, type ApiGateConfig, type GateApiResult, type SpecSummary } from './model.ts';
import { loadSpec, type LoadedSpec, type Origin } from './load.ts';
import type { ApiRule, SpecFlavour } from './rule.ts';
import { operationsOf, type Operation } from './operations.ts';
import { RULES } from './rules/index.ts';
import { assertNoInPlaceCycle, namedSchemas } from './schema-cycles.ts';
import { exemptionFor, type Exemption } from './config.ts';
import type { DtoMatchOptions } from './dto/model.ts';

export interface RunGateOptions {
  root: string;
  config?: ApiGateConfig & { exemptions?: readonly Exemption[] };
  /** Code folders whose types are compared with the schemas (DTO alignment); none = not run. */
  code?: readonly string[];
  /** How code types meet schemas (annotation, or name: exact by default). */
  match?: DtoMatchOptions;
  /** Told what the gate is doing, for a progress line on a terminal. */
  onProgress?: (message: string) => void;
}

export async function runGate(files: readonly string[], opts: RunGateOptions): Promise<GateApiResult> {
  const config = opts.config ?? DEFAULT_CONFIG;
  const specs: SpecSummary[] = [];
  const findings: ApiFinding[] = [];
  // A spec outside the repository is named by its absolute path, not by a climb of `../`.
  const rel = (f: string) => (inside(opts.root, f) ? relative(opts.root, f) || f : f);
  const exemptions = opts.config?.exemptions ?? [];
  let exempted = 0;
  // DTO alignment loads the TypeScript compiler and a Go parser: only when asked, and the code is read once.
  const dto = opts.code && opts.code.length > 0 ? await import('./dto/index.ts') : null;
  const progress = opts.onProgress ?? (() => {});
  if (dto && opts.code) progress(`reading the code in ${opts.code.map((c) => (c === opts.root ? '.' : rel(c))).join(', ')}`);
  const decls = dto && opts.code ? await dto.readCode(opts.code) : [];
  for (const file of files) {
    progress(`reading ${rel(file)}${sizeOf(file)}`);
    // Its files stay inside the repository; a spec from elsewhere stays inside its own folder.
    const spec = await loadSpec(file, inside(opts.root, file) ? { within: opts.root } : { within: dirname(file), withinName: 'the spec\'s folder' });
    assertNoInPlaceCycle(spec, namedSchemas(spec));
    const ops = operationsOf(spec);
    const flavour = flavourOf(spec);
    progress(`checking ${ops.length} operations of ${rel(file)}`);
    specs.push({ file: rel(spec.file), version: spec.version, operations: ops.length });
    const pending = new Map<string, { rule: (typeof RULES)[number]; severity: ApiFinding['severity']; at: Origin; ops: Set<string>; message: string; also: Origin[] }>();
    for (const rule of RULES) {
      const setting = config.rules[rule.id];
      if (setting === 'off') continue;
      const severity = setting ?? rule.severity;
      rule.run({
        spec, ops, config,
        report(at: Origin, affected: readonly Operation[], message: string, also: readonly Origin[] = []) {
          const key = `${rule.id} ${at.file}#${at.pointer}`;
          let f = pending.get(key);
          if (!f) pending.set(key, (f = { rule, severity, at, ops: new Set(), message, also: [...also] }));
          for (const op of affected) f.ops.add(op.label);
        },
      });
    }
    const where = spec.locate([...pending.values()].flatMap((f) => [f.at, ...f.also]));
    const place = (o: Origin) => {
      const pos = where.get(`${o.file}#${o.pointer}`) ?? { line: 1, column: 1 };
      return { file: rel(o.file), line: pos.line, column: pos.column, pointer: o.pointer };
    };
    for (const f of pending.values()) {
      const finding: ApiFinding = {
        rule: f.rule.id, check: f.rule.check, severity: f.severity, ...place(f.at),
        operations: [...f.ops].sort(), message: f.message, fix: fixIn(f.rule, flavour),
        ...(f.also.length > 0 ? { also: f.also.map(place) } : {}),
      };
      if (exemptions.length > 0 && exemptionFor(finding, exemptions)) exempted++;
      else findings.push(finding);
    }
    if (dto) progress(`comparing ${decls.length} code types with the schemas of ${rel(file)}`);
    for (const finding of dto ? dto.alignDecls(spec, decls, { root: opts.root, rules: config.rules, swag: flavour === 'swag', ...(opts.match ? { match: opts.match } : {}) }) : []) {
      if (exemptions.length > 0 && exemptionFor(finding, exemptions)) exempted++;
      else findings.push(finding);
    }
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const byCheck = { inputs: 0, tenant: 0, problem: 0, dto: 0 };
  for (const f of findings) byCheck[f.check]++;
  return {
    version: GATE_API_VERSION,
    specs,
    ...(dto && opts.code ? { code: opts.code.map((c) => (c === opts.root ? '.' : rel(c))) } : {}),
    findings,
    summary: { specs: specs.length, operations: specs.reduce((n, s) => n + s.operations, 0), findings: findings.length, error: count('error'), warning: count('warning'), info: count('info'), byCheck, ...(exempted > 0 ? { exempted } : {}) },
  };
}

/** ` (13 MB)` for a file worth mentioning the size of. */
function sizeOf(file: string): string {
  try {
    const mb = statSync(file).size / 1e6;
    return mb >= 1 ? ` (${Math.round(mb)} MB)` : '';
  } catch {
    return '';
  }
}

/** Swagger 2.0 with swag's generated `docs.go` beside it (or one folder up) was generated by swag from Go comments. */
function flavourOf(spec: LoadedSpec): SpecFlavour {
  if (spec.version !== '2.0') return 'openapi3';
  for (const dir of [dirname(spec.file), dirname(dirname(spec.file))]) {
    try {
      if (readFileSync(join(dir, 'docs.go'), 'utf8').includes('swaggo/swag')) return 'swag';
    } catch {
      // no docs.go here
    }
  }
  return 'swagger2';
}

/** The rule's fix in the spec's own terms (swag → its 2.0 words → the 3.x words). */
const fixIn = (rule: ApiRule, flavour: SpecFlavour) => (flavour === 'openapi3' ? undefined : rule.fixFor?.[flavour] ?? rule.fixFor?.swagger2) ?? rule.fix;

const inside = (root: string, f: string) => f === root || f.startsWith(root.endsWith(sep) ? root : root + sep);

export const RULE_DESCRIPTIONS: Record<string, string> = Object.fromEntries(RULES.map((r) => [r.id, r.description]));
