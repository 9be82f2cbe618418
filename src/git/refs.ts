/**
 * Refs from the command line, resolved to commits before anything else runs. A CI check that cannot
 * see the base it was asked about must fail and say what to fetch, never compare against nothing:
 * the usual cause is GitHub Actions' default checkout, a shallow clone of one commit.
 */
import { UsageError } from '../errors.ts';
import { assertRef, tryGit } from './git.ts';

const SHALLOW_HINT = 'This clone is shallow (GitHub Actions checks out one commit unless told otherwise): set `fetch-depth: 0` on actions/checkout, or run `git fetch --unshallow` (or `git fetch --deepen=200`).';

export function isShallow(cwd: string): boolean {
  return tryGit(['rev-parse', '--is-shallow-repository'], cwd)?.trim() === 'true';
}

/** The commit a ref names; a missing ref is a usage error naming the fetch that brings it. */
export function resolveCommit(cwd: string, ref: string, flag: string): string {
  assertRef(ref, flag);
  const sha = tryGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], cwd)?.trim();
  if (sha) return sha;
  const remote = /^([^/]+)\/(.+)$/.exec(ref);
  const remotes = tryGit(['remote'], cwd)?.split('\n') ?? [];
  const fetch = remote && (remotes.includes(remote[1]!) || remote[1] === 'origin') ? `git fetch ${remote[1]} ${remote[2]}` : `git fetch origin ${ref}`;
  throw new UsageError('no-such-ref', `${flag} ${ref}: no such commit, branch or tag in this clone`,
    `Fetch it first (\`${fetch}\`), or check the spelling.${isShallow(cwd) ? ` ${SHALLOW_HINT}` : ''}`);
}

/** `base...head` needs a common ancestor; in a shallow clone there may be none to see. */
export function assertMergeBase(cwd: string, base: string, head: string, names: { base: string; head: string }): void {
  if (tryGit(['merge-base', base, head], cwd) !== null) return;
  throw new UsageError('no-merge-base', `${names.base} and ${names.head} share no history in this clone, so there is no diff between them to check`,
    isShallow(cwd) ? SHALLOW_HINT : `Check that --base is the branch ${names.head} was made from.`);
}
