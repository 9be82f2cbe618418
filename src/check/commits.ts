/**
 * Conventional-commit subjects (`fix:`, `feat(billing):`, `chore(deps)!:`) as signals for `kao check`:
 * the kind of change when the paths alone do not say, the scope's words as triggers (billing →
 * payments, auth → auth), and `!` or a `BREAKING CHANGE:` footer as a breaking change. Evidence names
 * the commit. Pure.
 * https://www.conventionalcommits.org/en/v1.0.0/
 */
import type { OperatingModel } from '../playbook/operating-model.ts';
import { compileLexicon, matchLexicon } from '../router/lexicon.ts';

export interface Commit { sha: string; subject: string; body?: string }

export interface CommitSignals {
  /** The task type the commits agree on, with the commits that say so. */
  type: { id: string; evidence: string[] } | null;
  /** Triggers their scopes (and `!`) name, with `sha type(scope)` evidence. */
  triggers: Map<string, string[]>;
}

const TYPES: Record<string, string> = {
  feat: 'feature', fix: 'bug', refactor: 'refactor', perf: 'refactor', docs: 'content', test: 'testing', tests: 'testing',
  ci: 'devops', build: 'devops', chore: 'chore', style: 'chore', revert: 'chore', i18n: 'i18n',
};

const SUBJECT = /^([a-z]+)(?:\(([^)]+)\))?(!)?:\s/i;
/** The spec's footer (`BREAKING CHANGE:`, `BREAKING-CHANGE:`) and the shorter `BREAKING:` authors also write. */
const BREAKING_FOOTER = /^BREAKING(?:[ -]CHANGE)?:\s*(.*)$/m;

export function commitSignals(commits: readonly Commit[], model: OperatingModel): CommitSignals {
  const lexicon = compileLexicon({ trigger: Object.fromEntries(model.triggers.map((t) => [t.id, t.terms])) });
  const triggers = new Map<string, string[]>();
  const types = new Map<string, string[]>();
  const breaking = model.triggers.some((t) => t.id === 'breaking-contract');
  const markBreaking = (evidence: string) => triggers.set('breaking-contract', [...(triggers.get('breaking-contract') ?? []), evidence]);
  for (const c of commits) {
    // The footer counts whatever the subject looks like: the author says the change breaks.
    const footer = breaking && c.body ? BREAKING_FOOTER.exec(c.body) : null;
    if (footer) markBreaking(`${c.sha.slice(0, 7)} ${footer[0].trim().slice(0, 120)}`);
    const m = SUBJECT.exec(c.subject);
    if (!m) continue;
    const head = `${c.sha.slice(0, 7)} ${m[0].trim()}`;
    const type = TYPES[m[1]!.toLowerCase()];
    if (type) types.set(type, [...(types.get(type) ?? []), head]);
    // `deps` is how chore(deps) and build(deps) name dependency updates.
    const scope = (m[2] ?? '').replace(/\bdeps?\b/gi, 'dependencies');
    // A scope names an area when the whole of one of its parts is a term: `billing`, `auth`, `api-keys`.
    // A part that only contains one names something else (`member_session`, `merchant-migration`).
    for (const part of scope.split(/[\s,/]+/).filter(Boolean)) {
      for (const hit of matchLexicon(lexicon, part)) {
        if (hit.start === 0 && hit.words.length === part.length) triggers.set(hit.entry.id, [...new Set([...(triggers.get(hit.entry.id) ?? []), head])]);
      }
    }
    if (m[3] && breaking) markBreaking(`${head} (marked breaking)`);
  }
  // One kind of change across the commits is a signal; a mix says nothing.
  const only = types.size === 1 ? [...types][0]! : null;
  return { type: only ? { id: only[0], evidence: only[1] } : null, triggers };
}
