/**
 * The routing lexicon: every term of the operating model (trigger words, task-type words, area
 * words, modifiers) compiled into stemmed token sequences, so "migrate", "migrations" and
 * "migrating" all meet the term "migration", and "ALTER TABLE" matches as two words. Pure.
 */
import { stemmer } from 'stemmer';

export interface Token {
  stem: string;
  word: string;
  /** Offset of the word in the original text, to quote it back. */
  start: number;
  end: number;
}

/** Words split at anything but letters and digits (so `low-stock`, `CI/CD` are two words each). */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    tokens.push({ stem: stemmer(m[0].toLowerCase()), word: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

export interface LexiconEntry {
  /** What the term belongs to, e.g. `trigger`, `type`, `area`, `modifier`. */
  group: string;
  /** The id inside the group, e.g. `payments`, `bug`, `backend`, `unclear`. */
  id: string;
  /** The term as the playbook wrote it. */
  term: string;
  stems: string[];
  exact?: string[];
}

export interface Lexicon {
  /** Entries by the stem of their first word. */
  byFirst: Map<string, LexiconEntry[]>;
}

export interface LexiconMatch {
  entry: LexiconEntry;
  /** The words of the text that matched, as written. */
  words: string;
  start: number;
}

export function compileLexicon(groups: Record<string, Record<string, readonly string[]>>): Lexicon {
  const byFirst = new Map<string, LexiconEntry[]>();
  for (const [group, ids] of Object.entries(groups)) {
    for (const [id, terms] of Object.entries(ids)) {
      for (const term of terms) {
        const toks = tokenize(term);
        const stems = toks.map((t) => t.stem);
        // `=response` matches that word only (not "responsive"); a capitalised term (`Stripe`) is exact too.
        const exact = /^[A-Z][a-z]/.test(term) || term.startsWith('=') ? toks.map((t) => t.word) : undefined;
        if (stems.length === 0) continue;
        const list = byFirst.get(stems[0]!) ?? [];
        list.push({ group, id, term, stems, ...(exact ? { exact } : {}) });
        byFirst.set(stems[0]!, list);
      }
    }
  }
  return { byFirst };
}

/** Every occurrence of every term in the text, in text order. */
export function matchLexicon(lexicon: Lexicon, text: string): LexiconMatch[] {
  const tokens = tokenize(text);
  const out: LexiconMatch[] = [];
  tokens.forEach((tok, i) => {
    const seen = new Set<string>();
    for (const entry of lexicon.byFirst.get(tok.stem) ?? []) {
      if (i + entry.stems.length > tokens.length) continue;
      if (!entry.stems.every((s, k) => tokens[i + k]!.stem === s)) continue;
      if (entry.exact && !entry.exact.every((w, k) => tokens[i + k]!.word === w)) continue;
      // Two terms of one id with the same stem ("migrate", "migration") are one match.
      const key = `${entry.group}:${entry.id}:${entry.stems.length}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const last = tokens[i + entry.stems.length - 1]!;
      out.push({ entry, words: text.slice(tok.start, last.end), start: tok.start });
    }
  });
  return out;
}
