import type { Diagnostic } from '../diagnostics.ts';
import type { Playbook } from '../playbook/load.ts';

/** A cross-file lint rule: reads the loaded playbook, returns what it finds. Pure. */
export interface LintRule {
  /** The diagnostic ids the rule emits (documented in RULE_CATALOG and docs/lint-rules.md). */
  emits: readonly string[];
  check(playbook: Playbook): Diagnostic[];
}
