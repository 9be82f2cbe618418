/**
 * Runs the git binary. I/O edge: every question the router and the recovery packet ask git goes
 * through here, and a failure becomes a UsageError that says what git said and what to do.
 */
import { execFileSync } from 'node:child_process';
import { UsageError } from '../errors.ts';

export function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new UsageError('git-missing', 'git is not installed or not on PATH', 'Install git, then run the command again.');
    const said = (err.stderr ?? '').trim().split('\n')[0] || err.message;
    throw new UsageError('git-failed', `git ${args.join(' ')} failed in ${cwd}: ${said}`, 'Check that the folder is a git repository and the refs exist (e.g. `git fetch origin main`).');
  }
}

export function isGitRepo(cwd: string): boolean {
  try {
    return git(['rev-parse', '--is-inside-work-tree'], cwd).trim() === 'true';
  } catch {
    return false;
  }
}

/** The repository's top folder. */
export function gitRoot(cwd: string): string {
  return git(['rev-parse', '--show-toplevel'], cwd).trim();
}

/** A file's text at a ref, or null when it does not exist there. */
export function showFile(cwd: string, ref: string, path: string): string | null {
  try {
    return execFileSync('git', ['show', `${ref}:${path}`], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}
