/**
 * A task packet as a report for people: the terminal output of `kao route` and the body of the
 * `kao check` pull-request comment. (Packet *files*, which must parse back without loss, are
 * src/packets/.) Pure.
 */
import type { Gate, TaskPacket } from './task-packet.ts';

export interface ReportOptions {
  /** Heading line; the packet title by default. */
  heading?: string;
  /** Extra lines under the classification (kao check: the diff it read). */
  context?: string[];
  /** Render gates as a table with approval status and evidence (kao check). */
  gateStatus?: boolean;
}

export function renderTaskPacket(p: TaskPacket, opts: ReportOptions = {}): string {
  const { type, scope, risk, apps } = p.classification;
  const out: string[] = [
    `## ${opts.heading ?? `Task packet: ${p.title}`}`,
    '',
    `**${type}** · ${scope}${apps.length ? ` (${apps.join(', ')})` : ''} · **${risk}** risk${p.riskAxes.length ? ` (${p.riskAxes.join(', ')})` : ''} · ${p.mode}`,
    ...(opts.context ?? []),
    '',
    `**Owner:** ${p.owners.primary}${p.owners.supporting.length ? ` · **with:** ${p.owners.supporting.join(', ')}` : ''}`,
    '',
    `**Lanes:** ${p.lanes.join(' → ')}`,
    '',
  ];
  out.push('### PO gates', '');
  if (p.gates.length === 0) out.push('None needed.', '');
  else if (opts.gateStatus) out.push(...gateTable(p.gates), '');
  else out.push(...p.gates.map((g) => `- **${g.decision}** (${g.when === 'now' ? 'ask now' : `ask if ${g.condition}`}): ${g.reason}`), '');
  if (p.phases.length) {
    out.push('### Phases', '');
    for (const ph of p.phases) out.push(`${ph.id}. ${ph.goal.replace(/^Phase \d+: /, '')} — done when ${ph.definitionOfDone.join('; ')}`);
    out.push('');
  }
  const list = (title: string, items: string[]) => {
    if (items.length) out.push(`### ${title}`, '', ...items.map((i) => `- ${i}`), '');
  };
  list('Questions for the PO first', p.questions);
  list('Assumptions', p.assumptions);
  list('Validation', p.validation);
  list('Definition of done', p.definitionOfDone);
  out.push('<details><summary>Why</summary>', '', ...p.because.map((b) => `- \`${b.rule}\`${b.matched.length ? ` (${b.matched.slice(0, 3).join(', ')}${b.matched.length > 3 ? ', …' : ''})` : ''}: ${b.effect}`), '', '</details>', '');
  return out.join('\n');
}

function gateTable(gates: Gate[]): string[] {
  return [
    '| PO gate | status | raised by |',
    '| --- | --- | --- |',
    ...gates.map((g) => {
      const ev = g.evidence ?? [];
      const shown = ev.slice(0, 5).map((e) => `\`${e}\``).join(', ') + (ev.length > 5 ? ', …' : '');
      return `| ${g.decision} | ${g.approved ? '✅ approved' : '⛔ needs approval'} | ${shown} |`;
    }),
  ];
}
