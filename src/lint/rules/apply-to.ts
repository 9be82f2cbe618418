/**
 * An instructions file's `applyTo` globs decide when it is attached. An invalid glob, or globs of
 * which none matches a file (matched as VS Code matches them: at any depth), mean the instructions
 * silently never apply. One glob of several matching nothing is only worth a note.
 */
import picomatch from 'picomatch';
import { applyToMatcher } from '../../playbook/globs.ts';
import type { Diagnostic } from '../../diagnostics.ts';
import type { LintRule } from '../rule.ts';

function globProblem(glob: string): string | null {
  if (glob.startsWith('/') || /^[a-z]:[\\/]/i.test(glob)) return 'is an absolute path; globs are relative to the repository root';
  if (glob.split('/').includes('..')) return 'climbs out of the repository with `..`';
  let depth = 0;
  for (const [open, close] of [['{', '}'], ['[', ']'], ['(', ')']] as const) {
    depth = 0;
    for (const ch of glob) {
      if (ch === open) depth++;
      else if (ch === close && --depth < 0) break;
    }
    if (depth !== 0) return `has an unbalanced \`${open}${close}\``;
  }
  try {
    picomatch.makeRe(glob, { strictBrackets: true });
  } catch (e) {
    return `is not a valid glob (${(e as Error).message})`;
  }
  return null;
}

export const applyToGlobs: LintRule = {
  emits: ['applyto-invalid', 'applyto-no-match'],
  check(pb) {
    const out: Diagnostic[] = [];
    for (const { artifact, origin } of pb.artifacts) {
      if (origin !== 'repo' || artifact.kind !== 'instructions') continue;
      const at = { file: artifact.file, line: artifact.applyToLine, column: 1 };
      const unmatched: string[] = [];
      let valid = 0;
      for (const glob of artifact.applyTo) {
        const problem = globProblem(glob);
        if (problem) {
          out.push({ rule: 'applyto-invalid', severity: 'error', ...at, message: `applyTo glob \`${glob}\` ${problem}`, fix: 'Write a glob relative to the repository root, e.g. `src/**/*.ts`.' });
          continue;
        }
        valid++;
        const match = applyToMatcher(glob);
        if (!pb.files.some((f) => match(f))) unmatched.push(glob);
      }
      if (unmatched.length === 0) continue;
      const list = unmatched.map((g) => `\`${g}\``).join(', ');
      if (unmatched.length === valid) {
        out.push({ rule: 'applyto-no-match', severity: 'warning', ...at, message: `applyTo ${unmatched.length === 1 ? 'glob' : 'globs'} ${list} ${unmatched.length === 1 ? 'matches' : 'match'} no file in the repository, so these instructions never apply`, fix: 'Correct the glob, or remove the instructions file if the code it was for is gone.' });
      } else {
        out.push({ rule: 'applyto-no-match', severity: 'info', ...at, message: `applyTo ${unmatched.length === 1 ? 'glob' : 'globs'} ${list} ${unmatched.length === 1 ? 'matches' : 'match'} no file (the file's other globs do, so it still applies)`, fix: 'Drop the glob, or correct it.' });
      }
    }
    return out;
  },
};
