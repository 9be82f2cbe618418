/**
 * Discovers and compiles every artifact of a folder, and its operating model. The heavy half of
 * loading (YAML, markdown, globs), kept in its own module so it is only loaded when needed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverArtifacts } from '../artifacts/discover.ts';
import { readArtifact } from '../artifacts/read.ts';
import type { Artifact } from '../artifacts/spec.ts';
import { MODEL_PATH } from './builtin.ts';
import type { FolderPlaybook } from './load.ts';
import { type OperatingModel, parseOperatingModel } from './operating-model.ts';

export function compileFolder(root: string): FolderPlaybook {
  const walk = discoverArtifacts(root);
  const artifacts: Artifact[] = [];
  const diagnostics = [...walk.diagnostics];
  for (const f of walk.found) {
    const compiled = readArtifact(f.absolute, f.path, f.kind);
    diagnostics.push(...compiled.diagnostics);
    if (compiled.artifact) artifacts.push(compiled.artifact);
  }
  let model: OperatingModel | null = null;
  const hasModel = existsSync(join(root, MODEL_PATH));
  if (hasModel) {
    const parsed = parseOperatingModel(readFileSync(join(root, MODEL_PATH), 'utf8'), MODEL_PATH);
    diagnostics.push(...parsed.diagnostics);
    model = parsed.model;
  }
  return { artifacts, model, hasModel, files: walk.files, diagnostics };
}

