/**
 * A schema that refers back to itself without going into a property or an item (`A: allOf: [$ref A]`,
 * `P: anyOf: [$ref Q]` with `Q: allOf: [$ref P]`) has no base case: checking any value against it
 * never ends, so no tool can read it. The gate refuses such a spec as unreadable (exit 2 at the line
 * where the cycle closes) instead of reporting findings about a schema that means nothing.
 */
import { isObj, SpecInputError, type Json, type LoadedSpec, type Obj, type Origin } from './load.ts';
import { pointerOf } from './positions.ts';

/** Keywords that apply a subschema to the same value (JSON Schema's in-place applicators). */
const IN_PLACE_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;
const IN_PLACE_ONE = ['not', 'if', 'then', 'else'] as const;

export function assertNoInPlaceCycle(spec: LoadedSpec, roots: readonly { node: Json | undefined; origin: Origin }[]): void {
  const state = new Map<object, 'open' | 'done'>();
  const visit = (raw: Json | undefined, origin: Origin, path: string[]): void => {
    const { node, origin: at } = spec.deref(raw, origin);
    if (!isObj(node)) return;
    const where = spec.origins.get(node) ?? at;
    const seen = state.get(node);
    if (seen === 'done') return;
    if (seen === 'open') {
      const pos = spec.locate([origin]).get(`${origin.file}#${origin.pointer}`) ?? null;
      throw new SpecInputError(origin.file, pos, `schema cycle with no base case: ${[...path, where.pointer || '/'].join(' → ')} applies to the same value forever (through allOf/anyOf/oneOf/not/if, never a property or an item)`, 'Break the cycle: a schema may refer to itself only inside `properties`, `items` or `additionalProperties`.');
    }
    state.set(node, 'open');
    const next = [...path, where.pointer || '/'];
    for (const key of IN_PLACE_LISTS) {
      const list = node[key];
      if (Array.isArray(list)) list.forEach((m, i) => visit(m, { file: where.file, pointer: `${where.pointer}${pointerOf([key, i])}` }, next));
    }
    for (const key of IN_PLACE_ONE) if (node[key] !== undefined) visit(node[key], { file: where.file, pointer: `${where.pointer}${pointerOf([key])}` }, next);
    state.set(node, 'done');
  };
  for (const r of roots) visit(r.node, r.origin, []);
}

/** Every named schema of a spec: `components.schemas` (for 2.0, its `definitions`, which keep their own origins). */
export function namedSchemas(spec: LoadedSpec): { node: Json | undefined; origin: Origin }[] {
  const components = spec.doc.components;
  const schemas = isObj(components) && isObj(components.schemas) ? (components.schemas as Obj) : {};
  return Object.entries(schemas).map(([name, node]) => ({ node, origin: (isObj(node) && spec.origins.get(node)) || { file: spec.file, pointer: pointerOf(['components', 'schemas', name]) } }));
}
