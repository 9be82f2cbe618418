/**
 * The phase-handoff packet of a role's work (after a delegation) and of a whole run (its final
 * report), built from what kao saw rather than what the model says it did: the files it edited, the
 * commands it ran with their exit codes, the lane after its own in the task packet, and the gates still
 * open. The next steps are the model's own list (under a "Next steps" line of its last message),
 * completed with the steps the task packet implies (validation not yet run, the next lane). Pure;
 * validated before it is returned.
 */
import { buildHandoff } from '../packets/build.ts';
import { pathText, validatePacket, type PhaseHandoffPacket } from '../packets/schemas.ts';
import type { HistoryEntry } from '../policy/decide.ts';
import type { Lane, TaskPacket } from '../router/task-packet.ts';

export interface HandoffFacts {
  phase: string;
  lane: Lane;
  /** Outcomes of the calls this handoff covers, oldest first. */
  history: readonly HistoryEntry[];
  /** The role's last message. */
  message: string;
}

const MAX_STEPS = 7;

export function handoffPacket(task: TaskPacket, facts: HandoffFacts): PhaseHandoffPacket {
  const edited = [...new Set(facts.history.flatMap((h) => (h.action.tool === 'edit' && 'path' in h.action ? [h.action.path] : [])))];
  const verified = facts.history.flatMap((h) => (h.action.tool === 'execute' && 'command' in h.action
    ? [{ command: h.action.command, result: h.exitCode === 0 ? 'passed (exit code 0)' : `failed (exit code ${h.exitCode ?? 'unknown'})` }] : []));
  const at = task.lanes.indexOf(facts.lane);
  const nextLane = at >= 0 && at + 1 < task.lanes.length ? task.lanes[at + 1]! : facts.lane;
  const passed = new Set(verified.filter((v) => v.result.startsWith('passed')).map((v) => v.command));
  const steps = [
    ...listedSteps(facts.message),
    ...task.validation.filter((v) => !passed.has(v)).map((v) => `run the validation: ${v}`),
    nextLane === facts.lane ? `finish the ${facts.lane} lane` : `hand the work to the ${nextLane} lane`,
    'check the change against the acceptance criteria',
  ];
  const built = validatePacket('phase-handoff', buildHandoff(task, {
    phase: facts.phase, currentLane: facts.lane, nextLane,
    changed: edited.length ? edited : ['no files changed'],
    verified, steps: [...new Set(steps)].slice(0, MAX_STEPS), questions: [], gates: [],
  }));
  if (!built.ok) throw new Error(`the phase-handoff packet is not valid: ${built.issues.map((i) => `${pathText(i.path)}: ${i.message}`).join('; ')}`);
  return built.packet;
}

/** The list under a "Next steps" line of a message ("- …", "* …", "1. …"), as the model wrote it. */
function listedSteps(message: string): string[] {
  const lines = message.split('\n');
  const start = lines.findIndex((l) => /\bnext( steps?)?\b/i.test(l) && !/^\s*(?:[-*+]|\d+[.)])\s/.test(l));
  if (start < 0) return [];
  const steps: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' && steps.length === 0) continue;
    const m = /^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.+)$/.exec(line);
    if (!m) break;
    steps.push(m[1]!.trim());
  }
  return steps;
}
