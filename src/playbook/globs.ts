/**
 * How the playbook's path globs (areas, change signals, protected and gated paths) match paths:
 * one definition for routing, `kao check` and the policy engine, so a path one of them treats as a
 * migration the others do too. Dotfiles match; case does not matter (`DB/Migrations/x.sql` is a
 * migration, and `.GIT/config` is git's on a case-insensitive file system).
 */
import picomatch from 'picomatch';

export type PathMatcher = (path: string) => boolean;

export function pathMatcher(globs: readonly string[]): PathMatcher {
  return picomatch([...globs], { dot: true, nocase: true });
}
