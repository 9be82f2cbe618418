/**
 * The API gate's configuration: `.github/agent-os/api-gate.yaml` in the repository, every key
 * optional, so no file means the built-in defaults (DEFAULT_CONFIG, the seed's workspace → business
 * tenant model). Validated with zod/mini; every problem is reported at its YAML line. An exemption
 * must name a rule, what it exempts (operations, a pointer or a file) and why.
 */
import { LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import * as z from 'zod/mini';
import type { DtoMatchOptions } from './dto/model.ts';
import { en } from 'zod/locales';
import picomatch from 'picomatch';
import type { Diagnostic, Severity } from '../../diagnostics.ts';
import { DEFAULT_CONFIG, type ApiFinding, type ApiGateConfig } from './model.ts';

z.config(en());

export const CONFIG_PATH = '.github/agent-os/api-gate.yaml';

export interface Exemption {
  rule: string;
  /** `GET /pets/{id}`, `/pets/{id}` (any method), or a prefix ending in `*` (`/webhooks/*`). */
  operations?: string[];
  /** The JSON pointer of the finding's node, e.g. `/components/schemas/Error`. */
  pointer?: string;
  /** A glob over the finding's file, relative to the repository. */
  file?: string;
  reason: string;
}

export interface GateConfig extends ApiGateConfig {
  /** Spec files (globs, repository-relative); empty: found by name and the area map. */
  specs: string[];
  exemptions: Exemption[];
  /** DTO alignment: code folders (repository-relative) and how types meet schemas; none = not run. */
  dto: { code: string[]; match: DtoMatchOptions };
}

export const DEFAULT_GATE_CONFIG: GateConfig = { ...DEFAULT_CONFIG, specs: [], exemptions: [], dto: { code: [], match: {} } };

const nonBlank = (what: string) => z.string(`${what} must be a string`).check(z.refine((s) => s.trim().length > 0, `${what} must not be empty`));
const severity = z.enum(['error', 'warning', 'info', 'off']);

export const GateConfigSchema = z.strictObject({
  version: z.optional(z.literal(1)),
  specs: z.optional(z.array(nonBlank('a spec path'))),
  tenant: z.optional(z.strictObject({
    levels: z.optional(z.array(z.strictObject({ name: nonBlank('a level name'), pathParameter: nonBlank('a path parameter') })).check(z.minLength(1))),
    publicPaths: z.optional(z.array(z.string().check(z.regex(/^(\/|\*\*)/, 'a public path starts with / (or is a glob starting with **)')))),
  })),
  rules: z.optional(z.record(z.string(), severity)),
  dto: z.optional(z.strictObject({
    code: z.optional(z.array(nonBlank('a code folder'))),
    match: z.optional(z.strictObject({
      byName: z.optional(z.enum(['exact', 'loose', 'off'])),
      suffixes: z.optional(z.array(nonBlank('a suffix'))),
    })),
  })),
  exemptions: z.optional(z.array(z.strictObject({
    rule: nonBlank('rule'),
    operations: z.optional(z.array(z.string().check(z.regex(/^((get|put|post|delete|options|head|patch|trace|\*) )?\//i, 'an operation is `METHOD /path` or `/path`')))),
    pointer: z.optional(z.string().check(z.regex(/^(\/.*)?$/, 'a JSON pointer starts with /'))),
    file: z.optional(nonBlank('file')),
    reason: nonBlank('an exemption\'s reason'),
  }))),
});

/**
 * Parses a config file. `knownRules` are the rule ids the gate has: naming another one is an error
 * (a typo would otherwise silently change nothing). Keys left out keep `defaults`.
 */
export function parseGateConfig(text: string, file: string, knownRules: readonly string[], defaults: GateConfig = DEFAULT_GATE_CONFIG): { config: GateConfig | null; diagnostics: Diagnostic[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined) => {
    const p = counter.linePos(offset ?? 0);
    return { line: p.line, column: p.col };
  };
  const diag = (offset: number | undefined, message: string, fix: string): Diagnostic => ({ rule: 'api-gate-config-invalid', severity: 'error', file, ...at(offset), message, fix });
  if (doc.errors.length > 0) {
    return { config: null, diagnostics: doc.errors.map((e) => diag(e.pos[0], `invalid YAML: ${e.message.split('\n')[0]}`, 'Fix the YAML syntax at this position.')) };
  }
  const nodeAt = (path: PropertyKey[]): YamlNode | undefined => {
    for (let i = path.length; i >= 0; i--) {
      const n = i === 0 ? doc.contents : doc.getIn(path.slice(0, i), true);
      if (n && typeof n === 'object' && 'range' in n) return n as YamlNode;
    }
    return undefined;
  };
  /** A record key's own position (the value's node would point past the key). */
  const keyAt = (path: PropertyKey[], key: string): number | undefined => {
    const map = nodeAt(path) as { items?: { key: { value?: unknown; range?: number[] } }[] } | undefined;
    return map?.items?.find((p) => String(p.key?.value) === key)?.key?.range?.[0];
  };
  const raw: unknown = doc.toJS() ?? {};
  const parsed = GateConfigSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      config: null,
      diagnostics: parsed.error.issues.map((issue) => {
        const where = issue.path.join('.') || '(root)';
        const missingReason = issue.path.length === 3 && issue.path[0] === 'exemptions' && issue.path[2] === 'reason';
        const offset = issue.code === 'unrecognized_keys' ? keyAt(issue.path, issue.keys[0] ?? '') : nodeAt(issue.path)?.range?.[0];
        return diag(offset, `api gate config: ${where}: ${missingReason && issue.code === 'invalid_type' ? 'every exemption must carry a reason' : issue.message}`,
          missingReason ? 'Add `reason:` saying why the finding is acceptable (who decided, and until when).' : `See ${CONFIG_PATH} in kyora-agent-os's playbook for the expected shape.`);
      }),
    };
  }
  const data = parsed.data;
  const diagnostics: Diagnostic[] = [];
  const known = new Set(knownRules);
  for (const id of Object.keys(data.rules ?? {})) {
    if (!known.has(id)) diagnostics.push(diag(keyAt(['rules'], id), `api gate config: rules: unknown rule \`${id}\``, `Use one of: ${[...known].join(', ')}.`));
  }
  data.exemptions?.forEach((e, i) => {
    if (!known.has(e.rule)) diagnostics.push(diag(nodeAt(['exemptions', i, 'rule'])?.range?.[0], `api gate config: exemptions.${i}.rule: unknown rule \`${e.rule}\``, `Use one of: ${[...known].join(', ')}.`));
    if (e.operations === undefined && e.pointer === undefined && e.file === undefined) {
      diagnostics.push(diag(nodeAt(['exemptions', i])?.range?.[0], `api gate config: exemptions.${i}: says nothing about what it exempts`, `Name \`operations\`, a \`pointer\` or a \`file\`; to switch \`${e.rule}\` off everywhere use \`rules: {${e.rule}: off}\`.`));
    }
  });
  if (diagnostics.length > 0) return { config: null, diagnostics };
  return {
    config: {
      specs: data.specs ?? defaults.specs,
      tenant: {
        levels: data.tenant?.levels ?? defaults.tenant.levels,
        publicPaths: data.tenant?.publicPaths ?? defaults.tenant.publicPaths,
      },
      rules: { ...defaults.rules, ...(data.rules as Record<string, Severity | 'off'> | undefined) },
      exemptions: [...defaults.exemptions, ...(data.exemptions ?? [])],
      dto: { code: data.dto?.code ?? defaults.dto.code, match: { ...defaults.dto.match, ...data.dto?.match } },
    },
    diagnostics,
  };
}

/** The exemption that covers a finding, if any. A finding about several operations needs all of them covered. */
export function exemptionFor(finding: ApiFinding, exemptions: readonly Exemption[]): Exemption | undefined {
  return exemptions.find((e) => {
    if (e.rule !== finding.rule) return false;
    if (e.pointer !== undefined && e.pointer !== finding.pointer) return false;
    if (e.file !== undefined && !picomatch(e.file, { dot: true })(finding.file)) return false;
    if (e.operations !== undefined) {
      if (finding.operations.length === 0) return false;
      return finding.operations.every((op) => e.operations!.some((p) => operationMatches(p, op)));
    }
    return true;
  });
}

/** `label` is `GET /pets/{id}`; `pattern` is `GET /pets/{id}`, `/pets/{id}`, `* /pets/*`, `/pets/*`. */
export function operationMatches(pattern: string, label: string): boolean {
  const sp = pattern.indexOf(' ');
  const method = sp === -1 ? '*' : pattern.slice(0, sp).toUpperCase();
  const path = sp === -1 ? pattern : pattern.slice(sp + 1);
  const [opMethod, opPath] = [label.slice(0, label.indexOf(' ')), label.slice(label.indexOf(' ') + 1)];
  if (method !== '*' && method !== opMethod) return false;
  return path.endsWith('*') ? opPath.startsWith(path.slice(0, -1)) : path === opPath;
}

/**
 * The tenant model the operating model declares (`constraints.tenantModel`: levels and their path
 * parameters, outermost first), as the gate's levels; null when it declares none or they disagree in length.
 */
export function tenantFromModel(tenantModel: { levels: string[]; pathParameters: string[] } | undefined): ApiGateConfig['tenant']['levels'] | null {
  if (!tenantModel || tenantModel.levels.length === 0 || tenantModel.levels.length !== tenantModel.pathParameters.length) return null;
  return tenantModel.levels.map((name, i) => ({ name, pathParameter: tenantModel.pathParameters[i]! }));
}
