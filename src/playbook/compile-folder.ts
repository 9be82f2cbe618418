/**
 * Discovers and compiles every artifact of a folder, and its operating model. The parsers (YAML,
 * markdown) are imported only when the walk finds something to parse: a repository without a
 * playbook of its own costs a directory walk, not a parser start-up.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverArtifacts } from '../artifacts/discover.ts';
import type { Artifact } from '../artifacts/spec.ts';
import { MODEL_PATH } from './builtin.ts';
import type { FolderPlaybook } from './load.ts';
import type { OperatingModel } from './operating-model.ts';

export async function compileFolder(root: string): Promise<FolderPlaybook> {
  const walk = discoverArtifacts(root);
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
