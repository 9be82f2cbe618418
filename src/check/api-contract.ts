/**
 * What a diff does to the API contract: the OpenAPI descriptions it changes are compared at base and
 * head with the gate's breaking-change diff, and every breaking or security finding becomes evidence
 * for the `breaking-contract` trigger (DESIGN §3: a breaking contract needs the PO). I/O edge (git).
 */
import { diffSpecs } from '../gates/api/diff/engine.ts';
import { loadSpecAtRef } from '../gates/api/diff/load-at-ref.ts';
import { SpecInputError } from '../gates/api/load.ts';
import type { ChangedFile } from './diff.ts';

/** `specs`: the changed files that are API descriptions (spec-paths.ts). */
export async function breakingContractEvidence(root: string, base: string, head: string, specs: readonly ChangedFile[]): Promise<string[]> {
  const evidence: string[] = [];
  for (const f of specs) {
    // A new description breaks no client; nor does one that did not read before (nobody relied on it).
    const before = await loadSpecAtRef(root, base, f.from ?? f.path).catch((e: unknown) => {
      if (e instanceof SpecInputError) return null;
      throw e;
    });
    if (!before) continue;
    if (f.status === 'deleted') {
      evidence.push(`${f.path} deleted (${before.spec.version}: every operation removed)`);
      continue;
    }
    let after;
    try {
      after = await loadSpecAtRef(root, head, f.path);
    } catch (e) {
      // A description that no longer reads is one no client can be generated from: the PO looks.
      if (!(e instanceof SpecInputError)) throw e;
      evidence.push(`${f.path} no longer reads as an API description (${e.message})`);
      continue;
    }
    if (!after) continue;
    const result = diffSpecs(before.spec, after.spec, { display: (side, file) => `${side === 'base' ? f.from ?? f.path : f.path}${file === (side === 'base' ? before.spec.file : after.spec.file) ? '' : ` (${file})`}` });
    for (const d of result.findings) {
      if (d.severity === 'breaking' || (d.rule.startsWith('api-diff-security') && d.severity !== 'info')) {
        evidence.push(`${d.file}:${d.line} ${d.rule}${d.operations.length ? ` (${d.operations.slice(0, 3).join(', ')}${d.operations.length > 3 ? ', …' : ''})` : ''}`);
      }
    }
  }
  return evidence;
}
