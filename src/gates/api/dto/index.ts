/**
 * DTO alignment, check (d) of the API Contract Gate: read the code's types (TypeScript and Go, at the
 * edge), match each to the schema it serves, compare (pure, compare.ts) and report in the gate's
 * finding shape with `check: "dto"`. The code is located in `file`/`line`/`column`, the schema in
 * `pointer` and `spec`.
 */
import { relative, resolve as resolvePath } from 'node:path';
import { isObj, type Json, type LoadedSpec, type Origin } from '../load.ts';
import { operationsOf } from '../operations.ts';
import { compareDecl, type RawFinding } from './compare.ts';
import { readGo } from './go.ts';
import { makeMatcher } from './match.ts';
import { DTO_RULES, type CodeDecl, type DtoFinding, type DtoMatchOptions, type Language } from './model.ts';
import { readTypeScript } from './typescript.ts';
import type { Severity } from '../../../diagnostics.ts';

export { DTO_RULES, type DtoFinding, type DtoMatchOptions, type DtoRuleId } from './model.ts';

export interface DtoOptions {
  /** Folder(s) holding the code (searched recursively; node_modules, vendor, dist, testdata and dot folders skipped). */
  codeDir: string | readonly string[];
  match?: DtoMatchOptions;
  /** Paths in findings are relative to this folder (default: the current directory). */
  root?: string;
  /** Languages to read (default: both). */
  languages?: readonly Language[];
  /** Per-rule severity or `off`, as the gate config's `rules` map. */
  rules?: Record<string, Severity | 'off'>;
}

/** Reads the code declarations once; useful when several specs are checked against one code base. */
export async function readCode(codeDir: DtoOptions['codeDir'], languages: readonly Language[] = ['typescript', 'go']): Promise<CodeDecl[]> {
  const dirs = (typeof codeDir === 'string' ? [codeDir] : [...codeDir]).map((d) => resolvePath(d));
  const parts = await Promise.all(dirs.flatMap((d) => [
    languages.includes('typescript') ? readTypeScript(d) : Promise.resolve([]),
    languages.includes('go') ? readGo(d) : Promise.resolve([]),
  ]));
  return parts.flat();
}

/** Operations that reach each schema node (request and response schemas, through `$ref`s). */
function operationsBySchema(spec: LoadedSpec): Map<object, Set<string>> {
  const out = new Map<object, Set<string>>();
  for (const op of operationsOf(spec)) {
    const seen = new Set<object>();
    const visit = (raw: Json | undefined, origin: Origin) => {
      if (raw === undefined) return;
      let node: Json | undefined;
      try {
        node = spec.deref(raw, origin).node;
      } catch {
        return;
      }
      if (!isObj(node) || seen.has(node)) return;
      seen.add(node);
      let set = out.get(node);
      if (!set) out.set(node, (set = new Set()));
      set.add(op.label);
      const o = spec.origins.get(node) ?? spec.deref(raw, origin).origin;
      if (isObj(node.properties)) for (const [k, v] of Object.entries(node.properties)) visit(v, { file: o.file, pointer: `${o.pointer}/properties/${k.replace(/~/g, '~0').replace(/\//g, '~1')}` });
      for (const key of ['items', 'additionalProperties'] as const) if (isObj(node[key])) visit(node[key], { file: o.file, pointer: `${o.pointer}/${key}` });
      for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
        const arr = node[key];
        if (Array.isArray(arr)) arr.forEach((m, i) => visit(m, { file: o.file, pointer: `${o.pointer}/${key}/${i}` }));
      }
    };
    const mediaSchemas = (content: Json | undefined, base: Origin) => {
      if (!isObj(content)) return;
      for (const [type, m] of Object.entries(content)) {
        if (isObj(m)) visit(m.schema, { file: base.file, pointer: `${base.pointer}/content/${type.replace(/~/g, '~0').replace(/\//g, '~1')}/schema` });
      }
    };
    for (const p of op.parameters) visit(p.node.schema, { file: p.origin.file, pointer: `${p.origin.pointer}/schema` });
    if (op.requestBody) mediaSchemas(op.requestBody.node.content, op.requestBody.origin);
    for (const r of op.responses) mediaSchemas(r.at.node.content, r.at.origin);
  }
  return out;
}

/**
 * Compares the code's DTOs under `codeDir` with the schemas of `spec` they serve (matched by
 * `@openapi` annotation or by name) and returns findings with `check: "dto"`, sorted.
 */
export async function checkDtoAlignment(spec: LoadedSpec, opts: DtoOptions): Promise<DtoFinding[]> {
  const decls = await readCode(opts.codeDir, opts.languages);
  return alignDecls(spec, decls, opts);
}

/** The same, on declarations already read (see `readCode`). */
export function alignDecls(spec: LoadedSpec, decls: readonly CodeDecl[], opts: Omit<DtoOptions, 'codeDir'> = {}): DtoFinding[] {
  const root = resolvePath(opts.root ?? '.');
  const rel = (f: string) => relative(root, f) || f;
  const match = makeMatcher(spec, opts.match);
  const raw: { f: RawFinding; top: object | null }[] = [];
  for (const decl of decls) {
    const m = match(decl);
    if (m.kind === 'none') continue;
    if (m.kind === 'unresolved') {
      raw.push({ f: { rule: 'api-dto-annotation-unresolved', code: decl.loc, spec: { file: spec.file, pointer: '' }, message: `${decl.name}: @openapi ${m.target} names no schema in ${rel(spec.file)}` }, top: null });
      continue;
    }
    for (const f of compareDecl(spec, decl, m.schema)) raw.push({ f, top: m.schema.node });
  }
  const unique = new Map<string, { f: RawFinding; top: object | null }>();
  for (const r of raw) {
    const key = `${r.f.rule} ${r.f.code.file}:${r.f.code.line}:${r.f.code.column} ${r.f.spec.file}#${r.f.spec.pointer}`;
    if (!unique.has(key)) unique.set(key, r);
  }
  const where = spec.locate([...unique.values()].map((r) => r.f.spec));
  const ops = unique.size > 0 ? operationsBySchema(spec) : new Map<object, Set<string>>();
  const findings: DtoFinding[] = [];
  for (const { f, top } of unique.values()) {
    const setting = opts.rules?.[f.rule];
    if (setting === 'off') continue;
    const rule = DTO_RULES[f.rule];
    const pos = where.get(`${f.spec.file}#${f.spec.pointer}`) ?? { line: 1, column: 1 };
    const specFile = rel(f.spec.file);
    findings.push({
      rule: f.rule,
      check: 'dto',
      severity: setting ?? rule.severity,
      file: rel(f.code.file),
      line: f.code.line,
      column: f.code.column,
      pointer: f.spec.pointer,
      operations: [...((top && ops.get(top)) ?? [])].sort(),
      message: `${f.message} (${specFile}:${pos.line} ${f.spec.pointer || '/'})`,
      fix: rule.fix,
      spec: { file: specFile, line: pos.line, column: pos.column, pointer: f.spec.pointer },
    });
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  findings.sort((a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.rule, b.rule) || cmp(a.pointer, b.pointer));
  return findings;
}
