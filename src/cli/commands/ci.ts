/**
 * `kao ci github`: the whole pull-request check as the GitHub Action runs it, in one command a
 * workflow (or a person reproducing CI) can run: lint the playbook, check the diff for roles and PO
 * gates, gate the API contract and its breaking changes. Each step is kao's own command in a child
 * process, so CI sees exactly what a developer sees locally; this file only gathers their outputs
 * into SARIF files, annotations, a pull-request comment, the job summary and step outputs.
 * A step that could not check (exit 2 or 3) fails the job: a CI check fails closed.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../../errors.ts';
import { repositoryRoot } from '../../git/git.ts';
import type { CheckResult } from '../../check/check.ts';
import { renderCheckComment, renderCheckSarif } from '../../check/render.ts';
import { VERSION } from '../../version.ts';
import { sarifToAnnotations } from '../output/github.ts';

export interface CiOptions {
  dir: string;
  base?: string;
  out?: string;
  api: 'auto' | 'on' | 'off';
  /** Pass `--review` to the check: the configured model reviews the diff too. */
  review?: boolean;
}

interface Step {
  name: string;
  status: number;
  summary: string;
  sarif?: string;
}

/** The base of the change: --base, else the pull request's base commit, else a push's previous commit. */
function baseFromEvent(opts: CiOptions): string {
  if (opts.base) return opts.base;
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path) throw new UsageError('no-base', 'kao ci github needs the change\'s base: run it in a GitHub Actions job, or pass --base REF', 'For example: kao ci github --base origin/main');
  let event: { pull_request?: { base?: { sha?: string } }; before?: string };
  try {
    event = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError('bad-event', `cannot read the GitHub event ${path}: ${(e as Error).message}`, 'GITHUB_EVENT_PATH must name the event JSON the runner wrote.');
  }
  const base = event.pull_request?.base?.sha ?? (event.before && !/^0+$/.test(event.before) ? event.before : undefined);
  if (!base) throw new UsageError('no-base', `the ${process.env.GITHUB_EVENT_NAME ?? 'GitHub'} event names no base commit`, 'Run on pull_request or push events, or pass --base REF.');
  return base;
}

function kao(args: string[], cwd: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [process.argv[1]!, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status ?? 3, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const firstLine = (s: string) => s.trim().split('\n')[0] ?? '';
const count = (sarif: string) => (JSON.parse(sarif) as { runs: { results: unknown[] }[] }).runs.reduce((n, r) => n + r.results.length, 0);

export async function runCiGithub(opts: CiOptions): Promise<number> {
  const root = repositoryRoot(opts.dir);
  const base = baseFromEvent(opts);
  const out = resolve(opts.out ?? join(process.env.RUNNER_TEMP ?? root, 'kao-ci'));
  mkdirSync(join(out, 'sarif'), { recursive: true });
  const steps: Step[] = [];
  /** A step's SARIF kept as a file and printed as annotations. */
  const record = (name: string, status: number, sarif: string): Step => {
    const file = join(out, 'sarif', `${name.replace(/\W+/g, '-')}.sarif`);
    writeFileSync(file, sarif);
    process.stdout.write(sarifToAnnotations(sarif));
    const n = count(sarif);
    return { name, status, summary: n === 0 ? 'clean' : `${n} finding${n === 1 ? '' : 's'}`, sarif: file };
  };
  const couldNot = (name: string, r: { status: number; stderr: string }): Step => ({ name, status: r.status, summary: `could not check: ${firstLine(r.stderr)}` });
  const sarifStep = (name: string, args: string[]): Step => {
    const r = kao([...args, '--format', 'sarif'], root);
    return r.status > 1 ? couldNot(name, r) : record(name, r.status, r.stdout);
  };

  const lint = sarifStep('lint', ['lint', root]);
  // A repository without playbook files is routed by the built-in playbook: nothing of its own to lint.
  steps.push(lint.status === 2 && /no playbook in /.test(lint.summary) ? { name: 'lint', status: 0, summary: 'skipped: no playbook files (the built-in playbook routes)' } : lint);
  // One check (one git diff): its result is both the SARIF and the comment's packet.
  const checked = kao(['check', '--base', base, '--dir', root, '--format', 'json', ...(opts.review ? ['--review'] : [])], root);
  const result = checked.status > 1 ? null : (JSON.parse(checked.stdout) as CheckResult);
  steps.push(result ? record('check', checked.status, renderCheckSarif(result, VERSION)) : couldNot('check', checked));
  if (opts.api !== 'off') {
    const gate = sarifStep('gate api', ['gate', 'api', '--dir', root]);
    // No description in the repository: nothing to gate, unless the workflow said there must be one.
    const none = gate.status === 2 && /no OpenAPI description found/.test(gate.summary);
    if (!(none && opts.api === 'auto')) {
      steps.push(gate);
      if (!none) steps.push(sarifStep('gate api breaking', ['gate', 'api', '--base', base, '--dir', root]));
    } else steps.push({ name: 'gate api', status: 0, summary: 'skipped: no OpenAPI description in the repository' });
  }

  const status = steps.some((s) => s.status > 1) ? 2 : steps.some((s) => s.status === 1) ? 1 : 0;
  const comment = [
    `## Kyora Agent OS: ${status === 0 ? 'passed' : status === 1 ? 'changes needed' : 'could not check'}`,
    '',
    '| step | result |',
    '| --- | --- |',
    ...steps.map((s) => `| ${s.name} | ${s.status > 1 ? '⛔' : s.status === 1 ? '❌' : '✅'} ${s.summary.replace(/\|/g, '\\|')} |`),
    '',
    result ? renderCheckComment(result).trim() : '',
    '',
  ].join('\n');
  writeFileSync(join(out, 'comment.md'), comment);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, comment);
  if (process.env.GITHUB_OUTPUT) {
    appendFileSync(process.env.GITHUB_OUTPUT, `exit-code=${status}\ncomment=${join(out, 'comment.md')}\nsarif-dir=${join(out, 'sarif')}\n`);
  }
  for (const s of steps) process.stderr.write(`kao ci: ${s.name}: ${s.summary}\n`);
  return status;
}
