/** The diff's result contract (`kao gate api diff --json`, version 1). */
import type { ApiFinding } from '../model.ts';
import type { DiffSeverity } from './catalogue.ts';

/**
 * A diff finding has an API finding's shape, with the diff's own check, severity and side; its
 * `operations` name the head path, or the base path when the operation was removed.
 */
export interface DiffFinding extends Omit<ApiFinding, 'check' | 'severity' | 'spec'> {
  check: 'breaking';
  severity: DiffSeverity;
  /** Which spec the location is in: `base` for removals, `head` otherwise. */
  side: 'base' | 'head';
}

export interface DiffSpecSummary { file: string; version: string; operations: number }

export interface GateApiDiffResult {
  version: 1;
  /** The spec pairs compared (one for `diff OLD NEW`, one per spec for `--base`). */
  pairs: { base: DiffSpecSummary; head: DiffSpecSummary }[];
  findings: DiffFinding[];
  summary: { findings: number; breaking: number; warning: number; info: number; semver: 'major' | 'minor' | 'patch' };
}

const RANK = { breaking: 0, warning: 1, info: 2 } as const;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export function compareFindings(a: DiffFinding, b: DiffFinding): number {
  return RANK[a.severity] - RANK[b.severity] || cmp(a.side, b.side) || cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.rule, b.rule) || cmp(a.pointer, b.pointer) || cmp(a.message, b.message);
}

/** Several pairs' results as one (for `--base` over a repository with several specs). */
export function mergeResults(results: readonly GateApiDiffResult[]): GateApiDiffResult {
  const findings = results.flatMap((r) => r.findings).sort(compareFindings);
  const count = (s: DiffSeverity) => findings.filter((f) => f.severity === s).length;
  const bumps = results.map((r) => r.summary.semver);
  const semver = bumps.includes('major') ? 'major' : bumps.includes('minor') ? 'minor' : 'patch';
  return { version: 1, pairs: results.flatMap((r) => r.pairs), findings, summary: { findings: findings.length, breaking: count('breaking'), warning: count('warning'), info: count('info'), semver } };
}
