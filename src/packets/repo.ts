/**
 * I/O edge of the recovery packet: finds the kao packets of a checkout (any tracked or untracked,
 * not ignored `*.md` whose first line is a packet marker) and reads what git knows about the work.
 * Deciding what it means is recovery.ts's job.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { assertRef, git } from '../git/git.ts';
import { parsePacket, readMarker } from './parse.ts';
import type { AnyPacket } from './schemas.ts';

export interface FoundPacket {
  /** Relative to the repository root, `/`-separated. */
  path: string;
  /** When it was written, ms since the epoch: its last commit, or the file's mtime if uncommitted. */
  time: number;
  /** The last commit that wrote it, when the file is committed and unchanged since. */
  commit: string | null;
  packet: AnyPacket;
}

export interface Change {
  /** The two-letter `git status --porcelain` code, e.g. ` M`, `??`, `UU`. */
  status: string;
  path: string;
}

export interface GitWork {
  branch: string;
  /** How the commits were chosen, as `git log` arguments (`main..HEAD`, `-n 20`). */
  range: string[];
  commits: { hash: string; subject: string }[];
  /** Commits in the range beyond those listed. */
  more: number;
  changes: Change[];
}

/** Folders where packets conventionally live; packets there come before others. */
const PACKET_FOLDERS = ['.agent-os/packets/', 'docs/'];
const MAX_COMMITS = 30;

/** Uncommitted changes, from `git status --porcelain -z` (renames carry the old path after them). */
function changesIn(root: string): Change[] {
  const parts = git(['status', '--porcelain', '-z', '--untracked-files=all'], root).split('\0');
  const changes: Change[] = [];
  for (let i = 0; i < parts.length; i++) {
    const entry = parts[i]!;
    if (entry.length < 4) continue;
    changes.push({ status: entry.slice(0, 2), path: entry.slice(3) });
    if (entry[0] === 'R' || entry[0] === 'C') i++;
  }
  return changes;
}

/**
 * Every valid packet in the checkout, preferred folders first, then newest first. Files that carry
 * a marker but do not parse are returned apart, so the caller can say which were skipped.
 */
function findPackets(root: string, changes: readonly Change[]): { found: FoundPacket[]; skipped: string[] } {
  const dirty = new Set(changes.map((c) => c.path));
  const paths = [...new Set(git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '*.md'], root).split('\0'))]
    .filter((p) => p.length > 0);
  const found: FoundPacket[] = [];
  const skipped: string[] = [];
  for (const path of paths) {
    const abs = join(root, path);
    if (!readMarker(firstLine(abs) ?? '')) continue;
    const parsed = parsePacket(readFileSync(abs, 'utf8'), path);
    if (!parsed.packet) {
      skipped.push(path);
      continue;
    }
    const [commit, seconds] = dirty.has(path) ? [] : git(['log', '-1', '--format=%H %ct', '--', path], root).trim().split(' ');
    found.push({
      path,
      commit: commit || null,
      time: commit ? Number(seconds) * 1000 : statSync(abs).mtimeMs,
      packet: parsed.packet,
    });
  }
  const rank = (p: FoundPacket) => (PACKET_FOLDERS.some((f) => p.path.startsWith(f)) ? 0 : 1);
  found.sort((a, b) => rank(a) - rank(b) || b.time - a.time || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { found, skipped };
}

/** The first line of a file, reading only its start: most `*.md` files are not packets. */
function firstLine(abs: string): string | null {
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    const buf = Buffer.alloc(256);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
  } catch {
    return null; // listed by git but gone or unreadable (deleted in the worktree): not a packet
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Commits of the work: since `base` when given, else since the newest packet was written (its
 * commit, or its mtime when it is not committed), else the last few.
 */
function gitWork(root: string, since: { base?: string; packet?: FoundPacket }, changes: Change[]): GitWork {
  const branch = git(['branch', '--show-current'], root).trim() || 'HEAD (detached)';
  let hasHead = true;
  try {
    git(['rev-parse', '--verify', '--quiet', 'HEAD'], root);
  } catch {
    hasHead = false;
  }
  const range = since.base ? [`${since.base}..HEAD`]
    : since.packet?.commit ? [`${since.packet.commit.slice(0, 12)}..HEAD`]
      : since.packet ? [`--since=${new Date(since.packet.time).toISOString()}`]
        : ['-n', '20'];
  if (!hasHead) return { branch, range, commits: [], more: 0, changes };
  const lines = git(['log', `--max-count=${MAX_COMMITS}`, '--format=%h%x09%s', ...range, '--'], root).split('\n').filter(Boolean);
  const commits = lines.map((l) => ({ hash: l.slice(0, l.indexOf('\t')), subject: l.slice(l.indexOf('\t') + 1) }));
  const revs = range[0]!.includes('..') ? range : [...range, 'HEAD'];
  const total = range[0] === '-n' ? commits.length : Number(git(['rev-list', '--count', ...revs, '--'], root).trim());
  return { branch, range, commits, more: Math.max(0, total - commits.length), changes };
}

/** Packets and git state together: the commits are those since `base`, else since the newest packet. */
export function readCheckout(root: string, base?: string): { found: FoundPacket[]; skipped: string[]; work: GitWork } {
  if (base !== undefined) assertRef(base, '--base');
  const changes = changesIn(root);
  const { found, skipped } = findPackets(root, changes);
  const newest = found.reduce<FoundPacket | undefined>((a, b) => (a && a.time >= b.time ? a : b), undefined);
  return { found, skipped, work: gitWork(root, { base, packet: newest }, changes) };
}
