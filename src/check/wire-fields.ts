/**
 * Fields a client reads, gone from the code that shapes what it reads: a key on a removed line of a
 * response shape (a json tag, a resource's array key, a zod object, a serializer's field list) that no
 * added line of the change keeps, or that kept its value under another name (`'permissions' => …`
 * becoming `'abilities' => …`). A field added is not one; nor is one that only moved, to another line
 * or another file. Pure; the caller says which files are read and how a line names its fields (group
 * 1 of each pattern).
 */
import type { ChangedFile } from './diff.ts';

export interface FieldShapes {
  /** Files whose lines are read. */
  reads: (path: string) => boolean;
  /** Patterns with the field's wire name in group 1 (global: a line may name several). */
  fields: readonly RegExp[];
}

type Line = { line: number; text: string };

/** Evidence (`path:line (field x removed)`, `… (field x changed)`, `… (field x renamed y)`) by changed file. */
export function goneFields(files: readonly ChangedFile[], shapes: FieldShapes, skip: (text: string) => boolean): Map<string, string[]> {
  const read = files.filter((f) => shapes.reads(f.path));
  const named = (l: Line) => (skip(l.text) ? [] : shapes.fields.flatMap((re) => [...l.text.matchAll(re)].map((m) => ({ name: m[1]!, at: m.index!, length: m[0].length }))));
  const kept = new Set(read.flatMap((f) => f.added.flatMap((l) => named(l).map((n) => n.name))));
  const gone = new Map<string, string[]>();
  for (const f of read) {
    // A deleted file takes its whole shape with it: that is an endpoint's business (route rules), not a field's.
    if (f.status === 'deleted') continue;
    const addedShapes = new Map<string, string[]>();
    for (const l of f.added) {
      const names = named(l);
      if (names.length > 0) addedShapes.set(shapeOf(l.text, names), names.map((n) => n.name));
    }
    for (const l of f.removed ?? []) {
      const names = named(l);
      if (names.length === 0) continue;
      const renamedTo = addedShapes.get(shapeOf(l.text, names));
      const said = names.flatMap(({ name }, i) => {
        // Still written on an added line, but no longer as a field (`json:"token,omitempty"`): changed.
        if (!kept.has(name)) {
          const word = wordPattern(name);
          return [`field ${name} ${f.added.some((a) => word.test(a.text)) ? 'changed' : 'removed'}`];
        }
        // The same line with only the name changed: the value now answers under another name.
        const to = renamedTo?.[i];
        return to !== undefined && to !== name && renamedTo!.length === names.length && hasValue(l.text, names) ? [`field ${name} renamed ${to}`] : [];
      });
      if (said.length > 0) gone.set(f.path, [...(gone.get(f.path) ?? []), `${f.path}:${l.line} (${said.join(', ')})`]);
    }
  }
  return gone;
}

/** The line with each field's match blanked and spaces dropped: what stays when only names change. */
function shapeOf(text: string, names: readonly { at: number; length: number }[]): string {
  let out = '';
  let from = 0;
  for (const n of [...names].sort((a, b) => a.at - b.at)) {
    out += text.slice(from, n.at) + '\u0000';
    from = n.at + n.length;
  }
  return (out + text.slice(from)).replace(/\s+/g, '');
}

/** Something besides names and punctuation: a renamed list entry (`'a',` → `'b',`) is a removal and an addition, not a rename of a value. */
function hasValue(text: string, names: readonly { at: number; length: number }[]): boolean {
  return shapeOf(text, names).replace(/[\u0000'"`:,;=>[\](){}]/g, '').length >= 3;
}

/** `word` on its own in a line (a playbook's pattern may capture more than word characters). */
function wordPattern(word: string): RegExp {
  return new RegExp(`(^|\\W)${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\W|$)`);
}
