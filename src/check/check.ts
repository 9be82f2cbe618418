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
  /**
   * Evidence read beyond the diff's lines, by trigger: breaking changes found in the API descriptions
   * it touches (api-contract.ts), fields of GORM models without tags (gorm-models.ts).
   */
  fromCode: ReadonlyMap<string, readonly string[]> = new Map(),
  /** The commits' messages, read as conventional commits. */
  messages: readonly Commit[] = [],
): CheckResult {
  if (files.length === 0) return nothingChanged(refs);
  const { signals, changes } = diffSignals(files, model, router.routing, `Changes ${refs.base}...${refs.head}`);
  const addEvidence = (trigger: string, evidence: readonly string[]) => signals.triggers.set(trigger, [...(signals.triggers.get(trigger) ?? []), ...evidence]);
  const fromCommits = commitSignals(messages, model);
  for (const [trigger, evidence] of fromCommits.triggers) {
    // `chore(deps):` on a change of CI workflows only bumps the pipeline's actions: DevOps work, not a
    // dependency of the product. The files decide where they can carry the claim.
    if (trigger !== 'dependencies' || signals.type.id !== 'devops') addEvidence(trigger, evidence);
  }
  // The paths decide the kind of change when they can; otherwise the commits' own word for it. A
  // commit message is the author's claim: it never picks a type that drops gates (`chore:` on an auth
  // change would otherwise silence the auth gate).
  const claimed = fromCommits.type && router.routing.taskTypes.find((t) => t.id === fromCommits.type!.id);
  if (fromCommits.type && claimed && !claimed.onlyGates && signals.type.because.rule === 'change-type:default') {
    signals.type = { id: fromCommits.type.id, because: { rule: 'change-type:commits', matched: fromCommits.type.evidence.slice(0, 5), effect: `type ${fromCommits.type.id}, as the commits say` } };
  }
  for (const [trigger, evidence] of fromCode) {
    if (evidence.length > 0 && model.triggers.some((t) => t.id === trigger)) addEvidence(trigger, evidence);
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
