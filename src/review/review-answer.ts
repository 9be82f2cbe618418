/**
 * A model's review, checked before it counts: only gates the playbook defines, only lines the diff
 * really changes, a short reason on one line. What survives adds gates to the ones the rules raised;
 * a review never takes one away, so an answer talked into silence by the diff it reads changes
 * nothing. Pure.
 */
import * as z from 'zod';
import type { ChangedFile } from '../check/diff.ts';
import type { OperatingModel } from '../playbook/operating-model.ts';

export const ReviewAnswerSchema = z.object({
  gates: z.array(z.object({
    gate: z.string().describe('the id of a gate from the list'),
    why: z.string().describe('one short sentence: what the change does that needs the gate'),
    lines: z.array(z.object({ path: z.string(), line: z.number().int() })).describe('the changed lines that show it, as the diff numbers them'),
  })),
});
export type ReviewAnswer = z.infer<typeof ReviewAnswerSchema>;

const MAX_WHY = 160;
const MAX_LINES = 5;

/**
 * Evidence by trigger (the trigger of the model that raises the gate): `path:line (review: why)`.
 * A gate the model does not define, or one cited at no line the diff changes, is dropped.
 */
export function acceptReview(answer: ReviewAnswer, files: readonly ChangedFile[], model: OperatingModel): Map<string, string[]> {
  const changed = new Map(files.map((f) => [f.path, new Set([...f.added, ...(f.removed ?? [])].map((l) => l.line))]));
  const out = new Map<string, string[]>();
  for (const g of answer.gates) {
    const trigger = triggerFor(g.gate, model);
    if (!trigger) continue;
    const why = g.why.replace(/[\u0000-\u001f\u007f`<>|[\]]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_WHY);
    const cited = g.lines.filter((l) => changed.get(l.path)?.has(l.line)).slice(0, MAX_LINES);
    if (cited.length === 0) continue;
    const list = out.get(trigger) ?? [];
    list.push(...cited.map((l) => `${l.path}:${l.line} (review: ${why || 'no reason given'})`));
    out.set(trigger, list);
  }
  return out;
}

/** The trigger that raises a gate: the one named as the gate, else the first whose gates hold it. */
function triggerFor(gate: string, model: OperatingModel): string | undefined {
  if (!model.decisions.some((d) => d.id === gate)) return undefined;
  const own = model.triggers.find((t) => t.id === gate && t.gates?.includes(gate));
  return (own ?? model.triggers.find((t) => t.gates?.includes(gate)))?.id;
}
