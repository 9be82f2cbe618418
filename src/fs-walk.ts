/**
 * Files under a folder, for the walks that look for inputs (API descriptions, code for DTO
 * alignment): dependency, build and hidden folders are skipped. I/O edge; unreadable folders are
 * passed over. (The playbook's discovery walk, src/artifacts/discover.ts, also follows symbolic links
 * inside the repository and reports loops, which these walks do not need.)
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Folders that hold no inputs of the project's own. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'vendor', 'coverage', 'testdata']);

export function listFiles(root: string, opts: { maxDepth?: number; accept?: (name: string) => boolean } = {}): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > (opts.maxDepth ?? Infinity)) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(e.name)) walk(p, depth + 1);
      } else if (e.isFile() && (!opts.accept || opts.accept(e.name))) {
        out.push(p);
      }
    }
  };
  walk(root, 0);
  return out.sort();
}
