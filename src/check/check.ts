/**
 * `kao check`: a diff's signals → the task packet it needs, with each PO gate marked approved or not
 * and the paths and lines that raised it. Pure.
 */
import type { Router } from '../router/route.ts';
import { TASK_PACKET_VERSION, type TaskPacket } from '../router/task-packet.ts';
import { APPROVALS_PATH } from '../os-paths.ts';
import type { Approval } from './approvals.ts';
import { type ChangeSummary, diffSignals } from './diff-signals.ts';
import type { ChangedFile } from './diff.ts';
import { type Commit, commitSignals } from './commits.ts';
import type { OperatingModel } from '../playbook/operating-model.ts';

export interface CheckResult extends TaskPacket {
  base: string;
  head: string;
  changes: ChangeSummary[];
}

export function checkDiff(
  files: ChangedFile[], router: Router, model: OperatingModel,
  refs: { base: string; head: string; commits: string[] }, approvals: Approval[],
  /** Breaking changes found in the API descriptions the diff touches (see api-contract.ts). */
  breaking: readonly string[] = [],
  /** The commits' subjects, read as conventional commits. */
  subjects: readonly Commit[] = [],
  /** Evidence read from the code itself beyond its lines, by trigger (fields of GORM models without tags). */
  fromCode: ReadonlyMap<string, readonly string[]> = new Map(),
): CheckResult {
  if (files.length === 0) return nothingChanged(refs);
  const { signals, changes } = diffSignals(files, model, router.routing, `Changes ${refs.base}...${refs.head}`);
  const fromCommits = commitSignals(subjects, model);
  for (const [trigger, evidence] of fromCommits.triggers) {
    // `chore(deps):` on a change of CI workflows only bumps the pipeline's actions: DevOps work, not a
    // dependency of the product. The files decide where they can carry the claim.
    if (trigger === 'dependencies' && signals.type.id === 'devops') continue;
    signals.triggers.set(trigger, [...(signals.triggers.get(trigger) ?? []), ...evidence]);
  }
  // The paths decide the kind of change when they can; otherwise the commits' own word for it. A
  // commit message is the author's claim: it never picks a type that drops gates (`chore:` on an auth
  // change would otherwise silence the auth gate).
  const claimed = fromCommits.type && router.routing.taskTypes.find((t) => t.id === fromCommits.type!.id);
  if (fromCommits.type && claimed && !claimed.onlyGates && signals.type.because.rule === 'change-type:default') {
    signals.type = { id: fromCommits.type.id, because: { rule: 'change-type:commits', matched: fromCommits.type.evidence.slice(0, 5), effect: `type ${fromCommits.type.id}, as the commits say` } };
  }
  for (const [trigger, evidence] of fromCode) {
    if (evidence.length > 0 && model.triggers.some((t) => t.id === trigger)) signals.triggers.set(trigger, [...(signals.triggers.get(trigger) ?? []), ...evidence]);
  }
  if (breaking.length > 0 && model.triggers.some((t) => t.id === 'breaking-contract')) {
    signals.triggers.set('breaking-contract', [...(signals.triggers.get('breaking-contract') ?? []), ...breaking]);
  }
  const packet = router.plan(signals);
  for (const gate of packet.gates) {
    const trigger = gate.rule.startsWith('trigger:') ? gate.rule.slice('trigger:'.length) : '';
    gate.evidence = signals.triggers.get(trigger) ?? [];
    const covering = approvalsFor(approvals, gate.decision, refs.commits);
    gate.approved = covering.length > 0;
    if (gate.approved) gate.reason += ` — approved by ${covering.map((a) => a.by).join(', ')}`;
  }
  return { ...packet, base: refs.base, head: refs.head, changes };
}

/**
 * A diff with no changed file needs no role, lane or gate: it is said as such, not routed as a
 * four-lane feature. The packet stays a valid task packet (review is the one lane: look, and close).
 */
function nothingChanged(refs: { base: string; head: string }): CheckResult {
  const why = 'no changed files: no roles, lanes or PO gates are needed';
  return {
    version: TASK_PACKET_VERSION,
    title: `No changes in ${refs.base}...${refs.head}`,
    classification: { type: 'chore', scope: 'unknown', risk: 'low', apps: [] },
    riskAxes: [], owners: { primary: 'orchestrator', supporting: [] }, lanes: ['review'], phases: [], gates: [],
    mode: 'assumption-first', questions: [], assumptions: ['nothing changed between the two refs'], validation: [], definitionOfDone: [],
    because: [{ rule: 'change-type:empty', matched: [], effect: why }],
    base: refs.base, head: refs.head, changes: [],
  };
}

/** The approvals that cover a decision for the commit being checked. */
function approvalsFor(approvals: Approval[], decision: string, commits: string[]): Approval[] {
  return approvals.filter((a) => a.decision === decision && (!a.refs || a.refs.some((r) => commits.some((c) => c.startsWith(r) || r === c))));
}

export { APPROVALS_PATH };

/** Every gate the change needs now has a recorded approval. */
export function checkPasses(result: CheckResult): boolean {
  return result.gates.every((g) => g.when !== 'now' || g.approved === true);
}
