/**
 * The `@openapi` annotation, the same in TypeScript and Go: a comment directly above a declaration
 *
 *   // @openapi #/components/schemas/Order      (a JSON pointer into the root spec)
 *   // @openapi Order                           (short for #/components/schemas/Order)
 *   /** @openapi #/paths/~1orders/post/requestBody/content/application~1json/schema *\/
 *   // @openapi off                             (never match this declaration, not even by name)
 *
 * ties the declaration to that schema whatever the name matching says.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const ANNOTATION = /@openapi[ \t]+(\S+)/;

export function annotationIn(comment: string): string | undefined {
  const m = ANNOTATION.exec(comment);
  return m?.[1]?.replace(/\*\/$/, '');
}

/** Code files under a folder: skips dependencies, build output and hidden folders. */

const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'vendor', 'testdata', 'coverage', 'out']);

export function codeFiles(dir: string, accept: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(p);
      } else if (e.isFile() && accept(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
