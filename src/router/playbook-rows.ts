/**
 * The repository's own delegation-by-inference tables drive routing. Each row of a role file's table
 * ("DB schema/migrations | QA/Test Specialist + PO gate") names the model triggers its words match;
 * those triggers also involve the row's roles, and where the row puts a condition on a role ("Web
 * Lead if UI") the row wins: that role is involved only then. A row that matches no trigger becomes
 * a trigger of its own. `because[]` names the rows' file:line. Pure.
 */
import type { DelegationRow } from '../artifacts/spec.ts';
import { roleIdOf } from '../artifacts/role-names.ts';
import type { OperatingModel } from '../playbook/operating-model.ts';
import { compileLexicon, matchLexicon } from './lexicon.ts';

export interface PlaybookRow {
  /** The role file holding the table. */
  file: string;
  /** The role the table belongs to. */
  owner: string;
  row: DelegationRow;
}

type Trigger = OperatingModel['triggers'][number];
/** A trigger with the repository rows that shaped it. */
export type RoutedTrigger = Trigger & { sources?: string[] };

/** A condition about the UI ("if UI", "when there is a portal screen") means: when web is touched. */
const UI_CONDITION = /\b(ui|portal|frontend|front-end|web|screen|screens|page|pages)\b/i;

export function withPlaybookRows(model: OperatingModel, rows: readonly PlaybookRow[], roleIds: ReadonlySet<string>): OperatingModel {
  if (rows.length === 0) return model;
  // Role names, display names and aliases → ids; a name no role has is dropped, never invented.
  const byName = new Map<string, string>();
  for (const r of model.roles) for (const n of [r.id, r.name, ...(r.aliases ?? [])]) byName.set(roleIdOf(n), r.id);
  for (const id of roleIds) byName.set(id, id);
  const kinds = new Map(model.roles.map((r) => [r.id, r.kind]));
  const lexicon = compileLexicon({ trigger: Object.fromEntries(model.triggers.map((t) => [t.id, t.terms])) });

  const shaped = new Map<string, { involve: Set<string>; ifUi: Set<string>; mandatory: Set<string>; sources: string[] }>();
  const own: RoutedTrigger[] = [];
  for (const { file, owner, row } of rows) {
    const involve = new Set<string>();
    const ifUi = new Set<string>();
    for (const ref of row.roles) {
      const id = byName.get(ref.id) ?? byName.get(roleIdOf(ref.name));
      if (!id || kinds.get(id) === 'human') continue; // the PO is a gate, not a participant
      (ref.condition && UI_CONDITION.test(ref.condition) ? ifUi : involve).add(id);
    }
    const mandatory = row.flags.includes('mandatory') || row.flags.includes('cannot-delegate') ? new Set([owner]) : new Set<string>();
    const source = `${file}:${row.line}`;
    const hits = [...new Set(matchLexicon(lexicon, row.pattern).map((m) => m.entry.id))];
    if (hits.length === 0) {
      own.push({
        id: `playbook-${owner}-${row.line}`, terms: row.terms, axes: [], involve: [...involve], involveIfUi: [...ifUi], mandatory: [...mandatory],
        ...(row.flags.includes('po-gate') ? { gates: ['scope'] } : {}), sources: [source],
      });
      continue;
    }
    for (const id of hits) {
      const s = shaped.get(id) ?? { involve: new Set(), ifUi: new Set(), mandatory: new Set(), sources: [] };
      involve.forEach((r) => s.involve.add(r));
      ifUi.forEach((r) => s.ifUi.add(r));
      mandatory.forEach((r) => s.mandatory.add(r));
      s.sources.push(source);
      shaped.set(id, s);
    }
  }
  const triggers: RoutedTrigger[] = model.triggers.map((t) => {
    const s = shaped.get(t.id);
    if (!s) return t;
    const involve = new Set([...(t.involve ?? []), ...s.involve].filter((r) => !s.ifUi.has(r) || s.involve.has(r)));
    return { ...t, involve: [...involve], involveIfUi: [...new Set([...(t.involveIfUi ?? []), ...s.ifUi])], mandatory: [...new Set([...(t.mandatory ?? []), ...s.mandatory])], sources: s.sources };
  });
  return { ...model, triggers: [...triggers, ...own] };
}
