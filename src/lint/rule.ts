import type { Diagnostic } from '../diagnostics.ts';
import type { Playbook } from '../playbook/load.ts';

/** A cross-file lint rule: reads the loaded playbook, returns what it finds. Pure. */
export interface LintRule {
  id: string;
  description: string;
  check(playbook: Playbook): Diagnostic[];
}
