/**
 * Packets built from a task packet and what the user adds. Pure: no files, no git, no clock (the
 * date is passed in). The results are candidates; the caller validates them with the schema, which
 * also names any required field the inputs left empty.
 */
import type { GateDecision, Lane, TaskPacket } from '../router/task-packet.ts';
import type {
  ApprovalNeededPacket, DelegationPacket, PhaseHandoffPacket, Step,
} from './schemas.ts';

/** Omits an optional list when it is empty, so a built packet has no "(none)" headings. */
const some = <T>(xs: readonly T[]): T[] | undefined => (xs.length > 0 ? [...xs] : undefined);
const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** Decisions of a task packet still waiting for the PO (approval recorded by `kao check` counts). */
export function pendingGates(task: TaskPacket): GateDecision[] {
  return unique(task.gates.filter((g) => g.approved !== true).map((g) => g.decision));
}

export interface DelegationInput {
  from: string;
  to: string;
  date: string;
  objective?: string;
  criteria: string[];
  constraints: string[];
  reuse: string[];
  ssot: string[];
  validation: string[];
  areas: string[];
  why?: string;
  expectedOutput?: string;
  returnPath?: string;
}

export function buildDelegation(task: TaskPacket, input: DelegationInput): DelegationPacket {
  const assumptions = [...task.assumptions];
  // The task packet does not carry the PO's acceptance criteria; say so rather than pretend.
  if (input.criteria.length === 0 && task.definitionOfDone.length > 0) {
    assumptions.push("No acceptance criteria were given: the task packet's definition of done stands in for them until the PO confirms.");
  }
  const constraints = [...input.constraints];
  if (task.mode === 'clarify-first') {
    constraints.push(...task.questions.map((q) => `Do not implement before the PO has answered: ${q}`));
  }
  const owner = task.owners.primary === input.to ? 'the primary owner' : task.owners.supporting.includes(input.to) ? 'a supporting role' : null;
  return {
    version: 1,
    from: input.from,
    to: input.to,
    date: input.date,
    objective: input.objective ?? task.title,
    classification: task.classification,
    acceptanceCriteria: input.criteria.length > 0 ? input.criteria : task.definitionOfDone,
    constraints: some(constraints),
    gates: some(task.gates),
    decisions: some(task.because.map((b) => `${b.effect} (rule \`${b.rule}\`)`)),
    assumptions: some(assumptions),
    reuseTargets: some(input.reuse),
    ssot: some(input.ssot),
    phases: some(task.phases),
    validation: unique([...task.validation, ...input.validation]),
    areas: some(input.areas.length > 0 ? input.areas : task.classification.apps),
    risks: some(task.riskAxes.map((a) => `risk axis \`${a}\` (task risk: ${task.classification.risk})`)),
    why: input.why ?? (owner ? `The task packet names ${input.to} as ${owner} of "${task.title}".` : undefined),
    expectedOutput: input.expectedOutput ?? expectedOutputFor(input.to),
    returnPath: input.returnPath ?? `Report back to ${input.from} with a phase-handoff packet (\`kao packet phase-handoff\`).`,
  };
}

function expectedOutputFor(role: string): string | undefined {
  if (role.endsWith('-implementer')) return 'Code and tests that meet the acceptance criteria, with every validation command passing.';
  if (role.endsWith('-lead')) return 'A plan or specification an implementer can work from, with the phases and their definition of done.';
  return undefined;
}

/** What going ahead without the PO's answer can cost, per decision. */
const WITHOUT_APPROVAL: Record<GateDecision, string> = {
  scope: 'work outside the agreed scope may be thrown away, or ship behaviour nobody asked for',
  dependencies: 'a new dependency brings supply-chain, licence and upgrade costs nobody agreed to',
  schema: 'a migration can be hard to roll back and can lose or corrupt data',
  auth: 'a mistake in sessions, roles or permissions can expose data or lock users out',
  'tenant-boundary': 'data may cross workspace or business boundaries',
  payments: 'money may be charged, refunded or recorded wrongly',
  pii: 'personal data may be collected, kept or shown without a basis',
  'breaking-contract': 'clients of the API break when the change ships',
  'major-ux': 'users meet a redesign or a new UI primitive nobody approved',
  'behavior-refactor': 'a behaviour change hidden in a refactor reaches users unnoticed',
  'analytics-semantics': 'figures change meaning and past reports stop being comparable',
  'legal-claims': 'published copy may make legal or tax claims the business cannot stand behind',
};

export interface Option {
  title: string;
  pros: string[];
  cons: string[];
}

export function buildApproval(
  task: TaskPacket | null,
  input: { decision: GateDecision; context?: string; options: Option[]; risks: string[] },
): ApprovalNeededPacket {
  const gate = task?.gates.find((g) => g.decision === input.decision);
  const about = task ? `Task "${task.title}" (${task.classification.type}, ${task.classification.scope}, ${task.classification.risk} risk)` : 'The work';
  const why = gate ? `: ${gate.reason}${gate.when === 'if' && gate.condition ? ` (if ${gate.condition})` : ''}.` : '.';
  const context = input.context ?? `${about} needs the PO's decision on \`${input.decision}\`${why} Execution pauses until the PO answers.`;
  const options = input.options.length > 0 ? input.options : [
    { title: 'Approve as planned', pros: ['the work continues in its planned lane'], cons: [`the ${input.decision} change goes ahead, with what it risks`] },
    { title: 'Do not approve; keep the work within what is already agreed', pros: [`no ${input.decision} change`], cons: ['the objective may be met only in part, or not at all'] },
  ];
  return {
    version: 1,
    decision: input.decision,
    context,
    options,
    risks: input.risks.length > 0 ? input.risks : [`Proceeding without approval: ${WITHOUT_APPROVAL[input.decision]}.`],
  };
}

export interface HandoffInput {
  phase: string;
  currentLane: Lane;
  nextLane: Lane;
  changed: string[];
  verified: { command: string; result: string }[];
  steps: string[];
  questions: string[];
  gates: GateDecision[];
  crossStack?: PhaseHandoffPacket['crossStack'];
}

export function buildHandoff(task: TaskPacket | null, input: HandoffInput): PhaseHandoffPacket {
  return {
    version: 1,
    phase: input.phase,
    currentLane: input.currentLane,
    nextLane: input.nextLane,
    changed: input.changed,
    verified: input.verified,
    nextSteps: input.steps.map((step): Step => ({ step, done: false })),
    openQuestions: some(unique([...(task?.questions ?? []), ...input.questions])),
    pendingGates: some(unique([...(task ? pendingGates(task) : []), ...input.gates])),
    crossStack: input.crossStack,
  };
}
