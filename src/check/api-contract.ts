/**
 * What a diff does to the API contract: the OpenAPI descriptions it changes are compared at base and
 * head with the gate's breaking-change diff, and every breaking or security finding becomes evidence
 * for the `breaking-contract` trigger (DESIGN §3: a breaking contract needs the PO). I/O edge (git).
 */
import { diffSpecs } from '../gates/api/diff/engine.ts';
import { loadSpecAtRef } from '../gates/api/diff/load-at-ref.ts';
import type { ChangedFile } from './diff.ts';

/** `specs`: the changed files that are API descriptions (spec-paths.ts). */
export async function breakingContractEvidence(root: string, base: string, head: string, specs: readonly ChangedFile[]): Promise<string[]> {
  const evidence: string[] = [];
  for (const f of specs) {
    const before = await loadSpecAtRef(root, base, f.from ?? f.path);
    if (!before) continue; // a new description breaks no client
    if (f.status === 'deleted') {
      evidence.push(`${f.path} deleted (${before.spec.version}: every operation removed)`);
      continue;
    }
    const after = await loadSpecAtRef(root, head, f.path);
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
