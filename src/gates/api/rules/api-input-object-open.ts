import { requestVisits } from '../schemas.ts';
import { typesOf } from '../operations.ts';
import { isObj } from '../load.ts';
import type { ApiRule } from '../rule.ts';

/** (a) Objects a client sends are closed, or declare what extra properties may hold. */
export const rule: ApiRule = {
  id: 'api-input-object-open',
  check: 'inputs',
  severity: 'warning',
  description: 'An object the client sends neither is closed nor declares additionalProperties.',
  fix: 'Add `additionalProperties: false` (or a schema for the extra properties; in 3.1 `unevaluatedProperties: false` also closes it).',
  fixFor: {
    swagger2: 'Add `additionalProperties: false` to the object schema (or a schema for the extra properties).',
    swag: 'swag does not write `additionalProperties: false`: reject unknown fields in the handler (`json.Decoder.DisallowUnknownFields`) and exempt the rule for this spec with that reason in the gate\'s config.',
  },
  run({ spec, ops, report }) {
    for (const op of ops) {
      for (const { at, inAllOf } of requestVisits(spec, op)) {
        const s = at.node;
        const isObject = typesOf(s).includes('object') || (s.type === undefined && isObj(s.properties));
        if (!isObject || inAllOf) continue;
        if (s.additionalProperties !== undefined || s.unevaluatedProperties !== undefined) continue;
        report(at.origin, [op], 'open object in the request: additionalProperties is not declared');
      }
    }
  },
};
