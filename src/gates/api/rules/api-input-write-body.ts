import type { ApiRule } from '../rule.ts';

const WRITES = new Set(['post', 'put', 'patch']);

/** (a) Write operations declare the request they accept. */
export const rule: ApiRule = {
  id: 'api-input-write-body',
  check: 'inputs',
  severity: 'warning',
  description: 'A POST, PUT or PATCH operation declares no request body.',
  fix: 'Declare `requestBody` with a schema, or an empty closed object if the operation takes no input.',
  fixFor: {
    swagger2: 'Declare a body parameter (`in: body`, with a `schema`), or `formData` parameters, or an empty closed object if the operation takes no input.',
    swag: 'Add `// @Param request body <Type> true "…"` to the handler\'s swag comments, then run `swag init`.',
  },
  run({ ops, report }) {
    for (const op of ops) {
      if (WRITES.has(op.method) && op.requestBody === null) report(op.at.origin, [op], `${op.label} is a write operation without a request body`);
    }
  },
};
