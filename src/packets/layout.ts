/**
 * The markdown layout of each packet, read off its zod schema so the two cannot drift: which fields
 * are one value, a list, a checklist, a nested object or a list of objects, and what each heading
 * says. Only the labels are written by hand.
 */
import { CommandSchema, PACKET_SCHEMAS, StepSchema, type PacketKind } from './schemas.ts';

export type ScalarType = 'text' | 'command' | 'number' | 'boolean' | 'enum';

export type Shape =
  | { t: 'scalar'; scalar: ScalarType }
  | { t: 'list'; of: ScalarType }
  | { t: 'steps' }
  | { t: 'object'; fields: Field[] }
  | { t: 'objects'; fields: Field[] };

export interface Field {
  key: string;
  label: string;
  optional: boolean;
  shape: Shape;
}

export interface Layout {
  kind: PacketKind;
  title: string;
  fields: Field[];
}

const TITLES: Record<PacketKind, string> = {
  task: 'Task packet',
  delegation: 'Delegation packet',
  'phase-handoff': 'Phase handoff packet',
  recovery: 'Recovery packet',
  'drift-ticket': 'Drift ticket',
  'approval-needed': 'Approval needed',
};

// Headings where "split the camelCase key" does not read well.
const LABELS: Record<string, string> = {
  gates: 'PO gates',
  ssot: 'SSOT references',
  crossStack: 'Cross-stack',
  ssotSays: 'SSOT says',
  areas: 'Files and areas likely touched',
  needsPoGate: 'Needs PO gate',
  i18nKeys: 'i18n keys',
  e2eRtl: 'E2E and RTL checks',
};

/** Heading of one element of a list of objects; the parser accepts any heading there. */
export const ELEMENT_TITLE: Record<string, (el: Record<string, unknown>, i: number) => string> = {
  phases: (el) => `Phase ${String(el.id)}`,
  gates: (el) => `Gate: ${String(el.decision)}`,
  verified: (_, i) => `Check ${i + 1}`,
  options: (_, i) => `Option ${i + 1}`,
  because: (_, i) => `Reason ${i + 1}`,
};

function labelOf(key: string): string {
  const words = LABELS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What a heading or a `key:` is compared by: case, spaces and punctuation do not matter. */
export function fieldName(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** The field a heading or `key:` names, by its key or its label. */
export function findField(fields: readonly Field[], name: string): Field | undefined {
  const n = fieldName(name);
  return fields.find((f) => fieldName(f.key) === n || fieldName(f.label) === n);
}

// The parts of zod's internal definition the layout reads (stable across zod 4: `_zod.def`).
interface Def {
  type: string;
  shape?: Record<string, Node>;
  element?: Node;
  innerType?: Node;
}
interface Node {
  _zod: { def: Def };
}

function scalarOf(node: Node): ScalarType | null {
  if (node === (CommandSchema as unknown as Node)) return 'command';
  switch (node._zod.def.type) {
    case 'string': return 'text';
    case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'enum': return 'enum';
    default: return null;
  }
}

function shapeOf(node: Node, where: string): Shape {
  const scalar = scalarOf(node);
  if (scalar) return { t: 'scalar', scalar };
  const def = node._zod.def;
  if (def.type === 'object') return { t: 'object', fields: fieldsOf(node) };
  if (def.type === 'array' && def.element) {
    if (def.element === (StepSchema as unknown as Node)) return { t: 'steps' };
    const of = scalarOf(def.element);
    if (of) return { t: 'list', of };
    if (def.element._zod.def.type === 'object') return { t: 'objects', fields: fieldsOf(def.element) };
  }
  // A schema shape the layout cannot write is our bug, found by the round-trip tests.
  throw new Error(`packet layout: no markdown form for ${def.type} at ${where}`);
}

/** Fields of an object schema in declaration order; literals (`version`) come from the marker. */
function fieldsOf(node: Node): Field[] {
  const fields: Field[] = [];
  for (const [key, raw] of Object.entries(node._zod.def.shape ?? {})) {
    const optional = raw._zod.def.type === 'optional';
    const inner = optional && raw._zod.def.innerType ? raw._zod.def.innerType : raw;
    if (inner._zod.def.type === 'literal') continue;
    fields.push({ key, label: labelOf(key), optional, shape: shapeOf(inner, key) });
  }
  return fields;
}

const cache = new Map<PacketKind, Layout>();

export function layoutOf(kind: PacketKind): Layout {
  let layout = cache.get(kind);
  if (!layout) {
    layout = { kind, title: TITLES[kind], fields: fieldsOf(PACKET_SCHEMAS[kind] as unknown as Node) };
    cache.set(kind, layout);
  }
  return layout;
}
