/**
 * The repository area map: which paths are backend, web, infra, i18n… Pure. The operating model's
 * `areas` globs are the configuration, and its defaults already cover common layouts; detection
 * reports which areas a repository actually has and where, so a user can see what the map found.
 */
import { pathMatcher } from './globs.ts';

export type AreaMatcher = (path: string) => string | null;

/** The first area whose globs match the path wins (the model lists areas most specific first). */
export function areaMatcher(areas: Record<string, string[]>): AreaMatcher {
  const tests = Object.entries(areas).map(([area, globs]) => [area, pathMatcher(globs)] as const);
  return (path) => tests.find(([, test]) => test(path))?.[0] ?? null;
}

export interface DetectedArea {
  area: string;
  files: number;
  /** The top-level folders (or root files) the area's files sit in, most files first. */
  roots: string[];
}

export function detectAreas(files: readonly string[], areas: Record<string, string[]>): DetectedArea[] {
  const areaOf = areaMatcher(areas);
  const found = new Map<string, Map<string, number>>();
  for (const f of files) {
    const area = areaOf(f);
    if (!area) continue;
    const top = f.includes('/') ? `${f.slice(0, f.indexOf('/'))}/` : f;
    const roots = found.get(area) ?? new Map<string, number>();
    roots.set(top, (roots.get(top) ?? 0) + 1);
    found.set(area, roots);
  }
  return Object.keys(areas)
    .filter((a) => found.has(a))
    .map((area) => {
      const roots = found.get(area)!;
      return {
        area,
        files: [...roots.values()].reduce((a, b) => a + b, 0),
        roots: [...roots].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([r]) => r),
      };
    });
}
