/**
 * The recovery packet, decided from what repo.ts found: the packets of the checkout (preferred
 * folders first, newest first) and git's view of the work. Pure. Each inference says where it came
 * from in `assumptions`, since a new session must re-confirm what it did not see happen.
 */
import type { GateDecision, Lane } from '../router/task-packet.ts';
import { pendingGates } from './build.ts';
import type { FoundPacket, GitWork } from './repo.ts';
import type { RecoveryPacket } from './schemas.ts';

const STATUS: Record<string, string> = { '?': 'untracked', M: 'modified', A: 'added', D: 'deleted', R: 'renamed', C: 'copied', T: 'type changed' };
const CONFLICT = /^(?:U.|.U|AA|DD)$/;

function describeStatus(code: string): string {
  if (CONFLICT.test(code)) return 'conflict';
  const c = code[0] !== ' ' ? code[0]! : code[1]!;
  return STATUS[c] ?? code.trim();
}

export function buildRecovery(found: readonly FoundPacket[], work: GitWork, opts: { goal?: string } = {}): RecoveryPacket {
  const assumptions: string[] = [];
  const from = (f: FoundPacket) => `${f.path} (${f.packet.kind} packet)`;

  let goal = opts.goal?.trim() || undefined;
  if (!goal) {
    const source = found.find((f) => ['recovery', 'delegation', 'task'].includes(f.packet.kind));
    const p = source?.packet;
    goal = p?.kind === 'recovery' ? p.packet.goal : p?.kind === 'delegation' ? p.packet.objective : p?.kind === 'task' ? p.packet.title : undefined;
    assumptions.push(source
      ? `The goal comes from ${from(source)}; re-confirm it if the work has moved on.`
      : `No task, delegation or recovery packet was found: the goal is taken from the branch name (${work.branch}).`);
    goal ??= `Finish the work on branch ${work.branch}`;
  }

  let lastLane: Lane | undefined;
  for (const f of found) {
    const p = f.packet;
    lastLane = p.kind === 'phase-handoff' ? p.packet.nextLane : p.kind === 'recovery' ? p.packet.lastLane : p.kind === 'task' ? p.packet.lanes[0] : undefined;
    if (lastLane) {
      assumptions.push(`The last lane comes from ${from(f)}.`);
      break;
    }
  }
  if (!lastLane) assumptions.push('No packet names a lane: starting from discovery.');

  const handoff = found.find((f) => f.packet.kind === 'phase-handoff')?.packet;
  const conflicts = work.changes.filter((c) => CONFLICT.test(c.status));
  const done = [
    ...(handoff?.kind === 'phase-handoff' ? handoff.packet.nextSteps : []).filter((s) => s.done).map((s) => `step done: ${s.step}`),
    ...work.commits.map((c) => `commit ${c.hash} ${c.subject}`),
    ...(work.more > 0 ? [`${work.more} earlier commit${work.more === 1 ? '' : 's'} (git log --oneline ${work.range.join(' ')})`] : []),
    ...work.changes.filter((c) => !CONFLICT.test(c.status)).map((c) => `uncommitted (${describeStatus(c.status)}): ${c.path}`),
  ];
  assumptions.push(`What is done is read from git (${work.range.join(' ')}) and the packets; no test was run.`);

  const task = found.find((f) => f.packet.kind === 'task' || f.packet.kind === 'delegation')?.packet;
  const taskLike = task?.kind === 'task' || task?.kind === 'delegation' ? task.packet : undefined;
  const validation = taskLike?.validation ?? [];
  assumptions.push(...(taskLike?.assumptions ?? []));

  const gates: GateDecision[] = [];
  for (const f of found) {
    const p = f.packet;
    if (p.kind === 'task') gates.push(...pendingGates(p.packet));
    if (p.kind === 'delegation') gates.push(...(p.packet.gates ?? []).filter((g) => g.approved !== true).map((g) => g.decision));
    if (p.kind === 'phase-handoff') gates.push(...(p.packet.pendingGates ?? []));
  }

  const commands = [
    'git status --short',
    `git log --oneline ${work.range.join(' ')}`,
    ...(work.changes.length > 0 ? ['git diff --stat'] : []),
    ...validation,
  ];

  return {
    version: 1,
    goal,
    lastLane: lastLane ?? 'discovery',
    done,
    failing: conflicts.length > 0 ? conflicts.map((c) => `merge conflict: ${c.path}`) : undefined,
    nextStep: nextStep(found, work, conflicts.map((c) => c.path), taskLike?.phases ?? []),
    commands: [...new Set(commands)],
    pendingGates: gates.length > 0 ? [...new Set(gates)] : undefined,
    assumptions,
  };
}

/** The smallest step that can be verified: an open step a packet already names, else one from the state. */
function nextStep(found: readonly FoundPacket[], work: GitWork, conflicts: string[], phases: readonly { id: number; goal: string }[]): string {
  // Only the newest handoff or recovery packet counts: the steps of older ones were superseded.
  const last = found.find((f) => f.packet.kind === 'phase-handoff' || f.packet.kind === 'recovery')?.packet;
  if (last?.kind === 'recovery') return last.packet.nextStep;
  const open = last?.kind === 'phase-handoff' ? last.packet.nextSteps.find((s) => !s.done) : undefined;
  if (open) return open.step;
  if (conflicts.length > 0) return `Resolve the merge conflict in ${conflicts[0]}, then run the validation commands.`;
  if (work.changes.length > 0) return 'Review the uncommitted changes (git diff), run the validation commands, then commit them or drop them.';
  const phase = phases[0];
  if (phase) return `Check phase ${phase.id} (${phase.goal}) against its definition of done and the commits listed, then continue it.`;
  return 'Run the validation commands to confirm the current state, then write down the next step.';
}
