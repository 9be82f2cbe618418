/**
 * Links in the playbook must point at files that exist. Broken SSOT links are the most common
 * drift: the rule file promises a source of truth the checkout does not have. The check follows the
 * playbook into the markdown files it links to (a skill's references, the OS document) and checks
 * their links too, and when the missing file's name exists elsewhere it says where.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import type { Diagnostic } from '../../diagnostics.ts';
import { parseMarkdown, type MdLink } from '../../artifacts/markdown.ts';
import type { LintRule } from '../rule.ts';

/** Linked markdown files larger than this are not read for further links (they are documents, not playbook). */
const MAX_LINKED_BYTES = 1024 * 1024;

export const linkBroken: LintRule = {
  emits: ['link-broken'],
  check(pb) {
    const out: Diagnostic[] = [];
    const byName = new Map<string, string[]>();
    for (const f of pb.files) {
      const name = posix.basename(f).toLowerCase();
      byName.set(name, [...(byName.get(name) ?? []), f]);
    }
    const queue: { file: string; links: readonly MdLink[] }[] = pb.artifacts.filter((a) => a.origin === 'repo').map(({ artifact }) => ({ file: artifact.file, links: artifact.links }));
    const seen = new Set(queue.map((q) => q.file));
    while (queue.length > 0) {
      const { file, links } = queue.shift()!;
      const fileDir = posix.dirname(file);
      for (const link of links) {
        const target = localTarget(link.url);
        if (target === null) continue;
        const fromRoot = target.startsWith('/');
        const resolved = fromRoot ? posix.normalize(target.slice(1)) : posix.join(fileDir, target);
        if (existsSync(join(pb.root, resolved))) {
          // Followed only inside the repository: a file elsewhere is not the playbook's.
          const next = resolved.startsWith('../') ? null : linkedMarkdown(pb.root, resolved);
          if (next && !seen.has(resolved)) {
            seen.add(resolved);
            queue.push({ file: resolved, links: next });
          }
          continue;
        }
        out.push({
          rule: 'link-broken', severity: 'error', file, line: link.line, column: link.column,
          message: `link "${link.text}" points at \`${resolved}\`, which does not exist`,
          fix: fixFor(pb.root, fileDir, target, fromRoot, byName.get(posix.basename(resolved).toLowerCase()) ?? []),
        });
      }
    }
    return out;
  },
};

function fixFor(root: string, fileDir: string, target: string, fromRoot: boolean, sameName: readonly string[]): string {
  const linkTo = (repoPath: string) => toPosix(relative(join(root, fileDir), join(root, repoPath)));
  // `.github/…` written inside `.github/agents/` reads as a path from the repository root.
  const rootRelative = !fromRoot && (existsSync(join(root, posix.normalize(target))) || (fileDir !== '.' && target.startsWith(`${fileDir.split('/')[0]}/`)));
  if (rootRelative) return `The path is written from the repository root, but links resolve from the file's folder: write \`${linkTo(posix.normalize(target))}\` (and make sure that file exists).`;
  if (sameName.length > 0 && sameName.length <= 3) return `Did you mean ${sameName.map((f) => `\`${linkTo(f)}\``).join(' or ')}? A file of that name is there.`;
  return 'Create the file, fix the path, or remove the link (a missing single source of truth is drift).';
}

/** The links of a linked markdown file in the repository, or null when it is not one to follow. */
function linkedMarkdown(root: string, path: string): MdLink[] | null {
  if (!/\.(md|markdown)$/i.test(path)) return null;
  try {
    const full = join(root, path);
    if (!statSync(full).isFile() || statSync(full).size > MAX_LINKED_BYTES) return null;
    return parseMarkdown(readFileSync(full, 'utf8'), 1, 'links').links;
  } catch {
    return null;
  }
}

/** The local file path of a link, or null for web links, mail links and in-page anchors. */
function localTarget(url: string): string | null {
  if (url === '' || url.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(url)) return null;
  const path = url.replace(/[?#].*$/, '');
  if (path === '') return null;
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}
