/**
 * A cap on the problems a text report prints, as ESLint's users expect: the most severe first, and
 * a line that says how many were left out and how to see them. The summary still counts them all.
 */
const RANK: Record<string, number> = { error: 0, breaking: 0, warning: 1, info: 2 };

/** All the items when they fit, else the `max` most severe, most severe first (stable within a severity). */
export function mostSevere<T extends { severity: string }>(items: readonly T[], max: number): readonly T[] {
  if (items.length <= max) return items;
  return [...items].sort((a, b) => (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3)).slice(0, max);
}

/** `… and 12 more problems (100 of 112 shown; …)`, or nothing when none was left out. */
export function hiddenLine(shown: number, total: number): string[] {
  const hidden = total - shown;
  return hidden > 0 ? [`… and ${hidden} more problem${hidden === 1 ? '' : 's'} (${shown} of ${total} shown; --max-problems raises the cap, --format json lists all)`] : [];
}
