/**
 * Packet → markdown. Deterministic: fields in schema order, one blank line between blocks, `\n`
 * line ends. The first line is a marker (`<!-- kao:packet delegation v1 -->`) so packets can be
 * found in a repository and parsed back. Layout (one heading per field):
 * - a top-level value: `## Label`, then the value as a paragraph;
 * - a list: `- ` items, or `(none)` for an empty list (an absent optional field has no heading);
 * - next steps: task items, `- [ ] step` / `- [x] step`;
 * - a nested object: `- key: value` items for its values, sub-headings for its lists and objects;
 * - a list of objects: one sub-heading per entry (`### Phase 0`, `### Option 2`), then as an object.
 */
import { encodeScalar, encodeStep } from './codec.ts';
import { ELEMENT_TITLE, layoutOf, type Field } from './layout.ts';
import { PACKET_VERSION, type AnyPacket, type PacketKind, type Step } from './schemas.ts';

/** What an empty list is written as; the parser also accepts `none`, `n/a`, `nothing`. */
export const NONE = '(none)';

export function markerOf(kind: PacketKind): string {
  return `<!-- kao:packet ${kind} v${PACKET_VERSION} -->`;
}

export function renderPacket(p: AnyPacket): string {
  const layout = layoutOf(p.kind);
  const blocks = [markerOf(p.kind), `# ${layout.title}`, ...renderFields(layout.fields, p.packet as Record<string, unknown>, 2, true)];
  return blocks.join('\n\n') + '\n';
}

function renderFields(fields: readonly Field[], obj: Record<string, unknown>, depth: number, top: boolean): string[] {
  const blocks: string[] = [];
  const heading = (f: Field) => `${'#'.repeat(depth)} ${f.label}`;
  if (!top) {
    // Values of a nested object come first: an item after a sub-heading would belong to it.
    const items = fields.flatMap((f) =>
      f.shape.t === 'scalar' && obj[f.key] !== undefined ? [`- ${f.key}: ${encodeScalar(f.shape.scalar, obj[f.key])}`] : []);
    if (items.length > 0) blocks.push(items.join('\n'));
  }
  for (const f of fields) {
    const v = obj[f.key];
    if (v === undefined) continue;
    switch (f.shape.t) {
      case 'scalar':
        if (top) blocks.push(heading(f), encodeScalar(f.shape.scalar, v));
        break;
      case 'list': {
        const of = f.shape.of;
        blocks.push(heading(f), list((v as unknown[]).map((x) => `- ${encodeScalar(of, x)}`)));
        break;
      }
      case 'steps':
        blocks.push(heading(f), list((v as Step[]).map((s) => `- ${encodeStep(s)}`)));
        break;
      case 'object':
        blocks.push(heading(f), ...renderFields(f.shape.fields, v as Record<string, unknown>, depth + 1, false));
        break;
      case 'objects': {
        const sub = f.shape.fields;
        const els = v as Record<string, unknown>[];
        const title = ELEMENT_TITLE[f.key] ?? ((_: unknown, i: number) => `${f.label} ${i + 1}`);
        blocks.push(heading(f));
        if (els.length === 0) blocks.push(NONE);
        els.forEach((el, i) => blocks.push(`${'#'.repeat(depth + 1)} ${title(el, i)}`, ...renderFields(sub, el, depth + 2, false)));
        break;
      }
    }
  }
  return blocks;
}

const list = (items: string[]) => (items.length > 0 ? items.join('\n') : NONE);
