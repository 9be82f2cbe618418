/**
 * `kao gate api`: the API Contract Gate over a repository's OpenAPI descriptions — (a) inputs
 * validated, (b) tenant isolation, (c) problem details — as text, JSON (schemas/gate-api.schema.json),
 * SARIF 2.1.0 or markdown. Exit 0 clean, 1 findings at or above --fail-on, 2 usage or unreadable input.
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { severityRank, type Severity } from '../../diagnostics.ts';
import { UsageError } from '../../errors.ts';
import { VERSION } from '../../version.ts';
import { runGate, RULE_DESCRIPTIONS } from '../../gates/api/gate.ts';
import { CONFIG_PATH, DEFAULT_GATE_CONFIG, parseGateConfig, tenantFromModel, type GateConfig } from '../../gates/api/config.ts';
import type { ApiFinding, GateApiResult } from '../../gates/api/model.ts';
import { listFiles } from '../../fs-walk.ts';
import { areaMatcher } from '../../playbook/areas.ts';
import { pathMatcher } from '../../playbook/globs.ts';
import { MODEL_PATH } from '../../playbook/builtin.ts';
import { loadBuiltin } from '../../playbook/load.ts';
import type { OperatingModel } from '../../playbook/operating-model.ts';
import { parse as parseYaml } from 'yaml';
import { canonicalJson } from '../../store/canonical.ts';
import { sarifToJunit } from '../output/junit.ts';
import { sarifToAnnotations } from '../output/github.ts';
import { terminalProgress } from '../output/progress.ts';
import { colorEnabled, paint } from '../output/color.ts';
import { hiddenLine, mostSevere } from '../../problem-cap.ts';

export interface GateApiOptions {
  spec?: string[];
  /** Code folders for DTO alignment. */
  code?: string[];
  dir: string;
  format: 'text' | 'json' | 'sarif' | 'markdown' | 'github' | 'junit';
  failOn: 'error' | 'warning';
  /** Errors only, as lint's -q. */
  quiet?: boolean;
  /** Text output prints at most this many findings, errors first (the summary counts all). */
  maxProblems?: number;
}

/** Common names of a root description: openapi.yaml, swagger.json, openapi-v2.yml, api-docs.json, billing.openapi.yaml. */
const ROOT_NAMES = /^((openapi|swagger|api-docs|api-spec)([-_.][\w.-]*)?\.(ya?ml|json)|[\w.-]+\.(openapi|swagger)\.(ya?ml|json))$/i;
const SPEC_FOLDERS = new Set(['openapi', 'api', 'swagger', 'spec', 'specs']);

/**
 * Specs found in a repository: files with a common spec name anywhere, and OpenAPI roots among the
 * YAML/JSON files of spec folders (openapi/, api/, …) and of the playbook's backend area. With
 * `include` (the config's `specs` globs), exactly the files those globs match.
 */
export function findSpecs(dir: string, opts: { areas?: Record<string, string[]>; include?: readonly string[] } = {}): string[] {
  const root = resolve(dir);
  const out: string[] = [];
  const areaOf = opts.areas ? areaMatcher(opts.areas) : () => null;
  const include = opts.include && opts.include.length > 0 ? pathMatcher(opts.include) : null;
  for (const p of listFiles(root, { maxDepth: 8, accept: (name) => include !== null || /\.(ya?ml|json)$/i.test(name) })) {
    const rel = relative(root, p).split(/[\\/]/).join('/');
    if (include) {
      if (include(rel)) out.push(p);
      continue;
    }
    const folder = rel.split('/').at(-2) ?? '';
    const name = rel.split('/').at(-1)!;
    const candidate = ROOT_NAMES.test(name) || SPEC_FOLDERS.has(folder) || areaOf(rel) === 'backend';
    if (candidate && looksLikeRoot(p)) out.push(p);
  }
  return out.sort();
}

/**
 * The first or the last 4 KB declare `openapi:` or `swagger:` at the top level (read without loading
 * the whole file). The end counts because generators that sort keys (swag's YAML) write
 * `swagger: "2.0"` last.
 */
function looksLikeRoot(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(4096);
      const head = buf.toString('utf8', 0, readSync(fd, buf, 0, 4096, 0));
      if (/(^|[\n{,])\s*["']?(openapi|swagger)["']?\s*:/.test(head)) return true;
      const size = fstatSync(fd).size;
      if (size <= 4096) return false;
      const tail = buf.toString('utf8', 0, readSync(fd, buf, 0, 4096, size - 4096));
      return /(^|\n)(openapi|swagger):|[{,]\s*"(openapi|swagger)"\s*:/.test(tail);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** A `--spec` argument: a file, or a folder meaning every OpenAPI description in it. */
function specArgument(arg: string): string[] {
  const path = resolve(arg);
  let dir: boolean;
  try {
    dir = statSync(path).isDirectory();
  } catch {
    throw new UsageError('gate-api-no-spec', `--spec ${arg}: no such file or folder`, 'Pass an OpenAPI file (openapi.yaml, swagger.json, …) or a folder holding some.');
  }
  if (!dir) return [path];
  const found = listFiles(path, { maxDepth: 8, accept: (name) => /\.(ya?ml|json)$/i.test(name) }).filter(looksLikeRoot).sort();
  if (found.length === 0) throw new UsageError('gate-api-no-spec', `--spec ${arg}: the folder holds no OpenAPI description (no YAML or JSON file declaring \`openapi:\` or \`swagger:\`)`, 'Pass the spec file itself, or a folder that holds it.');
  return found;
}

/** A code folder named by the user must exist: DTO alignment over nothing would say "ok". */
function codeFolder(path: string, named: string): string {
  let dir = false;
  try {
    dir = statSync(path).isDirectory();
  } catch {
    // reported below
  }
  if (!dir) throw new UsageError('gate-api-no-code', `${named}: no such folder`, 'Name the folder that holds the Go or TypeScript code the spec describes.');
  return path;
}

/** Files that mark the root of a Go module or a TypeScript/JavaScript package. */
const CODE_ROOT_MARKERS = new Set(['go.mod', 'tsconfig.json', 'package.json']);

/**
 * The code roots DTO alignment reads when neither --code nor the config names any: the folders that
 * hold a go.mod, tsconfig.json or package.json (four levels deep at most), outermost only (each root
 * is read with everything under it).
 */
export function findCodeRoots(root: string): string[] {
  const dirs = [...new Set(listFiles(root, { maxDepth: 4, accept: (n) => CODE_ROOT_MARKERS.has(n) }).map((f) => dirname(f)))].sort();
  return dirs.filter((d) => !dirs.some((o) => o !== d && d.startsWith(o + sep)));
}

/**
 * Generators write one description twice (swag: swagger.json and swagger.yaml side by side). When a
 * JSON and a YAML file of the same name in one folder hold the same document, only the JSON is
 * checked, so each finding is reported once; the other is named in the result.
 */
function onePerDescription(files: readonly string[]): { specs: string[]; sameAs: { file: string; checked: string }[] } {
  const byStem = new Map<string, string>();
  for (const f of files) if (/\.json$/i.test(f)) byStem.set(f.replace(/\.json$/i, ''), f);
  const sameAs: { file: string; checked: string }[] = [];
  const specs = files.filter((f) => {
    const json = /\.ya?ml$/i.test(f) ? byStem.get(f.replace(/\.ya?ml$/i, '')) : undefined;
    if (json === undefined || !sameDocument(json, f)) return true;
    sameAs.push({ file: f, checked: json });
    return false;
  });
  return { specs, sameAs };
}

function sameDocument(json: string, yaml: string): boolean {
  try {
    return canonicalJson(JSON.parse(readFileSync(json, 'utf8'))) === canonicalJson(parseYaml(readFileSync(yaml, 'utf8'), { maxAliasCount: 1000 }));
  } catch {
    return false;
  }
}

/** The repository's operating model (for its area map and tenant model), else the built-in one. */
async function operatingModel(root: string): Promise<OperatingModel> {
  const own = join(root, MODEL_PATH);
  if (!existsSync(own)) return (await loadBuiltin()).model!;
  const { parseOperatingModel } = await import('../../playbook/operating-model.ts');
  const { model, diagnostics } = parseOperatingModel(readFileSync(own, 'utf8'), MODEL_PATH);
  const broken = diagnostics.find((d) => d.severity === 'error');
  if (!model || broken) {
    const d = broken ?? diagnostics[0]!;
    throw new UsageError('playbook-broken', `${d.file}:${d.line}:${d.column}: ${d.message}`, 'Fix it first (`kao lint` lists every problem); the gate will not fall back to the built-in operating model silently.');
  }
  return model;
}

/**
 * The gate's configuration: `.github/agent-os/api-gate.yaml` over the defaults, whose tenant model
 * is the operating model's `constraints.tenantModel` (the seed's workspace → business when unset).
 */
export function loadGateConfig(root: string, model: OperatingModel | null): GateConfig {
  const levels = tenantFromModel(model?.constraints?.tenantModel);
  const defaults: GateConfig = levels ? { ...DEFAULT_GATE_CONFIG, tenant: { ...DEFAULT_GATE_CONFIG.tenant, levels } } : DEFAULT_GATE_CONFIG;
  const path = join(root, CONFIG_PATH);
  if (!existsSync(path)) return defaults;
  const { config, diagnostics } = parseGateConfig(readFileSync(path, 'utf8'), CONFIG_PATH, Object.keys(RULE_DESCRIPTIONS), defaults);
  if (!config) {
    const d = diagnostics[0]!;
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more problem${diagnostics.length > 2 ? 's' : ''})` : '';
    throw new UsageError('gate-api-config', `${d.file}:${d.line}:${d.column}: ${d.message}${more}`, d.fix);
  }
  return config;
}

export async function runGateApi(opts: GateApiOptions): Promise<number> {
  const root = resolve(opts.dir);
  const model = await operatingModel(root);
  const config = loadGateConfig(root, model);
  const found = opts.spec && opts.spec.length > 0 ? opts.spec.flatMap((s) => specArgument(s)) : findSpecs(root, { areas: model.areas, include: config.specs });
  const { specs, sameAs } = onePerDescription(found);
  if (specs.length === 0) {
    throw config.specs.length > 0
      ? new UsageError('gate-api-no-spec', `${CONFIG_PATH}: specs ${config.specs.join(', ')} match no file under ${opts.dir}`, 'Fix the globs (they are relative to the repository).')
      : new UsageError('gate-api-no-spec', `no OpenAPI description found under ${opts.dir}`, 'Pass one with --spec FILE (openapi.yaml, swagger.json, …), or list them under `specs:` in ' + CONFIG_PATH + '.');
  }
  // DTO alignment: --code wins over the config's folders (relative to the repository), which win over
  // the code roots found in the repository — for specs of the repository's own.
  const code = opts.code
    ? opts.code.map((c) => codeFolder(resolve(c), `--code ${c}`))
    : config.dto.code.length > 0
      ? config.dto.code.map((c) => codeFolder(resolve(root, c), `${CONFIG_PATH}: dto.code ${c}`))
      : specs.some((s) => s.startsWith(root + sep)) ? findCodeRoots(root) : [];
  const codeSkipped = code.length > 0 ? undefined
    : specs.some((s) => s.startsWith(root + sep)) ? 'no go.mod, tsconfig.json or package.json in the repository'
      : 'the spec is not in this repository, so the code here is not what it describes';
  const progress = terminalProgress();
  const gated = await runGate(specs, { root, config, match: config.dto.match, ...(code.length > 0 ? { code } : {}), onProgress: progress.step }).finally(progress.done);
  const rel = (f: string) => relative(root, f) || f;
  const result: GateApiResult = {
    ...gated,
    ...(sameAs.length > 0 ? { sameAs: sameAs.map((s) => ({ file: rel(s.file), checked: rel(s.checked) })) } : {}),
    ...(codeSkipped ? { codeSkipped } : {}),
  };
  const threshold = severityRank[opts.failOn];
  const fails = result.findings.some((f) => severityRank[f.severity] >= threshold);
  process.stdout.write(render(opts.quiet ? { ...result, findings: result.findings.filter((f) => f.severity === 'error') } : result, opts.format, opts.maxProblems));
  return fails ? 1 : 0;
}

export function render(result: GateApiResult, format: GateApiOptions['format'], maxProblems = Infinity): string {
  if (format === 'json') return JSON.stringify(result, null, 2) + '\n';
  if (format === 'sarif') return sarif(result);
  if (format === 'github') return sarifToAnnotations(sarif(result));
  if (format === 'junit') return sarifToJunit(sarif(result), 'kao gate api');
  if (format === 'markdown') return markdown(result);
  return text(result, maxProblems);
}

const CHECK_TITLES = { inputs: '(a) Inputs validated', tenant: '(b) Tenant isolation', problem: '(c) Problem details (RFC 9457)', dto: '(d) DTOs aligned with the schemas' } as const;
const CHECKS = ['inputs', 'tenant', 'problem', 'dto'] as const;
/** How a check came out: `ok`, its findings, or for DTO alignment that it was not asked for. */
const outcome = (r: GateApiResult, check: (typeof CHECKS)[number], n: number) => {
  if (check === 'dto' && !r.code) return `not run (${r.codeSkipped ?? 'no code folder given'}; pass --code DIR to compare the code's types with the schemas)`;
  const result = n === 0 ? 'ok' : `${n} finding${n === 1 ? '' : 's'}`;
  return check === 'dto' ? `${result} (code read: ${r.code!.join(', ')})` : result;
};
const more = (f: ApiFinding) => (f.also ? ` (and ${f.also.length} more place${f.also.length === 1 ? '' : 's'})` : '');
const ops = (list: string[]) => (list.length <= 3 ? list.join(', ') : `${list.slice(0, 3).join(', ')} and ${list.length - 3} more`);

function text(r: GateApiResult, maxProblems: number): string {
  const color = colorEnabled();
  const sev = (s: Severity) => paint(s === 'error' ? 31 : s === 'warning' ? 33 : 36, s, color);
  const shown = new Set(mostSevere(r.findings, maxProblems));
  const lines: string[] = [];
  for (const s of r.specs) lines.push(`${s.file} (${s.version === '2.0' ? 'Swagger' : 'OpenAPI'} ${s.version}, ${s.operations} operations)`);
  for (const s of r.sameAs ?? []) lines.push(`${s.file}: the same description as ${s.checked}, checked once`);
  for (const check of CHECKS) {
    const list = r.findings.filter((f) => f.check === check);
    lines.push('', `${CHECK_TITLES[check]}: ${outcome(r, check, list.length)}`);
    for (const f of list) if (shown.has(f)) lines.push(`  ${f.file}:${f.line}:${f.column} ${sev(f.severity)} ${f.rule} ${f.message}${more(f)}${f.operations.length > 0 ? ` [${ops(f.operations)}]` : ''}`, `    fix: ${f.fix}`);
  }
  const s = r.summary;
  lines.push(...(shown.size < r.findings.length ? ['', ...hiddenLine(shown.size, r.findings.length)] : []));
  lines.push('', `${plural(s.specs, 'spec')}, ${plural(s.operations, 'operation')}: ${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}${s.exempted ? ` (${s.exempted} exempted in ${CONFIG_PATH})` : ''}`);
  return lines.join('\n') + '\n';
}

function markdown(r: GateApiResult): string {
  const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = ['## API Contract Gate', ''];
  for (const check of CHECKS) {
    const list = r.findings.filter((f) => f.check === check);
    const mark = check === 'dto' && !r.code ? '➖' : list.length === 0 ? '✅' : list.some((f) => f.severity === 'error') ? '❌' : '⚠️';
    lines.push(`- ${mark} **${CHECK_TITLES[check]}**: ${outcome(r, check, list.length)}`);
  }
  if (r.findings.length > 0) {
    lines.push('', '| severity | rule | where | operations | message |', '| --- | --- | --- | --- | --- |');
    for (const f of r.findings) lines.push(`| ${f.severity} | \`${f.rule}\` | \`${cell(f.file)}:${f.line}\`${more(f)} | ${cell(ops(f.operations))} | ${cell(f.message)} |`);
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
        ...(f.also ? { relatedLocations: f.also.map((a, id) => ({ id, physicalLocation: { artifactLocation: { uri: a.file }, region: { startLine: a.line, startColumn: a.column } } })) } : {}),
        properties: { pointer: f.pointer, operations: f.operations, check: f.check },
      })),
    }],
  }, null, 2) + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
