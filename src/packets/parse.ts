/**
 * Markdown → packet, the inverse of render.ts, and lenient enough for a packet written by hand:
 * headings and `key:` names match by key or label whatever their case and punctuation, a nested
 * value may be a `- key: value` item or a sub-heading, a list may be a fenced block, and a checklist
 * item may lack its box. Problems are collected as diagnostics with file and line, never thrown:
 * missing required fields, invalid values, and content the format has no place for.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { readSections, type Section } from './blocks.ts';
import { decodeScalar, decodeStep } from './codec.ts';
import { findField, layoutOf, type Field } from './layout.ts';
import { markerOf } from './render.ts';
import { PACKET_KINDS, PACKET_VERSION, isPacketKind, pathText, validatePacket, type AnyPacket, type PacketKind } from './schemas.ts';

const MARKER = /^<!--\s*kao:packet\s+(\S+)\s+v(\d+)\s*-->\s*$/;
const NONE = /^\(?\s*(?:none|n\/a|nothing)\s*\)?\.?$/i;
const KEY_VALUE = /^([^:\n]+?)\s*:(?:[ \t]+|$)/;

export interface ParsedPacket {
  kind: PacketKind | null;
  /** `null` when the packet has errors; warnings alone keep it. */
  packet: AnyPacket | null;
  diagnostics: Diagnostic[];
}

/** The kind a file's first line declares, or null when it is not a kao packet marker. */
export function readMarker(firstLine: string): { kind: string; version: number } | null {
  const m = MARKER.exec(firstLine.replace(/^\uFEFF/, ''));
  return m ? { kind: m[1]!, version: Number(m[2]) } : null;
}

interface Ctx {
  file: string;
  kind: PacketKind;
  diagnostics: Diagnostic[];
  /** Source line of each value, by path (`phases/0/goal`), to point diagnostics at. */
  lines: Map<string, number>;
}

export function parsePacket(source: string, file: string): ParsedPacket {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const diagnostics: Diagnostic[] = [];
  const fail = (rule: string, message: string, fix: string): ParsedPacket => {
    diagnostics.push({ rule, severity: 'error', file, line: 1, column: 1, message, fix });
    return { kind: null, packet: null, diagnostics };
  };
  const marker = readMarker(text.split('\n', 1)[0]!);
  if (!marker) {
    return fail('packet-no-marker', 'the first line is not a kao packet marker',
      `Start the file with a marker such as \`${markerOf('delegation')}\` (kinds: ${PACKET_KINDS.join(', ')}).`);
  }
  if (!isPacketKind(marker.kind)) {
    return fail('packet-unknown-kind', `unknown packet kind "${marker.kind}"`, `Use one of: ${PACKET_KINDS.join(', ')}.`);
  }
  if (marker.version !== PACKET_VERSION) {
    return fail('packet-version', `packet format v${marker.version} is not supported; this kao reads v${PACKET_VERSION}`,
      'Upgrade kao, or rewrite the packet in the v1 format.');
  }
  const kind = marker.kind;
  const { fields } = layoutOf(kind);
  const ctx: Ctx = { file, kind, diagnostics, lines: new Map() };
  const value = { version: marker.version, ...readObject(topSection(readSections(text), fields), fields, [], ctx, true) };
  const checked = validatePacket(kind, value);
  if (!checked.ok) {
    for (const issue of checked.issues) diagnostics.push(issueDiagnostic(issue.path, issue.message, value, ctx));
  }
  diagnostics.sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
  const packet = checked.ok ? ({ kind, packet: checked.packet } as AnyPacket) : null;
  return { kind, packet, diagnostics };
}

/** A single `# Title` holds the fields; without one (or when `#` headings are the fields) the document does. */
function topSection(root: Section, fields: readonly Field[]): Section {
  const titles = root.children.filter((c) => c.depth === 1);
  const title = titles[0];
  if (titles.length !== 1 || !title || findField(fields, title.title)) return root;
  return { ...title, children: [...root.children.filter((c) => c !== title), ...title.children] };
}

function readObject(s: Section, fields: readonly Field[], path: (string | number)[], ctx: Ctx, top = false): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  const set = (f: Field, v: unknown, line: number) => {
    const at = [...path, f.key];
    if (Object.hasOwn(obj, f.key)) {
      warn(ctx, line, 'packet-duplicate-field', `"${f.label}" (${pathText(at)}) is given twice; the first one is kept`, 'Remove one of them.', 'error');
      return;
    }
    if (v === undefined) return;
    obj[f.key] = v;
    ctx.lines.set(at.join('/'), line);
  };
  for (const b of s.blocks) {
    const kv = b.type === 'item' ? KEY_VALUE.exec(b.text) : null;
    const f = kv ? findField(fields, kv[1]!) : undefined;
    if (!kv || !f) {
      // Prose under the title is a description; anywhere else it is something the reader loses.
      if (!(top && b.type === 'para')) {
        warn(ctx, b.line, 'packet-content-ignored', kv ? `"${kv[1]}" is not a field here` : 'text here is not part of any field',
          `Fields here: ${fields.map((x) => x.key).join(', ')}.`);
      }
      continue;
    }
    if (f.shape.t !== 'scalar') {
      warn(ctx, b.line, 'packet-content-ignored', `"${f.key}" holds more than one value`,
        `Write it as a "${f.label}" sub-heading with ${f.shape.t === 'object' ? '"- key: value" items' : 'one "- " item each'}.`);
      continue;
    }
    const raw = b.text.slice(kv[0].length);
    set(f, raw.trim() ? decodeScalar(f.shape.scalar, raw) : undefined, b.line);
  }
  for (const child of s.children) {
    const f = findField(fields, child.title);
    if (!f) {
      warn(ctx, child.line, 'packet-unknown-section', `"${child.title}" is not a field of a ${ctx.kind} packet${path.length ? ` at ${pathText(path)}` : ''}`,
        `Fields here: ${fields.map((x) => x.label).join(', ')}.`);
      continue;
    }
    set(f, readField(child, f, [...path, f.key], ctx), child.line);
  }
  if (!top) for (const x of s.ignored) warn(ctx, x.line, 'packet-content-ignored', `${x.what} is not read`, 'Write values as "- " items.');
  return obj;
}

function readField(s: Section, f: Field, path: (string | number)[], ctx: Ctx): unknown {
  const shape = f.shape;
  if (shape.t === 'object') return readObject(s, shape.fields, path, ctx);
  for (const x of s.ignored) warn(ctx, x.line, 'packet-content-ignored', `${x.what} under "${f.label}" is not read`, 'Write values as "- " items.');
  if (shape.t === 'scalar') {
    for (const c of s.children) warn(ctx, c.line, 'packet-unknown-section', `"${c.title}" under "${f.label}" is not read`, `"${f.label}" holds one value.`);
    // Several paragraphs are one value; a lone item is accepted too (`- value` under its heading).
    const paras = s.blocks.filter((b) => b.type === 'para');
    const items = s.blocks.filter((b) => b.type === 'item');
    const used = paras.length > 0 ? paras : items.slice(0, 1);
    for (const b of items.filter((b) => !used.includes(b))) {
      warn(ctx, b.line, 'packet-content-ignored', `"${f.label}" holds one value; this item is not read`, 'Write the value as a paragraph under the heading.');
    }
    const raw = used.map((b) => b.text).join('\n');
    return raw.trim() ? decodeScalar(shape.scalar, raw) : undefined;
  }
  const paras = s.blocks.filter((b) => b.type === 'para');
  for (const p of paras) {
    if (!NONE.test(p.text.trim())) {
      warn(ctx, p.line, 'packet-content-ignored', `text under "${f.label}" is not read`, shape.t === 'objects'
        ? 'Give each entry its own sub-heading with "- key: value" items.' : 'Write each entry as a "- " item, or "(none)".');
    }
  }
  if (shape.t === 'objects') {
    for (const b of s.blocks.filter((x) => x.type === 'item')) {
      warn(ctx, b.line, 'packet-content-ignored', `items directly under "${f.label}" are not read`, 'Give each entry its own sub-heading with "- key: value" items.');
    }
    return s.children.map((c, i) => {
      ctx.lines.set([...path, i].join('/'), c.line);
      return readObject(c, shape.fields, [...path, i], ctx);
    });
  }
  for (const c of s.children) warn(ctx, c.line, 'packet-unknown-section', `"${c.title}" under "${f.label}" is not read`, `"${f.label}" is a list of "- " items.`);
  return s.blocks.filter((b) => b.type === 'item').map((b, i) => {
    ctx.lines.set([...path, i].join('/'), b.line);
    return shape.t === 'steps' ? decodeStep(b.text) : decodeScalar(shape.of, b.text);
  });
}

function warn(ctx: Ctx, line: number, rule: string, message: string, fix: string, severity: 'error' | 'warning' = 'warning'): void {
  ctx.diagnostics.push({ rule, severity, file: ctx.file, line, column: 1, message: `${ctx.kind} packet: ${message}`, fix });
}

function issueDiagnostic(path: readonly PropertyKey[], message: string, value: unknown, ctx: Ctx): Diagnostic {
  const keys = path.map((p) => (typeof p === 'number' ? p : String(p)));
  let line = 1;
  for (let n = keys.length; n > 0; n--) {
    const l = ctx.lines.get(keys.slice(0, n).join('/'));
    if (l !== undefined) {
      line = l;
      break;
    }
  }
  const base = { severity: 'error' as const, file: ctx.file, line, column: 1 };
  const missing = keys.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value) === undefined;
  if (missing) {
    return { ...base, rule: 'packet-missing-field', message: `${ctx.kind} packet: missing ${describe(ctx.kind, keys)}`, fix: fixFor(ctx.kind, keys) };
  }
  return { ...base, rule: 'packet-invalid-field', message: `${ctx.kind} packet: ${pathText(keys)}: ${message}` };
}

/** The field a path ends at, with the field it sits in (for "under …" hints). */
function fieldAt(kind: PacketKind, keys: readonly (string | number)[]): { field?: Field; parent?: Field } {
  let fields = layoutOf(kind).fields;
  let field: Field | undefined;
  let parent: Field | undefined;
  for (const k of keys) {
    if (typeof k === 'number') continue;
    parent = field;
    field = fields.find((f) => f.key === k);
    if (!field) return {};
    fields = field.shape.t === 'object' || field.shape.t === 'objects' ? field.shape.fields : [];
  }
  return { field, parent };
}

function describe(kind: PacketKind, keys: readonly (string | number)[]): string {
  const { field } = fieldAt(kind, keys);
  return keys.length === 1 && field ? `"${field.label}" (${field.key})` : pathText(keys);
}

function fixFor(kind: PacketKind, keys: readonly (string | number)[]): string {
  const { field, parent } = fieldAt(kind, keys);
  if (!field) return 'See the packet format in `kao packet --help`.';
  if (parent) {
    return field.shape.t === 'scalar'
      ? `Add a "- ${field.key}: …" item under "${parent.label}".`
      : `Add a "${field.label}" sub-heading under "${parent.label}".`;
  }
  const h = `## ${field.label}`;
  switch (field.shape.t) {
    case 'scalar': return `Add a "${h}" section with the value on the line below it.`;
    case 'list': return `Add a "${h}" section with one "- " item each.`;
    case 'steps': return `Add a "${h}" section with one "- [ ] " item per step.`;
    case 'object': return `Add a "${h}" section with its "- key: value" items.`;
    case 'objects': return `Add a "${h}" section with one "### " sub-heading per entry.`;
  }
}
