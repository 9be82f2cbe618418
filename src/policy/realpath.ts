/**
 * Where a path really goes: the real path of its deepest existing part, with the rest appended, so a
 * file about to be created under a symlinked folder is judged by where the folder points. A dangling
 * link is followed by its text (writing through it would create the file where it points), and a
 * link loop resolves to a place outside any workspace. I/O edge.
 */
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { posix } from 'node:path';
import type { RealPath } from './paths.ts';

/** Where a loop "goes": never inside a workspace. */
const LOOP = '/dev/null/symlink-loop';
const MAX_HOPS = 40;

export const realpathDeepest: RealPath = (absolute) => resolveDeep(absolute, 0);

function resolveDeep(absolute: string, hops: number): string | null {
  if (hops > MAX_HOPS) return LOOP;
  let head = absolute;
  const tail: string[] = [];
  const withTail = (real: string) => (tail.length ? posix.join(real, ...[...tail].reverse()) : real);
  for (;;) {
    // lstat first: a thrown ENOENT from realpath costs several times a stat.
    let st;
    try {
      st = lstatSync(head, { throwIfNoEntry: false });
    } catch (e) {
      // A path through a loop (ELOOP), under a file (ENOTDIR), or with a name too long to exist.
      if ((e as NodeJS.ErrnoException).code === 'ELOOP') return LOOP;
      st = undefined;
    }
    if (st) {
      try {
        return withTail(realpathSync.native(head));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ELOOP') return LOOP;
        if (!st.isSymbolicLink()) return null;
        // A dangling link: follow its text.
        return resolveDeep(withTail(posix.resolve(posix.dirname(head), readlinkSync(head))), hops + 1);
      }
    }
    const parent = posix.dirname(head);
    if (parent === head) return null;
    tail.push(posix.basename(head));
    head = parent;
  }
}
