/**
 * A spec as it was at a git ref. The loader reads files (it needs them for relative `$ref`s and
 * positions), so the root file and every file it reaches by relative `$ref` are copied out of git
 * (`git show REF:path`) into a temporary folder with the same layout, loaded, and the folder removed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, posix, sep } from 'node:path';
import { showFile } from '../../../git/git.ts';
import { loadSpec, SpecInputError, type LoadedSpec } from '../load.ts';

const REF_FILES = /["']?\$ref["']?\s*:\s*["']?([^"'#\s,}]+)/g;

/** Loads `path` (relative to the repository root `repo`) as it is at `ref`; null when it does not exist there. */
export async function loadSpecAtRef(repo: string, ref: string, path: string): Promise<{ spec: LoadedSpec; tempRoot: string } | null> {
  const rootText = showFile(repo, ref, path);
  if (rootText === null) return null;
  const temp = mkdtempSync(join(tmpdir(), 'kao-api-base-'));
  try {
    const queue: [string, string][] = [[posix.normalize(path), rootText]];
    const seen = new Set<string>([posix.normalize(path)]);
    while (queue.length > 0) {
      const [rel, text] = queue.shift()!;
      const out = join(temp, normalize(rel));
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
      for (const m of text.matchAll(REF_FILES)) {
        const target = m[1]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const next = posix.normalize(posix.join(posix.dirname(rel), decodeURIComponent(target)));
        if (next.startsWith('..') || seen.has(next)) continue; // outside the repository: the loader reports it
        seen.add(next);
        const t = showFile(repo, ref, next);
        if (t !== null) queue.push([next, t]);
      }
    }
    const spec = await loadSpec(join(temp, normalize(path)));
    return { spec, tempRoot: temp };
  } catch (e) {
    // The loader names the copy (`/tmp/kao-api-base-x/api/openapi.yaml:3:1`); the user knows `REF:api/openapi.yaml:3:1`.
    if (e instanceof SpecInputError) e.message = e.message.replaceAll(join(temp, sep), `${ref}:`);
    throw e;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
