/** A gate rule: a stable id, its check, default severity, and a pure function over the operations. */
import type { Severity } from '../../diagnostics.ts';
import type { ApiGateConfig, GateCheck } from './model.ts';
import type { LoadedSpec, Origin } from './load.ts';
import type { Operation } from './operations.ts';

export interface RuleContext {
  spec: LoadedSpec;
  ops: Operation[];
  config: ApiGateConfig;
  /**
   * One finding per (rule, node): reporting the same node again only adds operations. `also` names the
   * other nodes of one cause (every error response a single `produces` setting shapes), so a cause is
   * one finding however many places show it.
   */
  report(at: Origin, ops: readonly Operation[], message: string, also?: readonly Origin[]): void;
}

export interface ApiRule {
  id: string;
  check: GateCheck;
  severity: Severity;
  /** One line, for SARIF and the docs. */
  description: string;
  fix: string;
  run(ctx: RuleContext): void;
}
