/**
 * A git diff as data: each changed file with its status and the lines it adds (with their line
 * numbers in the new version). I/O edge over the git binary; everything after this is pure.
 */
import { git, showFile } from '../git/git.ts';

export interface ChangedFile {
  path: string;
  /** For a rename or copy, where it came from. */
  from?: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed';
  /** Rename similarity (100 = a pure rename). */
  similarity?: number;
  added: { line: number; text: string }[];
  /** Old and new text of dependency manifests, which are compared as data. */
  before?: string | null;
  after?: string | null;
}

const STATUS: Record<string, ChangedFile['status']> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'type-changed' };

/** Changes on `head` since it left `base` (`base...head`, as a pull request shows them). */
export function readDiff(cwd: string, base: string, head: string, wantsText: (path: string) => boolean): ChangedFile[] {
  // Resolve both refs first so a typo fails with git's own words.
  git(['rev-parse', '--verify', '--quiet', `${base}^{commit}`], cwd);
  git(['rev-parse', '--verify', '--quiet', `${head}^{commit}`], cwd);
  const range = `${base}...${head}`;
  const files = new Map<string, ChangedFile>();
  const fields = git(['diff', '--name-status', '-M', '-z', range], cwd).split('\0');
  for (let i = 0; i < fields.length - 1;) {
    const code = fields[i++]!;
    const status = STATUS[code[0]!] ?? 'modified';
    if (status === 'renamed' || status === 'copied') {
      const from = fields[i++]!;
      const path = fields[i++]!;
      files.set(path, { path, from, status, similarity: Number(code.slice(1)) || 0, added: [] });
    } else {
      const path = fields[i++]!;
      files.set(path, { path, status, added: [] });
    }
  }
  let current: ChangedFile | undefined;
  let line = 0;
  for (const text of git(['diff', '-M', '-U0', '--no-color', '--no-ext-diff', range], cwd).split('\n')) {
    if (text.startsWith('+++ ')) {
      const path = text.slice(4).replace(/^b\//, '');
      current = files.get(path);
    } else if (text.startsWith('@@')) {
      line = Number(/\+(\d+)/.exec(text)?.[1] ?? 0);
    } else if (current && text.startsWith('+')) {
      current.added.push({ line: line++, text: text.slice(1) });
    }
  }
  for (const f of files.values()) {
    if (!wantsText(f.path)) continue;
    f.before = f.status === 'added' ? null : showFile(cwd, base, f.from ?? f.path);
    f.after = f.status === 'deleted' ? null : showFile(cwd, head, f.path);
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}
