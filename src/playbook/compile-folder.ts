/**
 * Discovers and compiles every artifact of a folder, and its operating model. The parsers (YAML,
 * markdown) are imported only when the walk finds something to parse: a repository without a
 * playbook of its own costs a directory walk, not a parser start-up.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverArtifacts } from '../artifacts/discover.ts';
import type { Artifact } from '../artifacts/spec.ts';
import { STORE_DIR } from '../os-paths.ts';
import { VERSION } from '../version.ts';
import { MODEL_PATH } from './builtin.ts';
import type { FolderPlaybook } from './load.ts';
import type { OperatingModel } from './operating-model.ts';

export async function compileFolder(root: string): Promise<FolderPlaybook> {
  const walk = discoverArtifacts(root);
  const cache = playbookCache(root, walk);
  const cached = cache?.read();
  if (cached) return cached;
  const compiled = await compileFound(root, walk);
  cache?.write(compiled);
  return compiled;
}

async function compileFound(root: string, walk: ReturnType<typeof discoverArtifacts>): Promise<FolderPlaybook> {
  const artifacts: Artifact[] = [];
  const diagnostics = [...walk.diagnostics];
  if (walk.found.length > 0) {
    const { readArtifact } = await import('../artifacts/read.ts');
    for (const f of walk.found) {
      const compiled = readArtifact(f.absolute, f.path, f.kind);
      diagnostics.push(...compiled.diagnostics);
      if (compiled.artifact) artifacts.push(compiled.artifact);
    }
  }
  let model: OperatingModel | null = null;
  if (existsSync(join(root, MODEL_PATH))) {
    const { parseOperatingModel } = await import('./operating-model.ts');
    const parsed = parseOperatingModel(readFileSync(join(root, MODEL_PATH), 'utf8'), MODEL_PATH);
    diagnostics.push(...parsed.diagnostics);
    model = parsed.model;
  }
  return { artifacts, model, files: walk.files, diagnostics };
}

/**
 * The compiled playbook kept between runs in the OS's own folder (`.agent-os/cache/`, which no agent
 * may write), keyed by kao's version and the size and times of every file compiled: a hook process
 * per tool call then skips the YAML and markdown parsers unless a playbook file changed. Kept only
 * where the OS already keeps its store.
 */
function playbookCache(root: string, walk: ReturnType<typeof discoverArtifacts>): { read(): FolderPlaybook | null; write(p: FolderPlaybook): void } | null {
  if (!existsSync(join(root, STORE_DIR))) return null;
  const dir = join(root, STORE_DIR, 'cache');
  const file = join(dir, 'playbook.json');
  const stamp = (path: string) => {
    const st = statSync(path, { throwIfNoEntry: false });
    return st ? [st.size, st.mtimeMs, st.ctimeMs] : null;
  };
  const key = createHash('sha256').update(JSON.stringify([
    VERSION, walk.found.map((f) => [f.path, f.kind, stamp(f.absolute)]), stamp(join(root, MODEL_PATH)), walk.files, walk.diagnostics,
  ])).digest('hex');
  return {
    read() {
      try {
        const saved = JSON.parse(readFileSync(file, 'utf8')) as { key: string; playbook: FolderPlaybook };
        return saved.key === key ? saved.playbook : null;
      } catch {
        return null; // none yet, or unreadable: compile
      }
    },
    write(playbook) {
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, '.gitignore'), '*\n');
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify({ key, playbook }));
        renameSync(tmp, file);
      } catch {
        // A cache that cannot be written is only slower.
      }
    },
  };
}
