/**
 * Walks a repository for playbook artifacts. I/O edge. Symbolic links are followed only while they
 * stay inside the root, each real directory is entered once (so a link loop ends the walk instead of
 * the process), and everything that cannot be read becomes a diagnostic.
 */
import { readdirSync, realpathSync as realpathJs, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import { kindOf } from './kinds.ts';
import type { ArtifactKind } from './spec.ts';

// The native realpath is one system call; the JS one lstats every path component.
const realpathSync = realpathJs.native;

export interface FoundArtifact {
  /** POSIX path relative to the root. */
  path: string;
  absolute: string;
  kind: ArtifactKind;
}

/** Folders that never hold a playbook but can be huge. */
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'vendor', 'target', '.venv', 'coverage', '.agent-os']);

export function discoverArtifacts(root: string): { found: FoundArtifact[]; diagnostics: Diagnostic[]; files: string[] } {
  const found: FoundArtifact[] = [];
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const rootReal = realpathSync(root);
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const toPosix = (p: string) => p.split(sep).join('/');

  const warn = (path: string, rule: string, message: string, fix: string) =>
    diagnostics.push({ rule, severity: 'warning', file: path, line: 1, column: 1, message, fix });

  const inside = (real: string) => real === rootReal || real.startsWith(rootReal + sep);

  const walk = (dir: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      const rel = toPosix(relative(root, dir)) || '.';
      warn(rel, 'dir-unreadable', `cannot read directory: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 'Check its permissions.');
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      const rel = toPosix(relative(root, abs));
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let target;
        try {
          target = realpathSync(abs);
          const st = statSync(target);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (kindOf(rel) || code === 'ELOOP') {
            warn(rel, code === 'ELOOP' ? 'symlink-loop' : 'symlink-broken',
              code === 'ELOOP' ? 'symbolic link loops back on itself' : `symbolic link points at nothing (${code ?? 'error'})`,
              'Point the link at a real file inside the repository, or remove it.');
          }
          continue;
        }
        if (!inside(target)) {
          if (kindOf(rel)) warn(rel, 'symlink-outside-root', 'symbolic link points outside the repository; it was not read', 'Copy the file into the repository instead of linking to it.');
          continue;
        }
      }
      if (isDir) {
        if (!SKIP_DIRS.has(entry.name)) walk(abs);
        continue;
      }
      if (!isFile) continue;
      files.push(rel);
      const kind = kindOf(rel);
      if (!kind) continue;
      let real2: string;
      try {
        real2 = realpathSync(abs);
      } catch {
        real2 = abs;
      }
      if (seenFiles.has(real2)) continue;
      seenFiles.add(real2);
      found.push({ path: rel, absolute: abs, kind });
    }
  };

  if (!statSync(root).isDirectory()) throw new Error(`not a directory: ${root}`);
  walk(root);
  return { found, diagnostics, files };
}
