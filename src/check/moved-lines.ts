/**
 * Lines a change only moved or restyled: a block of code taken out of one file and put into another
 * (a function moved to a file of its own), or a line rewritten in place with only its punctuation or
 * case changed (`c.ownerIsAdmin` becoming `c.owner.IsAdmin`). A rule that reads lines reads what the
 * change does, so it skips them. Pure.
 *
 * A line moved within its file still counts, and so does a short block moved to another file: a
 * permission check moved below the write it guarded changes what the code does.
 */
import type { ChangedFile } from './diff.ts';

/** How many lines of one block must have left for (or come from) another file for each to count as moved. */
const BLOCK = 5;
/** Shorter skeletons (`}`, `return nil`) are everywhere; they neither make nor break a block. */
const MIN_SKELETON = 8;

type Line = { line: number; text: string };

/** Files where indentation is syntax (Python, YAML…): there only the spaces inside a line are layout. */
export const INDENTED = /\.(py|pyi|ya?ml|haml|slim|pug|sass|coffee)$/i;

/**
 * The code without what a restyle changes: layout, quote style, a closing `;`, `,` or `.` (a chain
 * split anew), a trailing comma before a bracket, and case or a `.` or `_` between the parts of a name
 * (`ownerID`, `owner.ID`, `owner_id`). Commas between arguments, operators and numbers (`1.5`) stay:
 * they are code.
 */
export function skeleton(text: string, indented = false): string {
  // Where indentation is syntax, a line's leading spaces are code: they say which block it is in.
  const indent = indented ? /^\s*/.exec(text)![0] : '';
  return indent + text.trim().replace(/'/g, '"').replace(/[;,.]+$/, '').replace(/,(?=\s*[)\]}])/g, '').replace(/(?<=[A-Za-z])[._](?=[A-Za-z])/g, '').replace(/\s+/g, '').toLowerCase();
}

/**
 * The removed lines an added line replaces: git's zero-context hunks put a hunk's removed lines at the
 * line where its added lines start.
 */
export function replacedLines(f: ChangedFile): (added: Line) => Line[] {
  const removedAt = new Map<number, Line[]>();
  for (const l of f.removed ?? []) removedAt.set(l.line, [...(removedAt.get(l.line) ?? []), l]);
  const addedAt = new Set(f.added.map((l) => l.line));
  return (l) => {
    let start = l.line;
    while (addedAt.has(start - 1)) start--;
    return removedAt.get(start) ?? [];
  };
}

/**
 * The moved or restyled lines of the change, as the very line objects of `files` (added and removed).
 * `code` says which lines are code a rule would read (not a comment, not a minified bundle's line).
 */
export function movedLines(files: readonly ChangedFile[], code: (text: string) => boolean): ReadonlySet<Line> {
  // Each line of code's skeleton, worked out once.
  const shapes = new Map<Line, string>();
  for (const f of files) {
    const indented = INDENTED.test(f.path);
    for (const l of [...f.added, ...(f.removed ?? [])]) if (code(l.text)) shapes.set(l, skeleton(l.text, indented));
  }
  // For each side, the files each skeleton appears in.
  const where = (side: (f: ChangedFile) => Line[]) => {
    const paths = new Map<string, Set<string>>();
    for (const f of files) {
      for (const l of side(f)) {
        const k = shapes.get(l);
        if (k !== undefined && k.length >= MIN_SKELETON) paths.set(k, (paths.get(k) ?? new Set()).add(f.path));
      }
    }
    return paths;
  };
  const addedIn = where((f) => f.added);
  const removedIn = where((f) => f.removed ?? []);
  const moved = new Set<Line>();
  for (const f of files) {
    // Added lines run in blocks of consecutive numbers; a hunk's removed lines all carry its line.
    for (const [lines, other, next] of [[f.added, removedIn, 1], [f.removed ?? [], addedIn, 0]] as const) {
      const inAnotherFile = (l: Line) => {
        const paths = other.get(shapes.get(l) ?? '');
        return paths !== undefined && (paths.size > 1 || !paths.has(f.path));
      };
      const blocks: Line[][] = [];
      for (const l of lines) {
        const last = blocks.at(-1)?.at(-1);
        if (last && l.line === last.line + next) blocks.at(-1)!.push(l);
        else blocks.push([l]);
      }
      for (const block of blocks) {
        const found = block.filter(inAnotherFile);
        if (found.length >= BLOCK) for (const l of found) moved.add(l);
      }
    }
    // Each hunk's removed lines by skeleton, so a long hunk is read once, not once per added line.
    const replaced = replacedLines(f);
    const hunks = new Map<Line[], Map<string, Line>>();
    for (const l of f.added) {
      const shape = shapes.get(l);
      const hunk = replaced(l);
      if (shape === undefined || hunk.length === 0) continue;
      let byShape = hunks.get(hunk);
      if (!byShape) hunks.set(hunk, byShape = new Map(hunk.flatMap((r) => shapes.has(r) ? [[shapes.get(r)!, r] as const] : [])));
      const old = byShape.get(shape);
      if (old && old.text !== l.text) { moved.add(l); moved.add(old); }
    }
  }
  return moved;
}
