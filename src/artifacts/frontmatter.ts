/**
 * Splits a decoded artifact into YAML frontmatter and markdown body and parses the YAML with
 * positions. Problems become diagnostics; the body is still returned so the rest can be compiled.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Diagnostic } from '../diagnostics.ts';

export interface FrontmatterField {
  key: string;
  /** Plain JS value of the field (strings, numbers, booleans, arrays, objects). */
  value: unknown;
  line: number;
  column: number;
  /** Line of each item when the value is a list, so a bad tool can be pointed at. */
  itemLines: number[];
}

export interface SplitArtifact {
  /** Fields in file order; empty when there is no (valid) frontmatter. */
  fields: FrontmatterField[];
  hasFrontmatter: boolean;
  body: string;
  /** 1-based file line on which the body starts. */
  bodyLine: number;
  diagnostics: Diagnostic[];
}

const FENCE_LINE = /^---[ \t]*$/;
const CLOSE_LINE = /^(---|\.\.\.)[ \t]*$/;

export function splitFrontmatter(text: string, file: string): SplitArtifact {
  const diagnostics: Diagnostic[] = [];
  const lines = text.split('\n');
  if (!FENCE_LINE.test(lines[0] ?? '')) {
    // Frontmatter wrapped in a code fence (```prompt … ```) is a real mistake seen in the wild.
    if (/^`{3,}\w*[ \t]*$/.test(lines[0] ?? '') && FENCE_LINE.test(lines[1] ?? '')) {
      diagnostics.push({
        rule: 'frontmatter-fenced', severity: 'warning', file, line: 1, column: 1,
        message: 'the frontmatter is inside a code fence, so agent clients do not see it',
        fix: `Remove the opening fence on line 1 and its closing fence at the end of the file.`,
      });
    }
    return { fields: [], hasFrontmatter: false, body: text, bodyLine: 1, diagnostics };
  }
  let close = -1;
  for (let i = 1; i < lines.length; i++) {
    if (CLOSE_LINE.test(lines[i]!)) {
      close = i;
      break;
    }
  }
  if (close === -1) {
    diagnostics.push({
      rule: 'frontmatter-unterminated', severity: 'error', file, line: 1, column: 1,
      message: 'frontmatter opened with `---` on line 1 is never closed',
      fix: 'Add a line with `---` after the last frontmatter field.',
    });
    return { fields: [], hasFrontmatter: false, body: lines.slice(1).join('\n'), bodyLine: 2, diagnostics };
  }
  const yamlText = lines.slice(1, close).join('\n');
  const body = lines.slice(close + 1).join('\n');
  const bodyLine = close + 2;
  return { ...parseYamlFields(yamlText, file, 2, diagnostics), hasFrontmatter: true, body, bodyLine, diagnostics };
}

function parseYamlFields(
  yamlText: string, file: string, firstLine: number, diagnostics: Diagnostic[],
): { fields: FrontmatterField[] } {
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  const pos = (offset: number | undefined) => {
    const p = counter.linePos(offset ?? 0);
    return { line: p.line + firstLine - 1, column: p.col };
  };
  if (doc.errors.length > 0) {
    // One problem per frontmatter: after the first, the parser's further errors are echoes of it.
    // A key that runs onto the next line is really the next line's fault (a deeper indent there),
    // so that error is reported where it ends.
    const multiline = doc.errors.find((e) => e.code === 'MULTILINE_IMPLICIT_KEY');
    const e = multiline ?? doc.errors[0]!;
    const { line, column } = pos(multiline ? e.pos[1] : e.pos[0]);
    diagnostics.push({
      rule: 'yaml-invalid', severity: 'error', file, line, column,
      message: `invalid YAML in frontmatter: ${firstSentence(e.message)} (${e.code})`,
      fix: yamlFix(e.code),
    });
    return { fields: [] };
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { fields: [] };
  if (!isMap(root)) {
    const { line, column } = pos(root.range?.[0]);
    diagnostics.push({
      rule: 'frontmatter-not-mapping', severity: 'error', file, line, column,
      message: `frontmatter must be a YAML mapping of fields, but it is a ${isSeq(root) ? 'list' : 'scalar'}`,
      fix: 'Write the frontmatter as `key: value` lines, e.g. `name: my-agent`.',
    });
    return { fields: [] };
  }
  // Values come from the whole document so aliases resolve; an alias to nothing, or one that
  // expands without end, is a YAML error the parser only finds here.
  let values: Record<string, unknown>;
  try {
    values = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (e) {
    const { line, column } = pos(root.range?.[0]);
    diagnostics.push({
      rule: 'yaml-invalid', severity: 'error', file, line, column,
      message: `invalid YAML in frontmatter: ${firstSentence((e as Error).message)}`,
      fix: 'Define every `*alias` with an `&anchor` before it, and do not nest aliases into a large expansion.',
    });
    return { fields: [] };
  }
  const fields: FrontmatterField[] = [];
  for (const pair of root.items) {
    const keyNode = pair.key as YamlNode | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    const { line, column } = pos(keyNode?.range?.[0]);
    const valueNode = pair.value as YamlNode | null;
    const itemLines = isSeq(valueNode)
      ? valueNode.items.map((it) => pos((it as YamlNode | null)?.range?.[0] ?? valueNode.range?.[0]).line)
      : [];
    fields.push({ key, value: values[key] ?? null, line, column, itemLines });
  }
  return { fields };
}

function firstSentence(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function yamlFix(code: string): string {
  switch (code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'A plain value containing ": " starts a nested key: wrap the value in quotes, or fix the indentation of the line above.';
    case 'DUPLICATE_KEY':
      return 'Remove one of the two fields with the same name.';
    case 'BAD_INDENT':
    case 'UNEXPECTED_TOKEN':
      return 'Check the indentation: every key of a list entry must line up under the first one.';
    default:
      return 'Fix the YAML syntax; quoting the value usually helps.';
  }
}
