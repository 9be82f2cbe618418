/**
 * Runs the git binary. I/O edge: every question the router and the recovery packet ask git goes
 * through here, and a failure becomes a UsageError that says what git said and what to do.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';

const OPTIONS = { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 } as const;

export function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { ...OPTIONS, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw gitError(e, args, cwd);
  }
}

/** The same, without blocking: long git calls can overlap other work. */
export function gitAsync(args: string[], cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile('git', args, { ...OPTIONS, cwd }, (e, stdout, stderr) => (e ? reject(gitError(Object.assign(e, { stderr }), args, cwd)) : resolvePromise(stdout)));
  });
}

function gitError(e: unknown, args: string[], cwd: string): UsageError {
  const err = e as NodeJS.ErrnoException & { stderr?: string };
  // Spawning in a folder that does not exist fails with ENOENT too: that is not a missing git.
  if (err.code === 'ENOENT' && !existsSync(cwd)) return new UsageError('no-such-dir', `not a directory: ${cwd}`, 'Pass the repository folder with --dir.');
  if (err.code === 'ENOENT') return new UsageError('git-missing', 'git is not installed or not on PATH', 'Install git, then run the command again.');
  const said = (err.stderr ?? '').trim().split('\n')[0] || err.message;
  return new UsageError('git-failed', `git ${args.join(' ')} failed in ${cwd}: ${said}`, 'Check that the folder is a git repository and the refs exist (e.g. `git fetch origin main`).');
}

/** A ref given on the command line: never something git would read as an option. */
export function assertRef(ref: string, flag: string): string {
  if (ref.startsWith('-') || ref.trim() === '') throw new UsageError('bad-ref', `${flag}: not a git ref: "${ref}"`, 'Pass a branch, tag or commit, e.g. origin/main.');
  return ref;
}

/** The repository's top folder. */
export function gitRoot(cwd: string): string {
  return git(['rev-parse', '--show-toplevel'], cwd).trim();
}

/**
 * The repository a command works on: the git top folder when `dir` is inside a checkout, else `dir`
 * itself. Every command that reads the playbook, judges paths or opens the store starts here, so
 * running it from a subfolder means the same repository.
 */
export function repositoryRoot(dir: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError('no-such-dir', `not a directory: ${dir}`, 'Pass the repository folder with --dir.');
  // The nearest folder holding `.git` (a folder, or a file in worktrees and submodules), as git finds
  // its top level, without starting git: a hook runs once per tool call and a process costs ~15 ms.
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return at;
    if (dirname(at) === at) return resolve(dir); // not a git checkout: the folder itself is the repository
  }
}

/** The output of a git call that may fail harmlessly (no such file at a ref, no setting): null then. */
export function tryGit(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, { ...OPTIONS, cwd, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/** A file's text at a ref, or null when it does not exist there. */
export function showFile(cwd: string, ref: string, path: string): string | null {
  return tryGit(['show', `${ref}:${path}`], cwd);
}
