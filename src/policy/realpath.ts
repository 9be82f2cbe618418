/**
 * Where a path really goes: the real path of its deepest existing part, with the rest appended, so a
 * file about to be created under a symlinked folder is judged by where the folder points. I/O edge.
 */
import { realpathSync } from 'node:fs';
import { posix } from 'node:path';
import type { RealPath } from './paths.ts';

export const realpathDeepest: RealPath = (absolute) => {
  let head = absolute;
  const tail: string[] = [];
  for (;;) {
    try {
      const real = realpathSync.native(head);
      return tail.length ? posix.join(real, ...tail.reverse()) : real;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A link loop or an unreadable part: treat as pointing nowhere safe.
      if (code === 'ELOOP') return '/dev/null/loop';
      const parent = posix.dirname(head);
      if (parent === head) return null;
      tail.push(posix.basename(head));
      head = parent;
    }
  }
};
