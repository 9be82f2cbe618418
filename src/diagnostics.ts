/**
 * Diagnostics are data: every problem the compiler or the linter finds is one of these values,
 * never an exception, so a bad file is reported and the rest of the playbook still loads.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in UTF-16 code units of the decoded text. */
  column: number;
}

export interface Diagnostic {
  /** Stable rule id, e.g. `yaml-invalid`; documented in docs/lint-rules.md. */
  rule: string;
  severity: Severity;
  /** Path of the file, relative to the playbook root where possible. */
  file: string;
  line: number;
  column: number;
  message: string;
  /** What to do about it, in one sentence. */
  fix?: string;
}

export const severityRank: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

/** Sort by file, then position, then rule: output must be deterministic. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}
