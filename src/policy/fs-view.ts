/**
 * What the policy engine may ask of the file system, injected so that deciding stays pure in tests:
 * where a path really goes (symbolic links), which files a glob matches now, and whether a file is a
 * second (hard) link of a protected one. I/O edge.
 */
import { closeSync, globSync, lstatSync, openSync, readSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { tryGit } from '../git/git.ts';
import { APPROVALS_PATH, PRODUCT_OWNERS_PATH, STORE_DIR } from '../os-paths.ts';
import { autoMigratedModels, autoMigrateGrep } from '../playbook/gorm-models.ts';
import type { RealPath } from './paths.ts';
import { realpathDeepest } from './realpath.ts';

export interface FsView {
  realpath: RealPath;
  /** Workspace-relative (or absolute) names a shell glob matches now, at most 200. */
  expandGlob?: (pattern: string) => string[];
  /** The protected file this workspace-relative path is a hard link of, or null. */
  hardLinkOf?: (relative: string) => string | null;
  /** The first 256 KB of a workspace file as text, or null when it is missing or not a regular file. */
  readText?: (relative: string) => string | null;
  /** The types the workspace's Go code hands to GORM's AutoMigrate (read once, when first asked). */
  autoMigrated?: () => ReadonlySet<string>;
}

const READ_LIMIT = 256 * 1024;

/** Files whose second name would be as protected as they are. */
const GUARDED = [`${STORE_DIR}/kao.db`, APPROVALS_PATH, PRODUCT_OWNERS_PATH, '.git/config', '.env'];

export function workspaceFs(root: string): FsView {
  let inodes: Map<string, string> | undefined;
  let migrated: ReadonlySet<string> | undefined;
  const guarded = () => {
    if (!inodes) {
      inodes = new Map();
      for (const rel of GUARDED) {
        const st = statSync(join(root, rel), { throwIfNoEntry: false });
        if (st?.isFile()) inodes.set(`${st.dev}:${st.ino}`, rel);
      }
    }
    return inodes;
  };
  return {
    realpath: remembered(realpathDeepest),
    expandGlob: (pattern) => {
      try {
        return globSync(pattern, { cwd: root }).slice(0, 200).map((p) => p.split('\\').join('/'));
      } catch {
        return [];
      }
    },
    autoMigrated: () => {
      // One `git grep` over the Go files, new ones too; a workspace that is not a git repository has none.
      migrated ??= autoMigratedModels((tryGit(autoMigrateGrep(['--untracked']), root) ?? '').split('\n'));
      return migrated;
    },
    readText: remembered((relative) => {
      try {
        const path = join(root, relative);
        if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return null;
        const fd = openSync(path, 'r');
        try {
          const buf = Buffer.alloc(READ_LIMIT);
          return buf.toString('utf8', 0, readSync(fd, buf, 0, READ_LIMIT, 0));
        } finally {
          closeSync(fd);
        }
      } catch {
        return null;
      }
    }),
    hardLinkOf: remembered((relative) => {
      let st;
      try {
        st = lstatSync(join(root, relative), { throwIfNoEntry: false });
      } catch {
        return null; // a name too long, or a path through a file: no such file, so no link
      }
      if (!st?.isFile() || st.nlink < 2) return null;
      const target = guarded().get(`${st.dev}:${st.ino}`);
      return target && target !== posix.normalize(relative) ? target : null;
    }),
  };
}

/**
 * File-system answers kept for the life of one process (one hook call, one `kao policy check`
 * batch): a batch judges many actions against one state of the workspace, and asking the file
 * system again for every path would cost more than deciding.
 */
function remembered<T>(lookup: (path: string) => T): (path: string) => T {
  const seen = new Map<string, T>();
  return (path) => {
    if (seen.has(path)) return seen.get(path)!;
    const answer = lookup(path);
    if (seen.size >= 10_000) seen.clear();
    seen.set(path, answer);
    return answer;
  };
}
