/**
 * Reading a small YAML settings file of the repository (approvals, product owners) against its
 * schema. Every problem is a UsageError naming the file, line and column, and what to write instead.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type * as z from 'zod/mini';
import { UsageError } from './errors.ts';

export interface ConfigFile {
  /** Repository-relative path, for messages. */
  path: string;
  /** Error code stem, e.g. `bad-approvals`. */
  code: string;
  /** What a valid file looks like, shown with every error. */
  hint: string;
}

/**
 * The parsed file, or null when it does not exist. `content` is the file's text when it was read
 * elsewhere (from a git commit); null there means the file does not exist at that commit.
 */
export function readYamlConfig<T>(root: string, file: ConfigFile, schema: z.ZodMiniType<T>, content?: string | null): T | null {
  let text: string;
  if (content !== undefined) {
    if (content === null) return null;
    text = content;
  } else {
    try {
      text = readFileSync(join(root, file.path), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new UsageError(file.code, `cannot read ${file.path}: ${(e as Error).message}`, file.hint);
    }
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined) => {
    const p = counter.linePos(offset ?? 0);
    return `${file.path}:${p.line}:${p.col}`;
  };
  const yamlError = doc.errors[0];
  if (yamlError) throw new UsageError(file.code, `${at(yamlError.pos[0])}: invalid YAML: ${yamlError.message.split('\n')[0]}`, file.hint);
  const parsed = schema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  let node: YamlNode | undefined;
  for (let i = issue.path.length; i >= 0 && !node; i--) {
    const n = i === 0 ? doc.contents : doc.getIn(issue.path.slice(0, i), true);
    if (n && typeof n === 'object' && 'range' in n) node = n as YamlNode;
  }
  throw new UsageError(file.code, `${at(node?.range?.[0])}: ${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`, file.hint);
}
