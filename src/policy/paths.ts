/**
 * Judging a path an agent wants to read or write. Pure: resolving symbolic links is the caller's
 * job (the `realpath` it passes in), so the deciding stays testable. The checks follow the classes
 * behind real permission bypasses of coding agents: `..` anywhere, prefix-matched roots
 * (`/repo-evil` is not inside `/repo`), symlinks out of the workspace, device files, and look-alike
 * characters that normalise into `.` or `/`.
 */
import { posix } from 'node:path';

export interface PathJudgement {
  /** Workspace-relative POSIX path, when the path is inside the workspace. */
  relative?: string;
  /** Why the path is refused, when it is. */
  problem?: { rule: string; reason: string };
}

/** Resolves a path through symbolic links; null when no part of it exists. */
export type RealPath = (absolute: string) => string | null;

// Characters with no business in a path an agent writes: controls, zero-width and bidi marks.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** `src/app.ts`: names joined by single slashes, none of them `.` or `..`, no trailing slash. */
const PLAIN_RELATIVE = /^(?!\.{1,2}(\/|$))[\w@+-][\w.@+-]*(\/(?!\.{1,2}(\/|$))[\w.@+-]+)*$/;
const INVISIBLE = /[\p{Cc}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}]/u;

/**
 * `realRoot` is the workspace root with its own symbolic links resolved (computed once by the
 * caller: resolving it for every path would double the file-system work of each decision).
 */
export function judgePath(raw: string, root: string, realpath: RealPath, realRoot = root): PathJudgement {
  const refuse = (rule: string, reason: string): PathJudgement => ({ problem: { rule, reason } });
  // Longer than any file system allows (PATH_MAX): no real file, and no lookup should be tried.
  if (raw.length > 4096) return refuse('path-too-long', `the path is ${raw.length} characters long, more than any file system allows`);
  let folded = raw;
  // Printable ASCII (nearly every path) has no invisible characters and needs no Unicode folding.
  if (!PRINTABLE_ASCII.test(raw)) {
    if (INVISIBLE.test(raw)) return refuse('path-invisible-characters', `the path contains control or invisible characters: ${JSON.stringify(raw)}`);
    // NFKC folds full-width and other look-alikes ("．．／") into the "." and "/" they imitate.
    const lookalike = [...raw].find((c) => c.normalize('NFKC') !== c && /[./\\]/.test(c.normalize('NFKC')));
    if (lookalike) return refuse('path-lookalike-characters', `the path uses "${lookalike}", which imitates "${lookalike.normalize('NFKC')}"`);
    folded = raw.normalize('NFKC');
  }
  const path = folded.replace(/\\/g, '/');
  if (path.split('/').includes('..')) return refuse('path-traversal', `"${raw}" climbs out with ".."; name the file from the workspace root instead`);
  if (/^(~|\$HOME\b|\$\{HOME\})/.test(path)) return refuse('path-outside-workspace', `"${raw}" points into a home folder, outside the workspace`);
  if (/^[a-z]:\//i.test(path) || path.startsWith('//')) return refuse('path-outside-workspace', `"${raw}" is a drive or network path, outside the workspace`);
  if (path.split('/').some((seg) => seg !== '.' && seg !== '' && /[. ]$/.test(seg))) return refuse('path-suspicious-name', `"${raw}" has a name ending in a dot or space, which some file systems drop`);
  // A plain relative path (the usual case) needs no resolving: joining is enough and much cheaper.
  let absolute = PLAIN_RELATIVE.test(path) ? `${root}/${path}` : posix.resolve(root, path);
  if (/^\/(dev|proc|sys)(\/|$)/.test(absolute)) return refuse('path-device', `"${raw}" is a device or kernel file`);
  // A workspace opened through a link (macOS /tmp) may be named by its real path too.
  if (!inside(absolute, root) && inside(absolute, realRoot)) absolute = posix.join(root, below(absolute, realRoot));
  if (!inside(absolute, root)) return refuse('path-outside-workspace', `"${raw}" is outside the workspace ${root}`);
  // Follow symbolic links: the deepest part that exists decides where the path really goes, and the
  // rules judge that place (a link docs/gitdir → .git is .git).
  const real = realpath(absolute);
  if (real !== null && !inside(real, realRoot)) {
    return refuse('path-symlink-escape', `"${raw}" resolves through a symbolic link to ${real}, outside the workspace`);
  }
  return { relative: real !== null ? below(real, realRoot) : below(absolute, root) };
}

/**
 * `child` is `root` or below it, compared by whole path segments, never by bare string prefix
 * (`/repo-evil` is not inside `/repo`). Both must be absolute and normalised, as resolve() and
 * realpath() return them.
 */
export function inside(child: string, root: string): boolean {
  if (root === '/') return child.startsWith('/');
  return child === root || child.startsWith(`${root}/`);
}

/** The path of `child` below `root` (which must contain it), or `.` for root itself. */
function below(child: string, root: string): string {
  return child === root ? '.' : child.slice(root === '/' ? 1 : root.length + 1);
}
