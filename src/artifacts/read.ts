/**
 * Reads one artifact from disk and compiles it. I/O edge: size and permission problems become
 * diagnostics, never exceptions, so one bad file never stops the rest of the playbook loading.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics.ts';
import { compileBytes, type Compiled } from './compile.ts';
import type { ArtifactKind } from './spec.ts';

/** Far above any real artifact (the largest in our corpus is 294 KB), far below trouble. */
export const MAX_ARTIFACT_BYTES = 4 * 1024 * 1024;

export function readArtifact(absolute: string, file: string, kind: ArtifactKind): Compiled {
  const fail = (rule: string, message: string, fix: string): Compiled => ({
    artifact: null,
    diagnostics: [{ rule, severity: 'error', file, line: 1, column: 1, message, fix } satisfies Diagnostic],
  });
  let bytes: Buffer;
  try {
    const size = statSync(absolute).size;
    if (size > MAX_ARTIFACT_BYTES) {
      return fail('file-too-large', `file is ${(size / 1048576).toFixed(1)} MiB; artifacts over ${MAX_ARTIFACT_BYTES / 1048576} MiB are not read`, 'Split the file, or move bulk material out of the playbook and link to it.');
    }
    bytes = readFileSync(absolute);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ELOOP') return fail('symlink-loop', 'symbolic link loops back on itself', 'Point the link at a real file, or remove it.');
    return fail('file-unreadable', `cannot read file (${code})`, code === 'EACCES' ? 'Give the current user read permission.' : 'Check that the file exists and is a regular file.');
  }
  return compileBytes(bytes, file, kind);
}
