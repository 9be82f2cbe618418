/**
 * Markdown body → a small document model: sections by heading, list items (task-list state kept),
 * tables as rows, paragraphs and links, each with its file line. Built on markdown-it, a real
 * CommonMark parser with GFM tables, so `---` breaks, nested fences and HTML comments are not traps.
 * (micromark was 12× slower on our corpus; see BENCHMARKS.md.)
 */
import MarkdownIt, { type Token } from 'markdown-it';

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

const md = new MarkdownIt({ html: true, linkify: false });
// Inline parsing is run by parseMarkdown itself, only on the text that needs it (see `detail`).
md.core.ruler.disable('inline');

/**
 * markdown-it's inline tokens carry no source position. Wrapping the `link` and `autolink` rules
 * records where in the inline source each link starts (`meta.start`), so links spread over lines,
 * after code spans or images, or side by side on one line get their exact line and column.
 */
for (const name of ['link', 'autolink']) {
  const rule = md.inline.ruler.getRules('').find((fn) => fn.name === name);
  if (!rule) continue;
  md.inline.ruler.at(name, (state, silent) => {
    const start = state.pos;
    const first = state.tokens.length;
    const matched = rule(state, silent);
    if (matched && !silent) {
      const open = state.tokens.slice(first).find((t) => t.type === 'link_open');
      if (open) open.meta = { ...open.meta, start };
    }
    return matched;
  });
}

/** Plain text, code spans, bold spans and links of one inline token. */
interface InlineText {
  text: string;
  codes: string[];
  strong: string[];
  links: MdLink[];
}

interface OpenItem {
  line: number;
  parts: InlineText[];
}

const TASK = /^\[([ xX])\]\s+/;

/**
 * `full`: every inline span is parsed (role files: their items' code and bold spans matter).
 * `links`: only text that can hold a link is (instructions, prompts, skills, AGENTS.md, where links
 * and headings are all the compiler reads) — most of the parsing time of a large corpus.
 */
export type MarkdownDetail = 'full' | 'links';

export function parseMarkdown(body: string, firstLine: number, detail: MarkdownDetail = 'full'): MdDocument {
  const env = {};
  const tokens = md.parse(body, env);
  for (const t of tokens) {
    if (t.type !== 'inline') continue;
    if (detail === 'full' || t.content.includes('[') || t.content.includes('<')) {
      t.children = [];
      md.inline.parse(t.content, md, env, t.children);
    } else {
      t.children = null;
    }
  }
  const sourceLines = body.split('\n');
  const root = newSection('', 0, firstLine);
  const stack: MdSection[] = [root];
  const links: MdLink[] = [];
  const items: OpenItem[] = [];
  let table: MdTable | null = null;
  let row: { cells: string[]; line: number } | null = null;
  let inHead = false;
  const current = () => stack[stack.length - 1]!;
  // Inline tokens inside table cells carry no line map; they sit on the line of their row.
  let lastLine = 0;
  const lineOf = (t: Token) => {
    if (t.map) lastLine = t.map[0];
    return lastLine + firstLine;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    switch (t.type) {
      case 'heading_open': {
        const depth = Number(t.tag.slice(1));
        const inline = readInline(tokens[i + 1], sourceLines, firstLine, lastLine);
        while (stack.length > 1 && current().depth >= depth) stack.pop();
        const section = newSection(inline.text, depth, lineOf(t));
        current().children.push(section);
        stack.push(section);
        addLinks(inline.links);
        i += 2;
        break;
      }
      case 'list_item_open':
        items.push({ line: lineOf(t), parts: [] });
        break;
      case 'list_item_close': {
        const item = items.pop()!;
        const text = item.parts.map((p) => p.text).join(' ').replace(/\s+/g, ' ').trim();
        const task = TASK.exec(text);
        current().items.push({
          text: task ? text.slice(task[0].length) : text,
          line: item.line,
          checked: task ? task[1] !== ' ' : null,
          codes: item.parts.flatMap((p) => p.codes),
          strong: item.parts.flatMap((p) => p.strong),
        });
        break;
      }
      case 'table_open':
        table = { line: lineOf(t), header: [], rows: [] };
        break;
      case 'thead_open':
        inHead = true;
        break;
      case 'thead_close':
        inHead = false;
        break;
      case 'tr_open':
        row = { cells: [], line: lineOf(t) };
        break;
      case 'tr_close':
        if (table && row) {
          if (inHead) table.header = row.cells;
          else table.rows.push(row);
        }
        row = null;
        break;
      case 'table_close':
        if (table) current().tables.push(table);
        table = null;
        break;
      case 'inline': {
        const line = lineOf(t);
        const inline = readInline(t, sourceLines, firstLine, line - firstLine);
        addLinks(inline.links);
        if (row) row.cells.push(inline.text.trim());
        else if (items.length > 0) items[items.length - 1]!.parts.push(inline);
        else current().paragraphs.push({ text: inline.text.trim(), line, strong: inline.strong });
        break;
      }
    }
  }
  return { root, links };

  function addLinks(found: MdLink[]) {
    links.push(...found);
    current().links.push(...found);
  }
}

/** Walks an inline token's children: text, code spans, bold spans, and links with their line. */
function readInline(token: Token | undefined, sourceLines: string[], firstLine: number, fallbackLine: number): InlineText {
  const out: InlineText = { text: '', codes: [], strong: [], links: [] };
  if (!token || token.type !== 'inline') return out;
  // Not inline-parsed (see MarkdownDetail): its text is the source text.
  if (!token.children) {
    out.text = token.content.replace(/\n/g, ' ');
    return out;
  }
  const startLine = token.map ? token.map[0] : fallbackLine;
  let lineOffset = 0;
  let strongDepth = 0;
  let strongText = '';
  let link: { url: string; text: string; line: number; column: number } | null = null;
  for (const c of token.children ?? []) {
    let piece = '';
    switch (c.type) {
      case 'text':
      case 'text_special': // an escaped character (`\*`); core's text_join ran before our inline pass
        piece = c.content;
        break;
      case 'code_inline':
        piece = c.content;
        out.codes.push(c.content);
        break;
      case 'softbreak':
      case 'hardbreak':
        piece = ' ';
        lineOffset++;
        break;
      case 'image':
        piece = c.content;
        break;
      case 'strong_open':
        strongDepth++;
        break;
      case 'strong_close':
        if (--strongDepth === 0) {
          out.strong.push(strongText.trim());
          strongText = '';
        }
        break;
      case 'link_open': {
        const at = sourcePosition(token, (c.meta as { start?: number } | null)?.start, startLine, lineOffset, sourceLines);
        link = { url: String(c.attrGet('href') ?? ''), text: '', line: at.line, column: at.column };
        break;
      }
      case 'link_close':
        if (link) out.links.push({ text: link.text.trim(), url: link.url, line: link.line + firstLine, column: link.column });
        link = null;
        break;
    }
    out.text += piece;
    if (strongDepth > 0) strongText += piece;
    if (link) link.text += piece;
  }
  return out;
}

/**
 * Line (0-based, in the body) and column (1-based) of a link that starts at `start` in the inline
 * source. The inline source drops each line's indentation and list or table markup, so the column
 * is found by locating that line's inline text inside the source line.
 */
function sourcePosition(
  token: Token, start: number | undefined, startLine: number, lineOffset: number, sourceLines: string[],
): { line: number; column: number } {
  if (start === undefined) return { line: startLine + lineOffset, column: 1 };
  const before = token.content.slice(0, start);
  const nl = before.lastIndexOf('\n');
  const line = startLine + (before.match(/\n/g)?.length ?? 0);
  const contentLine = token.content.slice(nl + 1).split('\n')[0]!;
  const sourceLine = sourceLines[line] ?? '';
  const lineStart = sourceLine.indexOf(contentLine);
  if (lineStart >= 0) return { line, column: lineStart + (start - nl - 1) + 1 };
  // Escapes (`\|` in a table cell) make the inline text differ from the source: find the link itself.
  const own = sourceLine.indexOf(token.content.slice(start).split('\n')[0]!);
  return { line, column: own >= 0 ? own + 1 : 1 };
}

function newSection(title: string, depth: number, line: number): MdSection {
  return { title, depth, line, items: [], paragraphs: [], tables: [], links: [], children: [] };
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
