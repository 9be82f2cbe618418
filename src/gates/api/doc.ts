/** The API gate's rule reference (docs/api-gate.md), rendered from the rule definitions. Pure. */
import { catalogue } from './diff/catalogue.ts';
import { DTO_RULES } from './dto/model.ts';
import { RULES } from './rules/index.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderApiGateDoc(): string {
  const out = [
    '# `kao gate api` rules',
    '',
    'Generated from the rule definitions by `node scripts/api-gate-doc.ts`; do not edit by hand.',
    '',
    'Severities are defaults; `.github/agent-os/api-gate.yaml` can turn a rule off or change its severity,',
    'and exempt findings (every exemption must carry a reason). See `playbook/.github/agent-os/api-gate.yaml`.',
    '',
    '## (a)–(c) Inputs, tenant isolation, problem details',
    '',
    '| rule | check | severity | what it finds | fix |',
    '| --- | --- | --- | --- | --- |',
    ...RULES.map((r) => `| \`${r.id}\` | ${r.check} | ${r.severity} | ${cell(r.description)} | ${cell(r.fix)} |`),
    '',
    '## (d) DTO alignment',
    '',
    'Code types are matched to schemas by a `// @openapi #/components/schemas/Name` (or `@openapi Name`, or',
    '`@openapi off`) comment above the declaration, else by name. TypeScript interfaces, type aliases and zod',
    'schemas, and Go structs with `json` tags, are read.',
    '',
    '| rule | severity | what it finds | fix |',
    '| --- | --- | --- | --- |',
    ...Object.values(DTO_RULES).map((r) => `| \`${r.id}\` | ${r.severity} | ${cell(r.description)} | ${cell(r.fix)} |`),
    '',
    '## (e) Breaking changes (`kao gate api diff OLD NEW`, `kao gate api --base REF`)',
    '',
    'Severity is `breaking`, `warning` or `info`; direction says whether the check applies to what clients send',
    '(request), receive (response), or either. A removal of something deprecated beforehand is softened.',
    '',
    '| rule | group | direction | severity | what it finds |',
    '| --- | --- | --- | --- | --- |',
    ...catalogue().map((c) => `| \`${c.id}\` | ${c.group} | ${c.direction} | ${c.severity} | ${cell(c.description)} |`),
    '',
  ];
  return out.join('\n');
}
