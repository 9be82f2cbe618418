/**
 * `kao gate api diff OLD NEW` and `kao gate api --base REF`: breaking changes between two versions of
 * an OpenAPI description (issue 6 e), as text, JSON (version 1, see src/gates/api/diff/model.ts),
 * SARIF 2.1.0 or markdown, with a suggested semver bump. Exit 0 nothing at or above --fail-on,
 * 1 findings at or above it (default: breaking), 2 usage or unreadable input.
 */
import { relative, resolve } from 'node:path';
import { UsageError } from '../../errors.ts';
import { VERSION } from '../../version.ts';
import { repositoryRoot } from '../../git/git.ts';
import { resolveCommit } from '../../git/refs.ts';
import { loadSpec } from '../../gates/api/load.ts';
import { catalogue, type DiffSeverity } from '../../gates/api/diff/catalogue.ts';
import { diffSpecs } from '../../gates/api/diff/engine.ts';
import { loadSpecAtRef } from '../../gates/api/diff/load-at-ref.ts';
import { mergeResults, type GateApiDiffResult } from '../../gates/api/diff/model.ts';
import { findSpecs } from './gate-api.ts';
import { sarifToJunit } from '../output/junit.ts';
import { sarifToAnnotations } from '../output/github.ts';
import { terminalProgress } from '../output/progress.ts';
import { colorEnabled, paint } from '../output/color.ts';
import { hiddenLine, mostSevere } from '../../problem-cap.ts';

export interface GateApiDiffOptions {
  /** `diff OLD NEW`: two files. */
  old?: string;
  new?: string;
  /** `--base REF`: the specs of the working tree (or `spec`) against the same files at REF. */
  base?: string;
  spec?: string[];
  dir: string;
  format: 'text' | 'json' | 'sarif' | 'markdown' | 'github' | 'junit';
  /** `error` (the gate's default) means `breaking`. */
  failOn: 'breaking' | 'error' | 'warning' | 'info';
  /** Text output prints at most this many findings, breaking first (the summary counts all). */
  maxProblems?: number;
}

const RANK: Record<DiffSeverity, number> = { breaking: 2, warning: 1, info: 0 };

export async function diffResult(opts: GateApiDiffOptions, progress: (message: string) => void = () => {}): Promise<GateApiDiffResult> {
  const cwd = resolve(opts.dir);
  if (opts.base === undefined) {
    if (!opts.old || !opts.new) throw new UsageError('gate-api-diff-usage', 'gate api diff needs two specs: OLD NEW', 'Run `kao gate api diff old.yaml new.yaml`, or `kao gate api --base origin/main`.');
    progress(`reading ${opts.old} and ${opts.new}`);
    const [a, b] = await Promise.all([loadSpec(resolve(cwd, opts.old)), loadSpec(resolve(cwd, opts.new))]);
    progress(`comparing ${opts.old} with ${opts.new}`);
    return diffSpecs(a, b, { display: (_side, f) => relative(cwd, f) || f });
  }
  const ref = opts.base;
  const repo = repositoryRoot(cwd);
  // A base that is not here would compare against nothing and pass: it is a usage error instead.
  resolveCommit(repo, ref, '--base');
  const specs = opts.spec && opts.spec.length > 0 ? opts.spec.map((s) => resolve(cwd, s)) : findSpecs(repo);
  if (specs.length === 0) throw new UsageError('gate-api-no-spec', `no OpenAPI description found under ${opts.dir}`, 'Pass one with --spec FILE.');
  const results: GateApiDiffResult[] = [];
  for (const file of specs) {
    const rel = relative(repo, file).split('\\').join('/');
    if (rel.startsWith('..')) throw new UsageError('gate-api-outside-repo', `${file} is outside the repository ${repo}`, 'Pass a spec inside the repository.');
    progress(`reading ${rel} here and at ${ref}`);
    const [old, head] = await Promise.all([loadSpecAtRef(repo, ref, rel), loadSpec(file)]);
    if (!old) continue; // new at this ref: nothing to break
    progress(`comparing ${rel} with ${ref}`);
    results.push(diffSpecs(old.spec, head, { display: (side, f) => (side === 'base' ? `${ref}:${relative(old.tempRoot, f).split('\\').join('/')}` : relative(repo, f) || f) }));
  }
  return mergeResults(results);
}

export async function runGateApiDiff(opts: GateApiDiffOptions): Promise<number> {
  const progress = terminalProgress();
  const result = await diffResult(opts, progress.step).finally(progress.done);
  process.stdout.write(renderDiff(result, opts.format, opts.maxProblems));
  const threshold = RANK[opts.failOn === 'error' ? 'breaking' : opts.failOn];
  return result.findings.some((f) => RANK[f.severity] >= threshold) ? 1 : 0;
}

export function renderDiff(r: GateApiDiffResult, format: GateApiDiffOptions['format'], maxProblems = Infinity): string {
  if (format === 'json') return JSON.stringify(r, null, 2) + '\n';
  if (format === 'sarif') return sarif(r);
  if (format === 'github') return sarifToAnnotations(sarif(r));
  if (format === 'junit') return sarifToJunit(sarif(r), 'kao gate api diff');
  if (format === 'markdown') return markdown(r);
  return text(r, maxProblems);
}

const ops = (list: string[]) => (list.length <= 3 ? list.join(', ') : `${list.slice(0, 3).join(', ')} and ${list.length - 3} more`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const TITLES: Record<DiffSeverity, string> = { breaking: 'Breaking', warning: 'Warnings', info: 'Other changes' };
const summaryLine = (r: GateApiDiffResult) => `${plural(r.summary.breaking, 'breaking change')}, ${plural(r.summary.warning, 'warning')}, ${r.summary.info} info; suggested version bump: ${r.summary.semver}`;

function text(r: GateApiDiffResult, maxProblems: number): string {
  const color = colorEnabled();
  const sev = (s: DiffSeverity) => paint(s === 'breaking' ? 31 : s === 'warning' ? 33 : 36, s, color);
  const shown = new Set(mostSevere(r.findings, maxProblems));
  const lines: string[] = [];
  for (const p of r.pairs) lines.push(`${p.base.file} (${p.base.operations} operations) → ${p.head.file} (${p.head.version === '2.0' ? 'Swagger' : 'OpenAPI'} ${p.head.version}, ${p.head.operations} operations)`);
  for (const s of ['breaking', 'warning', 'info'] as const) {
    const list = r.findings.filter((f) => f.severity === s);
    if (list.length === 0) continue;
    lines.push('', `${TITLES[s]}: ${list.length}`);
    for (const f of list) if (shown.has(f)) lines.push(`  ${f.file}:${f.line}:${f.column} ${sev(s)} ${f.rule} ${f.message}${f.operations.length > 0 ? ` [${ops(f.operations)}]` : ''}`, ...(s === 'info' ? [] : [`    fix: ${f.fix}`]));
  }
  if (shown.size < r.findings.length) lines.push('', ...hiddenLine(shown.size, r.findings.length));
  lines.push('', summaryLine(r));
  return lines.join('\n') + '\n';
}

function markdown(r: GateApiDiffResult): string {
  const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = ['## API breaking changes', '', `${r.summary.breaking > 0 ? '❌' : r.summary.warning > 0 ? '⚠️' : '✅'} ${summaryLine(r)}.`];
  const shown = r.findings.filter((f) => f.severity !== 'info');
  if (shown.length > 0) {
    lines.push('', '| severity | rule | where | operations | message |', '| --- | --- | --- | --- | --- |');
    for (const f of shown) lines.push(`| ${f.severity} | \`${f.rule}\` | \`${cell(f.file)}:${f.line}\` | ${cell(ops(f.operations))} | ${cell(f.message)} |`);
  }
  if (r.summary.info > 0) lines.push('', `<details><summary>${plural(r.summary.info, 'other change')}</summary>`, '', ...r.findings.filter((f) => f.severity === 'info').map((f) => `- \`${f.rule}\` ${cell(f.message)} (\`${cell(f.file)}:${f.line}\`)`), '', '</details>');
  return lines.join('\n') + '\n';
}

/** `main:api/openapi.yaml`: a finding in the version at a git ref (`--base`), which is not a file of the checkout. */
const baseRef = (f: GateApiDiffResult['findings'][number]) => f.side === 'base' && /^[^:]+:(?!\/)/.test(f.file);

/**
 * Where a result points for SARIF consumers (code scanning, annotations): a file of the checkout. A
 * finding in the base version (a removed operation) points at the same file as it is now, without a
 * line, which belongs to the old version and is kept in the result's properties.
 */
function location(f: GateApiDiffResult['findings'][number]) {
  if (baseRef(f)) return { physicalLocation: { artifactLocation: { uri: f.file.slice(f.file.indexOf(':') + 1) } } };
  return { physicalLocation: { artifactLocation: { uri: f.file }, region: { startLine: f.line, startColumn: f.column } } };
}

function sarif(r: GateApiDiffResult): string {
  const described = new Map(catalogue().map((c) => [c.id, c.description]));
  const ruleIds = [...new Set(r.findings.map((f) => f.rule))].sort();
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'kao', version: VERSION, informationUri: 'https://github.com/kyora-agent-os/kyora-agent-os', rules: ruleIds.map((id) => ({ id, shortDescription: { text: described.get(id) ?? id } })) } },
      results: r.findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: ruleIds.indexOf(f.rule),
        level: f.severity === 'breaking' ? 'error' : f.severity === 'warning' ? 'warning' : 'note',
        message: { text: `${f.message}. Fix: ${f.fix}` },
        locations: [location(f)],
        properties: { pointer: f.pointer, operations: f.operations, check: f.check, side: f.side, severity: f.severity, ...(baseRef(f) ? { basePosition: `${f.file}:${f.line}:${f.column}` } : {}) },
      })),
      properties: { semver: r.summary.semver },
    }],
  }, null, 2) + '\n';
}
