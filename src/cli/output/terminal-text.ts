/**
 * Markdown reports (task packets, check results) rendered for a terminal: headings and emphasis as
 * bold, code in colour, lists with bullets, tables as aligned columns, and every line wrapped at a word
 * boundary to the terminal's width, so nothing breaks mid-word. Markdown itself stays the format for
 * pull-request comments and files. Parsed with markdown-it, as the compiler reads markdown.
 */
import MarkdownIt, { type Token } from 'markdown-it';
import { paint } from './color.ts';

const md = new MarkdownIt({ html: true });
const ANSI = /\x1b\[[0-9;]*m/g;
const visible = (s: string) => s.replace(ANSI, '').length;

/** Words re-flowed to `width`; continuation lines start with `indent`. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const lead = /^ */.exec(text)![0];
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(/ +/)) {
    if (line.trim() !== '' && visible(line) + 1 + visible(word) > width) {
      lines.push(line);
      line = indent + word;
    } else line = line.trim() === '' ? line + word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

export function markdownToTerminal(markdown: string, opts: { color: boolean; width: number }): string {
  const width = Math.max(40, opts.width);
  const inline = (t: Token | undefined): string => {
    let out = '';
    const links: { href: string; from: number }[] = [];
    for (const c of t?.children ?? []) {
      switch (c.type) {
        case 'text': out += c.content; break;
        case 'code_inline': out += paint(36, c.content, opts.color); break;
        case 'strong_open': out += opts.color ? '\x1b[1m' : ''; break;
        case 'strong_close': out += opts.color ? '\x1b[22m' : ''; break;
        case 'softbreak': out += ' '; break;
        case 'hardbreak': out += '\n'; break;
        case 'link_open': links.push({ href: String(c.attrGet('href') ?? ''), from: out.length }); break;
        case 'link_close': {
          // The target follows its text, unless the text is the target.
          const link = links.pop();
          if (link?.href && out.slice(link.from) !== link.href) out += ` (${link.href})`;
          break;
        }
        case 'html_inline': break;
        default: out += c.content;
      }
    }
    return out;
  };
  const out: string[] = [];
  const blank = () => out.length && out.at(-1) !== '' && out.push('');
  const tokens = md.parse(markdown, {});
  const lists: { ordered: boolean; n: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    switch (t.type) {
      case 'heading_open': {
        blank();
        out.push(paint(1, inline(tokens[i + 1]), opts.color));
        if (t.tag === 'h2') out.push('─'.repeat(Math.min(width, visible(inline(tokens[i + 1])))));
        i += 2;
        break;
      }
      case 'bullet_list_open': case 'ordered_list_open':
        if (lists.length === 0) blank();
        lists.push({ ordered: t.type === 'ordered_list_open', n: Number(t.attrGet('start') ?? 1) });
        break;
      case 'bullet_list_close': case 'ordered_list_close':
        lists.pop();
        if (lists.length === 0) out.push('');
        break;
      case 'paragraph_open': {
        const text = inline(tokens[i + 1]);
        const list = lists.at(-1);
        const inItem = tokens[i - 1]?.type === 'list_item_open';
        if (list && inItem) {
          const pad = '  '.repeat(lists.length);
          const mark = list.ordered ? `${list.n++}. ` : '• ';
          out.push(...wrap(pad + mark + text, width, pad + ' '.repeat(mark.length)));
        } else {
          blank();
          for (const para of text.split('\n')) out.push(...wrap(para, width));
        }
        i += 2;
        break;
      }
      case 'table_open': {
        const rows: string[][] = [];
        let j = i + 1;
        for (; tokens[j]!.type !== 'table_close'; j++) {
          if (tokens[j]!.type === 'tr_open') rows.push([]);
          if (tokens[j]!.type === 'inline') rows.at(-1)!.push(inline(tokens[j]));
        }
        blank();
        out.push(...table(rows, width, opts.color));
        out.push('');
        i = j;
        break;
      }
      case 'html_block': {
        // <details><summary>Why</summary> becomes a heading; other tags are dropped.
        const summary = /<summary>(.*?)<\/summary>/s.exec(t.content)?.[1];
        if (summary) {
          blank();
          out.push(paint(1, summary, opts.color));
        }
        break;
      }
      case 'fence': case 'code_block':
        blank();
        out.push(...t.content.replace(/\n$/, '').split('\n').map((l) => `  ${l}`));
        break;
    }
  }
  while (out.at(-1) === '') out.pop();
  return `${out.join('\n')}\n`;
}

/** Aligned columns; when too wide, the widest column's cells wrap at words under their own column. */
function table(rows: string[][], width: number, color: boolean): string[] {
  const cols = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, c) => Math.max(...rows.map((r) => visible(r[c] ?? ''))));
  const gap = 2;
  const total = () => widths.reduce((a, b) => a + b, 0) + gap * (cols - 1);
  if (total() > width) {
    const widest = widths.indexOf(Math.max(...widths));
    widths[widest] = Math.max(12, widths[widest]! - (total() - width));
  }
  const lines: string[] = [];
  rows.forEach((row, r) => {
    const cells = widths.map((w, c) => wrap(row[c] ?? '', w));
    const height = Math.max(...cells.map((c) => c.length));
    for (let k = 0; k < height; k++) {
      const parts = cells.map((c, n) => {
        const s = c[k] ?? '';
        return n === cols - 1 ? s : s + ' '.repeat(Math.max(0, widths[n]! - visible(s)));
      });
      const line = parts.join(' '.repeat(gap)).trimEnd();
      lines.push(r === 0 ? paint(1, line, color) : line);
    }
  });
  return lines;
}
