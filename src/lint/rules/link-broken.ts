/**
 * Links in the playbook's own files must point at files that exist. Broken SSOT links are the most
 * common drift: the rule file promises a source of truth the checkout does not have.
 */
import { existsSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import type { Diagnostic } from '../../diagnostics.ts';
import type { LintRule } from '../rule.ts';

export const linkBroken: LintRule = {
  emits: ['link-broken'],
  check(pb) {
    const out: Diagnostic[] = [];
    for (const { artifact, origin } of pb.artifacts) {
      if (origin !== 'repo') continue;
      const fileDir = posix.dirname(artifact.file);
      for (const link of artifact.links) {
        const target = localTarget(link.url);
        if (target === null) continue;
        const fromRoot = target.startsWith('/');
        const resolved = fromRoot ? posix.normalize(target.slice(1)) : posix.join(fileDir, target);
        if (existsSync(join(pb.root, resolved))) continue;
        // `.github/…` written inside `.github/agents/` reads as a path from the repository root.
        const rootRelative = !fromRoot && (existsSync(join(pb.root, posix.normalize(target))) || (fileDir !== '.' && target.startsWith(`${fileDir.split('/')[0]}/`)));
        out.push({
          rule: 'link-broken', severity: 'error', file: artifact.file, line: link.line, column: link.column,
          message: `link "${link.text}" points at \`${resolved}\`, which does not exist`,
          fix: rootRelative
            ? `The path is written from the repository root, but links resolve from the file's folder: write \`${toPosix(relative(join(pb.root, fileDir), join(pb.root, target)))}\` (and make sure that file exists).`
            : 'Create the file, fix the path, or remove the link (a missing single source of truth is drift).',
        });
      }
    }
    return out;
  },
};

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
