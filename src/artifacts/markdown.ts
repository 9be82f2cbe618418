/**
 * Markdown body → a small document model: sections by heading, list items (task-list state kept),
 * tables as rows, paragraphs and links, each with its file line. Built on a real CommonMark + GFM
 * parser (micromark via mdast), so `---` breaks, nested fences and HTML comments are not traps.
 */
import type { List, ListItem, Nodes, Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toString } from 'mdast-util-to-string';
import { gfm } from 'micromark-extension-gfm';

export interface MdLink {
  text: string;
  url: string;
  line: number;
  column: number;
}

export interface MdItem {
  text: string;
  line: number;
  /** `true`/`false` for `- [x]`/`- [ ]` task items, `null` for plain bullets. */
  checked: boolean | null;
  /** Inline code spans, in order (`read`, `domain/**` …). */
  codes: string[];
  /** Bold spans, in order. */
  strong: string[];
}

export interface MdParagraph {
  text: string;
  line: number;
  strong: string[];
}

export interface MdTable {
  line: number;
  header: string[];
  rows: { cells: string[]; line: number }[];
}

export interface MdSection {
  title: string;
  /** Heading depth 1–6; 0 for the part before the first heading. */
  depth: number;
  line: number;
  items: MdItem[];
  paragraphs: MdParagraph[];
  tables: MdTable[];
  links: MdLink[];
  children: MdSection[];
}

export interface MdDocument {
  /** Pseudo-section of depth 0 holding everything; real sections are its descendants. */
  root: MdSection;
  /** Every link of the body in document order. */
  links: MdLink[];
}

export function parseMarkdown(body: string, firstLine: number): MdDocument {
  const tree: Root = fromMarkdown(body, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const lineOf = (n: Nodes) => (n.position?.start.line ?? 1) + firstLine - 1;
  const root = newSection('', 0, firstLine);
  const stack: MdSection[] = [root];
  const links: MdLink[] = [];

  for (const node of tree.children) {
    if (node.type === 'heading') {
      while (stack.length > 1 && stack[stack.length - 1]!.depth >= node.depth) stack.pop();
      const section = newSection(toString(node).trim(), node.depth, lineOf(node));
      stack[stack.length - 1]!.children.push(section);
      stack.push(section);
      collectLinks(node, section);
      continue;
    }
    const section = stack[stack.length - 1]!;
    if (node.type === 'list') addList(node, section);
    else if (node.type === 'table') section.tables.push(tableOf(node));
    else if (node.type === 'paragraph') section.paragraphs.push({ text: toString(node).trim(), line: lineOf(node), strong: spans(node, 'strong') });
    collectLinks(node, section);
  }
  return { root, links };

  function addList(list: List, section: MdSection) {
    for (const item of list.children) {
      const own = item.children.filter((c) => c.type !== 'list');
      section.items.push({
        text: own.map((c) => toString(c)).join(' ').replace(/\s+/g, ' ').trim(),
        line: lineOf(item),
        checked: item.checked ?? null,
        codes: own.flatMap((c) => spans(c, 'inlineCode')),
        strong: own.flatMap((c) => spans(c, 'strong')),
      });
      for (const nested of item.children) if (nested.type === 'list') addList(nested, section);
    }
  }

  function tableOf(table: Table): MdTable {
    const [head, ...rows] = table.children;
    const cells = (r: (typeof table.children)[number]) => r.children.map((c) => toString(c).trim());
    return {
      line: lineOf(table),
      header: head ? cells(head) : [],
      rows: rows.map((r) => ({ cells: cells(r), line: lineOf(r) })),
    };
  }

  function collectLinks(node: RootContent | ListItem, section: MdSection) {
    visit(node, (n) => {
      if (n.type === 'link' || n.type === 'definition') {
        const link: MdLink = {
          text: n.type === 'link' ? toString(n).trim() : n.label ?? n.identifier,
          url: n.url,
          line: lineOf(n),
          column: n.position?.start.column ?? 1,
        };
        links.push(link);
        section.links.push(link);
      }
    });
  }
}

function newSection(title: string, depth: number, line: number): MdSection {
  return { title, depth, line, items: [], paragraphs: [], tables: [], links: [], children: [] };
}

function visit(node: Nodes, fn: (n: Nodes) => void): void {
  fn(node);
  if ('children' in node) for (const c of node.children as Nodes[]) visit(c, fn);
}

function spans(node: Nodes, type: 'strong' | 'inlineCode'): string[] {
  const out: string[] = [];
  visit(node, (n) => {
    if (n.type === type) out.push(n.type === 'inlineCode' ? n.value : toString(n).trim());
  });
  return out;
}

/** Every section below `section`, depth-first, in document order. */
export function* allSections(section: MdSection): Generator<MdSection> {
  for (const child of section.children) {
    yield child;
    yield* allSections(child);
  }
}

/** The section and all its descendants' items (a gate's checklist may sit under sub-headings). */
export function deepItems(section: MdSection): MdItem[] {
  return [section, ...allSections(section)].flatMap((s) => s.items);
}

export function deepLinks(section: MdSection): MdLink[] {
  return [section, ...allSections(section)].flatMap((s) => s.links);
}
