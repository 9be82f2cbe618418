/**
 * The task packet: what `kao route` and `kao check` produce, and what delegation packets are built
 * from. A versioned contract (schemas/task-packet.schema.json is generated from this definition's
 * shape and checked against it in tests); field names and vocabularies are stable.
 */
export const TASK_PACKET_VERSION = 1;

export const TASK_TYPES = [
  'feature', 'bug', 'refactor', 'chore', 'discovery', 'planning', 'design', 'content', 'i18n', 'testing', 'devops', 'new-project',
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const SCOPES = ['single-app', 'cross-stack', 'monorepo-wide', 'unknown'] as const;
export type Scope = (typeof SCOPES)[number];

export const RISKS = ['low', 'medium', 'high'] as const;
export type Risk = (typeof RISKS)[number];

export const LANES = ['discovery', 'planning', 'implementation', 'review', 'validation', 'release', 'recovery', 'deferred'] as const;
export type Lane = (typeof LANES)[number];

export const GATE_DECISIONS = [
  'scope', 'dependencies', 'schema', 'auth', 'tenant-boundary', 'payments', 'pii', 'breaking-contract', 'major-ux',
  'behavior-refactor', 'analytics-semantics', 'legal-claims',
] as const;
export type GateDecision = (typeof GATE_DECISIONS)[number];

/** Why something was inferred: the rule that fired and the words or paths that fired it. */
export interface Because {
  rule: string;
  /** Words of the brief, or paths (with `:line` when from content), that matched. */
  matched: string[];
  /** What the rule decided, in words. */
  effect: string;
}

export interface Gate {
  decision: GateDecision;
  reason: string;
  /** `now`: ask before implementation; `if`: ask only when `condition` turns out true. */
  when: 'now' | 'if';
  condition?: string;
  /** The rule that raised the gate. */
  rule: string;
  /** `kao check` only: whether an approval is recorded, and the paths and lines that raised it. */
  approved?: boolean;
  evidence?: string[];
}

export interface Phase {
  id: number;
  goal: string;
  definitionOfDone: string[];
}

export interface TaskPacket {
  version: typeof TASK_PACKET_VERSION;
  title: string;
  classification: { type: TaskType; scope: Scope; risk: Risk; apps: string[] };
  riskAxes: string[];
  owners: { primary: string; supporting: string[] };
  lanes: Lane[];
  phases: Phase[];
  gates: Gate[];
  mode: 'assumption-first' | 'clarify-first';
  questions: string[];
  assumptions: string[];
  validation: string[];
  definitionOfDone: string[];
  because: Because[];
}
