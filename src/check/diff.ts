/**
 * A git diff as data: each changed file with its status and the lines it adds (with their line
 * numbers in the new version). I/O edge over the git binary; everything after this is pure. One
 * `git diff` call gives statuses, renames and added lines together (each git process costs ~15 ms).
 */
import { assertRef, gitAsync, gitRoot, showFile, tryGit } from '../git/git.ts';
import { assertMergeBase, resolveCommit } from '../git/refs.ts';

export interface ChangedFile {
  path: string;
  /** For a rename or copy, where it came from. */
  from?: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed' | 'copied';
  /** Rename similarity (100 = a pure rename). */
  similarity?: number;
  added: { line: number; text: string }[];
  /** Lines it removes, each at the line of the new version where it was (a dropped column, a removed check). */
  removed?: { line: number; text: string }[];
  /** Old and new text of dependency manifests, which are compared as data. */
  before?: string | null;
  after?: string | null;
}

/**
 * The repository's top folder and both refs as commits; a missing ref is a usage error that says
 * what to fetch (and refs that share no history are one when the diff is read).
 */
export function resolveCheckout(cwd: string, base: string, head: string): Checkout {
  // The usual case in one git process (each costs ~15 ms): the top folder and both refs at once. The
  // refs cannot be read as options (assertRef). Anything else (a ref missing, a root commit's parent)
  // takes the careful path, which says what is wrong. Whether the two share history is left to
  // readDiff, whose `base...head` fails without a merge base.
  const [top, headSha, baseSha] = tryGit(['rev-parse', '--show-toplevel', `${assertRef(head, '--head')}^{commit}`, `${assertRef(base, '--base')}^{commit}`], cwd)?.trim().split('\n') ?? [];
  if (top && headSha && baseSha) return { root: top, base: baseSha, head: headSha, fromNothing: false };
  const root = gitRoot(cwd);
  const h = resolveCommit(root, head, '--head');
  const empty = beforeRoot(root, base);
  if (empty) return { root, base: empty, head: h, fromNothing: true };
  return { root, base: resolveCommit(root, base, '--base'), head: h, fromNothing: false };
}

export interface Checkout {
  root: string;
  base: string;
  head: string;
  /** `base` is the parent of a root commit (`ROOT~1`): the diff starts from the empty tree. */
  fromNothing: boolean;
}

/**
 * `REV~1` or `REV^` where REV is a root commit names the state before the first commit: git's empty
 * tree, so the first commit of a repository can be checked like any other. Null for anything else.
 */
function beforeRoot(root: string, base: string): string | null {
  const m = /^(.+?)(?:~1?|\^1?)$/.exec(base);
  if (!m || tryGit(['rev-parse', '--verify', '--quiet', `${base}^{commit}`], root)) return null;
  const rev = tryGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${m[1]}^{commit}`], root)?.trim();
  if (!rev || tryGit(['rev-list', '--max-parents=0', rev], root)?.trim() !== rev) return null;
  return tryGit(['hash-object', '-t', 'tree', '/dev/null'], root)?.trim() ?? null;
}

/**
 * Changes on `head` since it left `base` (`base...head`, as a pull request shows them; from the empty
 * tree, everything). Refs that share no history are a usage error that says what to fetch.
 */
export async function readDiff(cwd: string, checkout: Pick<Checkout, 'base' | 'head' | 'fromNothing'>, wantsText: (path: string) => boolean, names: { base: string; head: string }): Promise<ChangedFile[]> {
  const { base, head } = checkout;
  const range = checkout.fromNothing ? [base, head] : [`${base}...${head}`];
  const patch = await gitAsync(['-c', 'core.quotePath=false', 'diff', '-M', '-U0', '--no-color', '--no-ext-diff', '--src-prefix=a/', '--dst-prefix=b/', ...range], cwd).catch((e: unknown) => {
    if (!checkout.fromNothing) assertMergeBase(cwd, base, head, names);
    throw e;
  });
  const files = parsePatch(patch);
  for (const f of files) {
    if (!wantsText(f.path)) continue;
    f.before = f.status === 'added' ? null : showFile(cwd, base, f.from ?? f.path);
    f.after = f.status === 'deleted' ? null : showFile(cwd, head, f.path);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Parses `git diff -U0` output. Pure. */
export function parsePatch(patch: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  let f: ChangedFile | null = null;
  let gitLine = '';
  let line = 0;
  // Inside a hunk every line is content: an added line "++ x" shows as "+++ x" and is not a header.
  let inHunk = false;
  const finish = () => {
    if (!f) return;
    // A mode-only or binary change names its path only on the `diff --git a/X b/X` line.
    if (!f.path) {
      const both = gitLine.slice('diff --git a/'.length);
      f.path = both.slice(0, (both.length - 3) / 2);
    }
    files.push(f);
  };
  // Git ends a ---/+++ name that has a space in it with a tab, and C-quotes unusual names.
  const unquote = (raw: string) => {
    const p = raw.replace(/\t$/, '');
    return p.startsWith('"') ? unquoteC(p) : p;
  };
  for (const text of patch.split('\n')) {
    if (text.startsWith('diff --git ')) {
      finish();
      f = { path: '', status: 'modified', added: [], removed: [] };
      gitLine = text;
      inHunk = false;
    } else if (!f) {
      continue;
    } else if (text.startsWith('@@')) {
      line = Number(/\+(\d+)/.exec(text)?.[1] ?? 0);
      inHunk = true;
    } else if (inHunk) {
      if (text.startsWith('+')) f.added.push({ line: line++, text: text.slice(1) });
      else if (text.startsWith('-')) f.removed!.push({ line: Math.max(line, 1), text: text.slice(1) });
    } else if (text.startsWith('+++ ') && text !== '+++ /dev/null') {
      f.path = unquote(text.slice(4)).replace(/^b\//, '');
    } else if (text.startsWith('--- ') && text !== '--- /dev/null' && !f.path) {
      f.path = unquote(text.slice(4)).replace(/^a\//, '');
    } else if (text.startsWith('new file mode')) {
      f.status = 'added';
    } else if (text.startsWith('deleted file mode')) {
      f.status = 'deleted';
    } else if (text.startsWith('similarity index ')) {
      f.similarity = Number.parseInt(text.slice('similarity index '.length), 10);
    } else if (text.startsWith('rename from ') || text.startsWith('copy from ')) {
      f.status = text.startsWith('rename') ? 'renamed' : 'copied';
      f.from = unquote(text.slice(text.indexOf(' from ') + 6));
    } else if (text.startsWith('rename to ') || text.startsWith('copy to ')) {
      f.path = unquote(text.slice(text.indexOf(' to ') + 4));
    } else if (text.startsWith('Binary files ')) {
      const m = / and b\/(.*) differ$/.exec(text);
      if (m && !f.path) f.path = m[1]!;
    }
  }
  finish();
  return files;
}

/** Git's C-style quoting of unusual path names ("a\tb", "\303\251"): octal escapes are bytes. */
function unquoteC(quoted: string): string {
  const bytes: number[] = [];
  const body = quoted.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
    } else if (/[0-7]{3}/.test(body.slice(i + 1, i + 4))) {
      bytes.push(Number.parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[body[i + 1]!] ?? body.charCodeAt(i + 1));
      i++;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
