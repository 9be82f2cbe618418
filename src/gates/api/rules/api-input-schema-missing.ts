import { isObj } from '../load.ts';
import { child } from '../operations.ts';
import type { ApiRule } from '../rule.ts';

/** (a) Every parameter and every request body media type has a schema. */
export const rule: ApiRule = {
  id: 'api-input-schema-missing',
  check: 'inputs',
  severity: 'error',
  description: 'A parameter or request body has no schema, so nothing validates it.',
  fix: 'Add a `schema` (or `content` with a schema) describing the accepted values.',
  fixFor: {
    swagger2: 'Give the parameter a `type` (a body parameter a `schema`).',
    swag: 'Name the type in the handler\'s swag comment: `// @Param name query string true "…"` (or `body <Type>`), then run `swag init`.',
  },
  run({ spec, ops, report }) {
    for (const op of ops) {
      for (const p of op.parameters) {
        if (p.node.schema === undefined && p.node.content === undefined) report(p.origin, [op], `parameter "${String(p.node.name)}" (${String(p.node.in)}) has no schema`);
      }
      const content = op.requestBody && child(spec, op.requestBody, 'content');
      if (op.requestBody && (!content || !isObj(content.node) || Object.keys(content.node).length === 0)) {
        report(op.requestBody.origin, [op], 'the request body has no content, so no schema');
        continue;
      }
      if (content && isObj(content.node)) for (const t of Object.keys(content.node)) {
        const m = child(spec, content, t);
        if (m && isObj(m.node) && m.node.schema === undefined) report(m.origin, [op], `request body "${t}" has no schema`);
      }
    }
  },
};
