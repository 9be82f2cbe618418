/**
 * How a run reads on a terminal: one line per thing that happened (who works, each tool call and its
 * decision, each ask), and at the end what to do next. `--json` prints the events themselves instead.
 * Also the timeline of a stored run (`kao run show`), from its audit entries. Pure.
 */
import { usd, type RunEvent } from '../../runtime/run-team.ts';
import { describeAction, type AuditEntry, type RunRecord, type RunUsage } from '../../store/store.ts';
import { renderPacket } from '../../packets/render.ts';
import type { PhaseHandoffPacket } from '../../packets/schemas.ts';
import { paint } from './color.ts';

const tokens = (u: RunUsage) => `${u.inputTokens.toLocaleString('en-US')} in / ${u.outputTokens.toLocaleString('en-US')} out tokens, ${u.requests} model call${u.requests === 1 ? '' : 's'}${u.costUsd === undefined ? '' : `, ${usd(u.costUsd)}`}`;

/** The line(s) for one event, or null for events shown only as progress (model calls). */
export function eventLines(e: RunEvent, color: boolean): string | null {
  switch (e.type) {
    case 'started':
      return [
        `kao run ${paint(1, e.runId, color)}: ${e.task}`,
        `  routed: owner ${e.owner}; lanes ${e.lanes.join(' → ')}; PO gates ${e.gates.length ? e.gates.join(', ') : 'none expected'}`,
        ...e.roles.map((r) => `  ${r.role} (${r.lane}): ${r.model}`),
      ].join('\n');
    case 'resumed':
      return [`kao run ${paint(1, e.runId, color)}: resumed`, ...e.approved.map((a) => `  approved by the PO: ${a}`), ...e.rejected.map((a) => `  denied by the PO: ${a}`)].join('\n');
    case 'delegation':
      return `  ${e.from} → ${e.to}: ${e.objective}`;
    case 'tool-call':
      return `  ${e.role}: ${e.action} → ${e.decision === 'deny' ? paint(31, `deny (${e.rule}: ${e.reason})`, color) : e.decision}`;
    case 'ask':
      return `  ${e.role}: ${e.action} → ${paint(33, e.gate ? `ask the PO (${e.gate}), request ${e.requestId}` : `stop: ${e.reason}`, color)}`;
    case 'handoff':
      return `  ${e.role} hands off: ${handoffSummary(e.packet)}`;
    case 'notice':
      return `  note: ${e.message}`;
    case 'model-call':
      return null;
    case 'ended': {
      const head = e.status === 'finished' ? paint(32, 'finished', color) : e.status === 'paused' ? paint(33, 'paused', color) : paint(31, 'failed', color);
      const lines = [`${head}${e.reason ? `: ${e.reason}` : ''} (${tokens(e.usage)})`];
      if (e.output) lines.push('', e.output.trimEnd());
      if (e.report) lines.push('', `report: ${handoffSummary(e.report)} (the packet: \`kao run show ${e.runId}\`)`);
      if (e.status !== 'finished') lines.push(e.recovery ? `next: ${e.recovery.nextStep}` : `next: see \`kao run show ${e.runId}\``);
      return lines.join('\n');
    }
  }
}

/** "2 files changed, 1 command run (1 passed); next: review". */
function handoffSummary(p: PhaseHandoffPacket): string {
  const changed = p.changed[0] === 'no files changed' ? 0 : p.changed.length;
  const passed = p.verified.filter((v) => v.result.startsWith('passed')).length;
  return `${changed} file${changed === 1 ? '' : 's'} changed, ${p.verified.length} command${p.verified.length === 1 ? '' : 's'} run (${passed} passed); next: ${p.nextLane}`;
}

/** `kao runs`: one line per run, newest first. */
export function runsTable(runs: readonly RunRecord[]): string {
  if (runs.length === 0) return 'no agent runs yet (start one with `kao run "TASK"`)\n';
  const rows = runs.map((r) => [r.runId, r.status, r.updatedAt.slice(0, 19).replace('T', ' '), r.usage ? `${r.usage.inputTokens + r.usage.outputTokens}` : '0', r.task.length > 60 ? `${r.task.slice(0, 59)}…` : r.task]);
  const head = ['RUN', 'STATUS', 'UPDATED (UTC)', 'TOKENS', 'TASK'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

/** `kao run show ID`: the run's status and its timeline, from the audit log. */
export function runTimeline(run: RunRecord, entries: readonly AuditEntry[]): string {
  const lines = [`${run.runId}: ${run.status}${run.reason ? ` (${run.reason})` : ''}`, `task: ${run.task}`, `started ${run.startedAt}, updated ${run.updatedAt}${run.usage ? `; ${tokens(run.usage)}` : ''}`, ''];
  for (const e of entries) {
    const what = timelineEntry(e);
    if (what) lines.push(`${e.at.slice(11, 19)}  ${what}`);
  }
  if (run.output) lines.push('', run.output.trimEnd());
  const report = [...entries].reverse().find((e) => e.event.type === 'state-changed' && e.event.what === 'report')?.event;
  if (report?.type === 'state-changed') lines.push('', renderPacket({ kind: 'phase-handoff', packet: report.to as unknown as PhaseHandoffPacket }).trimEnd());
  return `${lines.join('\n')}\n`;
}

function timelineEntry(e: AuditEntry): string | null {
  const ev = e.event;
  switch (ev.type) {
    case 'run-state': return `run ${ev.status}${ev.reason ? `: ${ev.reason}` : ''}`;
    case 'decision': return `${ev.role}: ${describeAction(ev.action)} → ${ev.decision} [${ev.rule}]${ev.decision === 'allow' ? '' : ` ${ev.reason}`}`;
    case 'approval-requested': return `${ev.role} asks the PO (${ev.decision}) about ${describeAction(ev.action)}: request ${ev.requestId}`;
    case 'approval-answered': return `the PO (${ev.by}) ${ev.answer} request ${ev.requestId}${ev.note ? `: ${ev.note}` : ev.reason ? `: ${ev.reason}` : ''}`;
    case 'state-changed': {
      const to = ev.to as Record<string, unknown>;
      if (ev.what === 'task-routed') return `routed: owner ${String(to.owner)}; lanes ${(to.lanes as string[]).join(' → ')}`;
      if (ev.what === 'phase-handoff') return `${String(to.role)} handed off: ${handoffSummary(to.packet as unknown as PhaseHandoffPacket)}`;
      if (ev.what === 'report') return `report: ${handoffSummary(to as unknown as PhaseHandoffPacket)}`;
      if (ev.what === 'delegation') return `${String(to.from)} → ${String(to.to)}: ${String(to.objective)}`;
      if (ev.what === 'model-call') return `${String(to.role)}: model ${String(to.model)} (${String(to.provider)}), ${String(to.inputTokens)} in / ${String(to.outputTokens)} out tokens`;
      if (ev.what === 'tool-result') {
        const outcome = to.outcome as { action: Record<string, unknown>; exitCode?: number; results?: number };
        const detail = outcome.exitCode !== undefined ? `exit code ${outcome.exitCode}` : outcome.results !== undefined ? `${outcome.results} result${outcome.results === 1 ? '' : 's'}` : `${String(to.bytes)} bytes`;
        return `${String(to.role)}: ${describeAction(outcome.action)} done (${detail})`;
      }
      return `${ev.what}`;
    }
    default:
      return null;
  }
}
