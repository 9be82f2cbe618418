/**
 * Markdown → sections of raw values, for the packet parser. Block structure comes from markdown-it
 * (so fences, HTML comments and lazy continuation lines are read as CommonMark reads them), but each
 * value is the block's raw inline source, not its rendered text: `**x**` stays `**x**`. That is what
 * makes a rendered packet parse back exactly (see codec.ts). src/artifacts/markdown.ts keeps only
 * rendered text, which would lose emphasis markers and escapes, hence this small reader.
 */
import MarkdownIt from 'markdown-it';

export interface Block {
  /** `item`: a top-level list item, or one line of a fenced code block; `para`: a paragraph. */
  type: 'item' | 'para';
  /** Raw source; a value spread over several lines keeps its line breaks. */
  text: string;
  line: number;
}

export interface Section {
  title: string;
  /** 1–6; 0 for the document itself. */
  depth: number;
  line: number;
  blocks: Block[];
  /** Content the packet format has no place for (tables, quotes, nested lists), to warn about. */
  ignored: { what: string; line: number }[];
  children: Section[];
}

const md = new MarkdownIt({ html: true });

export function readSections(text: string): Section {
  const tokens = md.parse(text, {});
  const root = section('', 0, 1);
  const stack = [root];
  const current = () => stack[stack.length - 1]!;
  let item: Block | null = null;
  let nestedNoted = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const line = (t.map?.[0] ?? 0) + 1;
    if (t.level === 0) {
      switch (t.type) {
        case 'heading_open': {
          const depth = Number(t.tag.slice(1));
          while (stack.length > 1 && current().depth >= depth) stack.pop();
          const s = section(tokens[i + 1]?.content.trim() ?? '', depth, line);
          current().children.push(s);
          stack.push(s);
          i++;
          break;
        }
        case 'paragraph_open':
          current().blocks.push({ type: 'para', text: tokens[i + 1]?.content ?? '', line });
          break;
        // A fenced block under a list field is read one line per entry (commands are often written so).
        case 'fence':
        case 'code_block':
          t.content.split('\n').forEach((l, n) => {
            if (l.trim()) current().blocks.push({ type: 'item', text: l.trim(), line: line + n + (t.type === 'fence' ? 1 : 0) });
          });
          break;
        case 'blockquote_open':
          current().ignored.push({ what: 'a block quote', line });
          break;
        case 'table_open':
          current().ignored.push({ what: 'a table', line });
          break;
        case 'bullet_list_close':
        case 'ordered_list_close':
          item = null;
          break;
      }
      continue;
    }
    if (t.type === 'list_item_open' && t.level === 1) {
      item = { type: 'item', text: '', line };
      nestedNoted = false;
      current().blocks.push(item);
    } else if (item && t.type === 'inline' && t.level === 3 && tokens[i - 1]?.type === 'paragraph_open') {
      // A second paragraph of the same item continues its value.
      item.text = item.text ? `${item.text}\n${t.content}` : t.content;
    } else if (item && t.level === 2 && t.type !== 'paragraph_open' && t.type !== 'paragraph_close' && !t.type.endsWith('_close') && !nestedNoted) {
      current().ignored.push({ what: `a nested ${t.type.replace(/_open$/, '').replace(/_/g, ' ')} inside a list item`, line });
      nestedNoted = true;
    }
  }
  return root;
}

function section(title: string, depth: number, line: number): Section {
  return { title, depth, line, blocks: [], ignored: [], children: [] };
}
