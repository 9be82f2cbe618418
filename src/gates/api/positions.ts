/**
 * JSON pointers back to line and column. JSON files are parsed with `JSON.parse` (fast) and located
 * lazily: one scan of the text finds every pointer asked for, skipping subtrees nobody asked about.
 * YAML files keep their `yaml` document and LineCounter and are located by walking its nodes.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node as YamlNode } from 'yaml';

export interface Pos { line: number; column: number }

export function pointerTokens(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  return pointer.replace(/^#/, '').split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function pointerOf(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Line starts of a text, for offset → line/column by binary search. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i !== -1) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

export function offsetToPos(starts: number[], offset: number): Pos {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

interface Trie { want: boolean; children: Map<string, Trie> }

/**
 * Offsets of the values at `pointers` in JSON `text` (for an object member, the offset of its key,
 * which is where a reader looks). Pointers not found map to the deepest ancestor found.
 */
export function locateJson(text: string, pointers: readonly string[]): Map<string, number> {
  const root: Trie = { want: false, children: new Map() };
  for (const p of pointers) {
    let t = root;
    for (const tok of pointerTokens(p)) {
      let c = t.children.get(tok);
      if (!c) t.children.set(tok, (c = { want: false, children: new Map() }));
      t = c;
    }
    t.want = true;
  }
  const found = new Map<string, number>();
  let i = 0;
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };
  const readString = (): string => {
    const start = i + 1;
    let j = start;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(j);
      if (c === 92) { escaped = true; j += 2; continue; }
      if (c === 34 || Number.isNaN(c)) break;
      j++;
    }
    i = j + 1;
    const raw = text.slice(start, j);
    return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
  };
  const skip = () => {
    // Skip one value without building anything.
    const c = text.charCodeAt(i);
    if (c === 34) { readString(); return; }
    if (c === 123 || c === 91) {
      let depth = 0;
      for (; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 34) { readString(); i--; continue; }
        if (d === 123 || d === 91) depth++;
        else if (d === 125 || d === 93) { depth--; if (depth === 0) { i++; return; } }
      }
      return;
    }
    while (i < text.length) {
      const d = text.charCodeAt(i);
      if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) return;
      i++;
    }
  };
  const value = (t: Trie, path: string, keyOffset: number) => {
    ws();
    if (t.want) found.set(path, keyOffset >= 0 ? keyOffset : i);
    if (t.children.size === 0) { skip(); return; }
    const c = text.charCodeAt(i);
    if (c === 123) {
      i++;
      for (;;) {
        ws();
        if (text.charCodeAt(i) === 125) { i++; return; }
        const at = i;
        const key = readString();
        ws();
        i++; // colon
        const child = t.children.get(key);
        if (child) value(child, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, at);
        else { ws(); skip(); }
        ws();
        if (text.charCodeAt(i) === 44) i++;
        else if (text.charCodeAt(i) === 125) { i++; return; }
        else return;
      }
    } else if (c === 91) {
      i++;
      for (let n = 0; ; n++) {
        ws();
        if (text.charCodeAt(i) === 93) { i++; return; }
        const child = t.children.get(String(n));
        if (child) value(child, `${path}/${n}`, -1);
        else skip();
        ws();
        if (text.charCodeAt(i) === 44) i++;
        else if (text.charCodeAt(i) === 93) { i++; return; }
        else return;
      }
    } else skip();
  };
  value(root, '', -1);
  return found;
}

/** Line and column of a pointer in a parsed YAML document (the key of a member; else the node). */
export function locateYaml(doc: Document, counter: LineCounter, pointer: string): Pos {
  let node: unknown = doc.contents;
  let offset = (doc.contents as YamlNode | null)?.range?.[0] ?? 0;
  for (const tok of pointerTokens(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === tok);
      if (!pair) break;
      offset = (pair.key as YamlNode | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(tok)];
      if (item === undefined) break;
      offset = (item as YamlNode | null)?.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  const p = counter.linePos(offset);
  return { line: p.line, column: p.col };
}
