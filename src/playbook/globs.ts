/**
 * How the playbook's path globs (areas, change signals, protected and gated paths) match paths:
 * one definition for routing, `kao check` and the policy engine, so a path one of them treats as a
 * migration the others do too. Dotfiles match; case does not matter (`DB/Migrations/x.sql` is a
 * migration, and `.GIT/config` is git's on a case-insensitive file system).
 */
import { createRequire } from 'node:module';
import picomatch from 'picomatch';

export type PathMatcher = (path: string) => boolean;

export function pathMatcher(globs: readonly string[]): PathMatcher {
  if (globs.length === 0) return () => false;
  // One regular expression for the whole list: testing it once is several times faster than
  // trying each glob's own (the policy engine matches every path against lists of forty).
  const options = { dot: true, nocase: true };
  const parts = globs.map((g) => picomatch.makeRe(g, options).source);
  const re = new RegExp(parts.map((p) => `(?:${p})`).join('|'), 'i');
  return (path) => re.test(path.startsWith('./') ? path.slice(2) : path);
}

/**
 * An instructions file's `applyTo`, matched as VS Code matches it: a relative glob is found at any
 * depth, as if it began with a globstar folder (`go.mod` matches `services/api/go.mod`).
 */
export function applyToMatcher(glob: string): PathMatcher {
  const anywhere = glob.startsWith('**/') ? glob : `**/${glob.replace(/^\.\//, '')}`;
  return picomatch(anywhere, { dot: true });
}

/** picomatch itself, for globs matched with other options (the shell's: dotfiles only by a dot). */
export function picomatchModule(): typeof picomatch {
  return picomatch;
}

type BraceExpander = (pattern: string, options: { expand: boolean; rangeLimit: number }) => string[];
let expander: BraceExpander | undefined;

/** The `braces` package (picomatch's own brace expander), loaded when a command first needs it. */
export function braces(): BraceExpander {
  expander ??= createRequire(import.meta.url)('braces') as BraceExpander;
  return expander;
}
