import { resolve } from 'node:path';
import { readApprovals } from '../../check/approvals.ts';
import { checkDiff, checkPasses } from '../../check/check.ts';
import { isManifest } from '../../check/dependencies.ts';
import { readDiff } from '../../check/diff.ts';
import { UsageError } from '../../errors.ts';
import { git, gitRoot, isGitRepo } from '../../git/git.ts';
import { loadPlaybook } from '../../playbook/load.ts';
import { createRouter } from '../../router/route.ts';
import { VERSION } from '../../version.ts';

export interface CheckOptions {
  base?: string;
  head: string;
  format: 'markdown' | 'json' | 'sarif';
  dir: string;
}

/** Exit 0 when every gate the diff needs is approved, 1 when not. */
export async function runCheck(opts: CheckOptions): Promise<number> {
  if (!opts.base) throw new UsageError('no-base', 'kao check needs --base REF (the branch the change goes into)', 'For example: kao check --base origin/main');
  const cwd = resolve(opts.dir);
  if (!isGitRepo(cwd)) throw new UsageError('not-a-repo', `not a git repository: ${opts.dir}`, 'Run kao check inside a git checkout, or pass --dir.');
  const root = gitRoot(cwd);
  const files = readDiff(root, opts.base, opts.head, isManifest);
  const playbook = await loadPlaybook(root);
  const router = createRouter({ model: playbook.model, roles: new Map([...playbook.roles].map(([id, r]) => [id, r.spec])) });
  const commits = git(['rev-list', `${opts.base}..${opts.head}`], root).split('\n').filter(Boolean);
  commits.push(git(['rev-parse', opts.head], root).trim());
  const result = checkDiff(files, router, playbook.model, { base: opts.base, head: opts.head, commits }, readApprovals(root));
  if (opts.format === 'json') process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    const { renderCheckComment, renderCheckSarif } = await import('../../check/render.ts');
    process.stdout.write(opts.format === 'sarif' ? renderCheckSarif(result, VERSION) : renderCheckComment(result));
  }
  return checkPasses(result) ? 0 : 1;
}
