/**
 * The built-in playbook compiled at build time. Compiling it is pure, so the build writes the result
 * to dist/builtin-playbook.json with a hash of the sources, and a process that needs the built-in
 * roles reads that instead of parsing 14 files of YAML and markdown on every start. A snapshot whose
 * hash no longer matches the files (someone edited playbook/) is ignored and the sources are compiled.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FolderPlaybook } from './load.ts';

export const SNAPSHOT_VERSION = 1;

export function snapshotPath(builtinDir: string): string {
  return join(dirname(builtinDir), 'dist', 'builtin-playbook.json');
}

/** sha256 over every file of the built-in playbook, by sorted relative path. */
function builtinSourceHash(builtinDir: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(builtinDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const f of files) {
    hash.update(f.slice(builtinDir.length));
    hash.update('\0');
    hash.update(readFileSync(f));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function readSnapshot(builtinDir: string): FolderPlaybook | null {
  const path = snapshotPath(builtinDir);
  if (!existsSync(path)) return null;
  try {
    const snap = JSON.parse(readFileSync(path, 'utf8')) as { version: number; hash: string; playbook: FolderPlaybook };
    if (snap.version !== SNAPSHOT_VERSION || snap.hash !== builtinSourceHash(builtinDir)) return null;
    return snap.playbook;
  } catch {
    return null;
  }
}

export function renderSnapshot(builtinDir: string, playbook: FolderPlaybook): string {
  return JSON.stringify({ version: SNAPSHOT_VERSION, hash: builtinSourceHash(builtinDir), playbook });
}
