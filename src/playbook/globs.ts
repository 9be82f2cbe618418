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
  const re = new RegExp(globs.map((g) => `(?:${globSource(g)})`).join('|'), 'i');
  return (path) => re.test(path.startsWith('./') ? path.slice(2) : path);
}

/** Each glob is translated once per process: the model's rules share their test and template globs. */
const sources = new Map<string, string>();
function globSource(glob: string): string {
  let source = sources.get(glob);
  if (source === undefined) {
    source = picomatch.makeRe(glob, { dot: true, nocase: true }).source;
    sources.set(glob, source);
  }
  return source;
}

/**
 * Package names (`rrweb`, `@amplitude/*`): plain names are looked up, and only the few with a
 * wildcard are globs, so a list of forty costs nothing to build.
 */
export function nameMatcher(names: readonly string[]): PathMatcher {
  const isGlob = (n: string) => /[*?{[]/.test(n);
  const exact = new Set(names.filter((n) => !isGlob(n)).map((n) => n.toLowerCase()));
  const globs = names.filter(isGlob);
  let wild: PathMatcher | undefined;
  return (name) => exact.has(name.toLowerCase()) || (globs.length > 0 && (wild ??= pathMatcher(globs))(name));
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
