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
import { listFiles } from '../../../fs-walk.ts';

const ANNOTATION = /@openapi[ \t]+(\S+)/;

export function annotationIn(comment: string): string | undefined {
  const m = ANNOTATION.exec(comment);
  return m?.[1]?.replace(/\*\/$/, '');
}

/** Code files under a folder: skips dependencies, build output and hidden folders. */
export function codeFiles(dir: string, accept: (name: string) => boolean): string[] {
  return listFiles(dir, { accept });
}
