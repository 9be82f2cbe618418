/**
 * The operating model as data: roles, risk axes, triggers, PO decisions, lanes, packet shapes and
 * the area map. Defined once as a zod schema; the TypeScript type is inferred from it, and the same
 * schema validates the built-in preset and a repository's own `.github/agent-os/operating-model.yaml`.
 */
import { LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import type { Diagnostic } from '../diagnostics.ts';
import { GATE_DECISIONS, LANES, TASK_TYPES } from '../router/task-packet.ts';

// zod/mini keeps the bundle small (start-up matters for a CLI); English messages are opted in.
z.config(en());

const id = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by hyphens'));
const strings = z.array(z.string());
const ids = z.array(id);

export const RoleKindSchema = z.enum(['human', 'orchestrator', 'lead', 'implementer', 'quality']);

const risk = z.enum(['low', 'medium', 'high']);
const lanes = z.array(id);
const conditionalGate = z.strictObject({ decision: id, condition: z.string() });
const phase = z.strictObject({ goal: z.string(), definitionOfDone: strings });

/** How the Orchestrator routes work (see the `routing` section of the built-in model). */
function RoutingSchema() {
  return z.strictObject({
    taskTypes: z.array(z.strictObject({
      id: z.enum(TASK_TYPES),
      terms: strings,
      baseRisk: risk,
      scope: z.optional(z.enum(['single-app', 'cross-stack', 'monorepo-wide'])),
      lanes: z.strictObject({ default: lanes, clear: z.optional(lanes), unclear: z.optional(lanes), deferred: z.optional(lanes) }),
      owners: z.record(z.string(), id),
      involveAreaLeads: z.boolean(),
      implementers: z.union([z.literal('by-area'), ids]),
      qa: z.optional(z.enum(['always', 'when-validating'])),
      phases: z.optional(z.string()),
      gatesIf: z.optional(z.array(conditionalGate)),
      assumptions: z.optional(strings),
      onlyGates: z.optional(ids),
      /** Types that win when their words appear too ("add a webhook, rename a field" is a feature, not a chore). */
      yieldsTo: z.optional(ids),
    })).check(z.minLength(1)),
    areaTerms: z.record(id, strings),
    areaRoles: z.record(id, z.strictObject({ lead: id, implementer: id })),
    modifiers: z.strictObject({ unclear: strings, deferrable: strings, crossStack: strings, monorepoWide: strings }),
    riskRules: z.array(z.strictObject({ when: z.enum(['cross-stack', 'large-refactor', 'monorepo-wide']), atLeast: risk, reason: z.string() })),
    phaseTemplates: z.record(z.string(), z.array(phase)),
    validation: z.record(z.string(), strings),
    changeSignals: z.optional(z.array(z.strictObject({
      trigger: id, paths: z.optional(strings), lines: z.optional(strings), in: z.optional(strings),
      /** Files that never fire this signal (tests, fixtures): `auth_helpers_test.go` is not an auth change. */
      except: z.optional(strings),
      /** The lines also count when the diff removes them (a dropped column, a removed permission check). */
      removed: z.optional(z.boolean()),
      /**
       * Only lines the diff removes or rewrites count: a tenant filter written into a new query is the
       * usual way; one taken out, or put into an existing query, is the risk.
       */
      changedOnly: z.optional(z.boolean()),
      /** `paths` fire only for files the diff adds (a new design-system component, not a fix inside one). */
      added: z.optional(z.boolean()),
      /**
       * `paths` fire only when the files they match that the diff adds hold at least this many new lines
       * together (not lines the diff removes elsewhere): a new screen of several hundred lines, not a new
       * icon, nor a stylesheet split into partials.
       */
      newLinesAtLeast: z.optional(z.int().check(z.positive())),
      /** `paths` fire only for files the diff deletes (a route handler removed is an endpoint removed). */
      deleted: z.optional(z.boolean()),
      /** `paths` fire for a file the diff only renames too (a migration renamed runs again, or never). */
      renamed: z.optional(z.boolean()),
      /** `lines` count only in files the diff modifies: a new file calling the usual check changes no rule. */
      modifiedOnly: z.optional(z.boolean()),
      /** Only the text the lines match counts: a line edited elsewhere (a json tag beside an unchanged gorm tag) is no change. */
      matchedTextOnly: z.optional(z.boolean()),
      /** `lines` name a field clients read (group 1): only a field the change drops or renames fires. */
      fieldsGone: z.optional(z.boolean()),
      /** Dependencies (package names; globs like `@mui/*`) whose arrival in a manifest fires the trigger. */
      packages: z.optional(strings),
      /** `packages` also fire when one moves to another major version, not only when it arrives. */
      majorMoves: z.optional(z.boolean()),
    }))),
    changeTypes: z.optional(z.array(z.strictObject({ type: id, paths: strings }))),
    definitionOfDone: strings,
    assumptions: strings,
  });
}

export const OperatingModelSchema = z.strictObject({
  version: z.literal(1),
  roles: z.array(z.strictObject({ id, name: z.string(), kind: RoleKindSchema, aliases: z.optional(strings) })).check(z.minLength(1)),
  riskAxes: z.array(z.strictObject({ id, level: risk, description: z.string() })),
  triggers: z.array(z.strictObject({
    id,
    terms: strings.check(z.minLength(1)),
    axes: ids,
    involve: z.optional(ids),
    involveIfUi: z.optional(ids),
    mandatory: z.optional(ids),
    gates: z.optional(ids),
    termsIfArea: z.optional(z.record(id, strings)),
    /** Phrases no word list can hold ("use date-fns in the portal"), as regular expressions over a brief. */
    patterns: z.optional(strings),
  })),
  // PO decisions and lanes are fixed vocabularies of the task packet contract (packets, the store
  // and kao route --json all carry them): a model may describe and subset them, not invent new ones.
  decisions: z.array(z.strictObject({ id: z.enum(GATE_DECISIONS), description: z.string() })),
  lanes: z.array(z.strictObject({ id: z.enum(LANES), description: z.string() })).check(z.minLength(1)),
  planningWritable: strings,
  packets: z.record(id, z.strictObject({ required: strings, optional: strings })),
  areas: z.record(id, strings),
  routing: z.optional(RoutingSchema()),
  /** The policy engine's settings for this repository (docs/policy.md). */
  policy: z.optional(z.strictObject({
    /** The role a hook decides as when neither the client nor the hook command names one. */
    defaultRole: z.optional(id),
    /** The project's own commands, allowed as written (matched on their first words): `make e2e`, `./gradlew test`. */
    commands: z.optional(strings),
    /** Hosts agents may fetch from without asking, besides the package registries. */
    hosts: z.optional(strings),
    /** Globs of more secret files (`add`), and of files that only look secret (`allow`). */
    secrets: z.optional(z.strictObject({ add: z.optional(strings), allow: z.optional(strings) })),
  })),
  constraints: z.optional(z.strictObject({
    tenantModel: z.optional(z.strictObject({ levels: strings, pathParameters: strings })),
    rtlFirst: z.optional(z.boolean()),
    plainMoneyLanguage: z.optional(z.boolean()),
    noSurpriseDocs: z.optional(z.boolean()),
  })),
});

export type OperatingModel = z.infer<typeof OperatingModelSchema>;

/**
 * Parses and validates a model file. Errors point at the YAML node the problem is in. References
 * between sections (a trigger naming an unknown role or gate) are checked too.
 */
export function parseOperatingModel(text: string, file: string): { model: OperatingModel | null; diagnostics: Diagnostic[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined) => {
    const p = counter.linePos(offset ?? 0);
    return { line: p.line, column: p.col };
  };
  if (doc.errors.length > 0) {
    return {
      model: null,
      diagnostics: doc.errors.map((e) => ({
        rule: 'yaml-invalid', severity: 'error' as const, file, ...at(e.pos[0]),
        message: `invalid YAML: ${e.message.split('\n')[0]}`, fix: 'Fix the YAML syntax at this position.',
      })),
    };
  }
  const nodeAt = (path: PropertyKey[]): YamlNode | undefined => {
    for (let i = path.length; i >= 0; i--) {
      const n = i === 0 ? doc.contents : doc.getIn(path.slice(0, i), true);
      if (n && typeof n === 'object' && 'range' in n) return n as YamlNode;
    }
    return undefined;
  };
  const parsed = OperatingModelSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      model: null,
      diagnostics: parsed.error.issues.map((issue) => ({
        rule: 'model-invalid', severity: 'error' as const, file, ...at(nodeAt(issue.path)?.range?.[0]),
        message: `operating model: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
        fix: 'See playbook/.github/agent-os/operating-model.yaml in kyora-agent-os for the expected shape.',
      })),
    };
  }
  const model = parsed.data;
  const diagnostics: Diagnostic[] = [];
  const roleIds = new Set(model.roles.map((r) => r.id));
  const gateIds = new Set(model.decisions.map((d) => d.id));
  const axisIds = new Set(model.riskAxes.map((a) => a.id));
  const laneIds = new Set(model.lanes.map((l) => l.id));
  model.triggers.forEach((t, i) => {
    const refs: [string, readonly string[] | undefined, Set<string>][] = [
      ['involve', t.involve, roleIds], ['involveIfUi', t.involveIfUi, roleIds], ['mandatory', t.mandatory, roleIds],
      ['gates', t.gates, gateIds], ['axes', t.axes, axisIds],
    ];
    for (const [key, values, known] of refs) {
      values?.forEach((v, j) => {
        if (known.has(v)) return;
        diagnostics.push({
          rule: key === 'gates' ? 'model-unknown-gate' : key === 'axes' ? 'model-unknown-axis' : 'role-undefined',
          severity: 'error', file, ...at(nodeAt(['triggers', i, key, j])?.range?.[0]),
          message: `trigger \`${t.id}\` names ${key === 'gates' ? 'PO decision' : key === 'axes' ? 'risk axis' : 'role'} \`${v}\`, which the model does not define`,
          fix: `Define \`${v}\` in \`${key === 'gates' ? 'decisions' : key === 'axes' ? 'riskAxes' : 'roles'}\`, or correct the id.`,
        });
      });
    }
  });
  const routing = model.routing;
  if (routing) {
    const refs: [PropertyKey[], string, Set<string>, string][] = [];
    routing.taskTypes.forEach((t, i) => {
      for (const [k, role] of Object.entries(t.owners)) refs.push([['routing', 'taskTypes', i, 'owners', k], role, roleIds, 'role']);
      if (Array.isArray(t.implementers)) t.implementers.forEach((r, j) => refs.push([['routing', 'taskTypes', i, 'implementers', j], r, roleIds, 'role']));
      t.gatesIf?.forEach((g, j) => refs.push([['routing', 'taskTypes', i, 'gatesIf', j, 'decision'], g.decision, gateIds, 'PO decision']));
      for (const [k, lanes] of Object.entries(t.lanes)) lanes?.forEach((l, j) => refs.push([['routing', 'taskTypes', i, 'lanes', k, j], l, laneIds, 'lane']));
      if (t.phases && !routing.phaseTemplates[t.phases]) refs.push([['routing', 'taskTypes', i, 'phases'], t.phases, new Set(), 'phase template']);
    });
    const triggerIds = new Set(model.triggers.map((t) => t.id));
    const typeIds = new Set(routing.taskTypes.map((t) => t.id));
    routing.taskTypes.forEach((t, i) => t.yieldsTo?.forEach((y, j) => refs.push([['routing', 'taskTypes', i, 'yieldsTo', j], y, typeIds, 'task type'])));
    const regexAt = (path: PropertyKey[], re: string, where: string, namesAField = false) => {
      const invalid = (message: string, fix: string) => diagnostics.push({ rule: 'model-invalid', severity: 'error', file, ...at(nodeAt(path)?.range?.[0]), message: `${where}: ${message}`, fix });
      try {
        // As compileChangeSignals will compile it: `{tenant}` stands for the tenant levels.
        const compiled = new RegExp(`${re.replaceAll('{tenant}', '(?:tenant)')}|`, 'i');
        // The empty alternative matches '' and so shows how many groups the pattern has.
        if (namesAField && compiled.exec('')!.length < 2) invalid('a fieldsGone pattern needs a group that captures the field name', 'Wrap the name in parentheses, as in json:"(\\w+)".');
      } catch (e) {
        invalid(`not a valid regular expression: ${(e as Error).message}`, 'Fix the pattern (backslashes must be doubled inside double quotes).');
      }
    };
    routing.changeSignals?.forEach((c, i) => {
      refs.push([['routing', 'changeSignals', i, 'trigger'], c.trigger, triggerIds, 'trigger']);
      c.lines?.forEach((re, j) => regexAt(['routing', 'changeSignals', i, 'lines', j], re, 'routing.changeSignals', c.fieldsGone === true));
    });
    model.triggers.forEach((t, i) => t.patterns?.forEach((re, j) => regexAt(['triggers', i, 'patterns', j], re, `triggers.${t.id}.patterns`)));
    routing.changeTypes?.forEach((c, i) => refs.push([['routing', 'changeTypes', i, 'type'], c.type, typeIds, 'task type']));
    for (const [area, r] of Object.entries(routing.areaRoles)) {
      refs.push([['routing', 'areaRoles', area, 'lead'], r.lead, roleIds, 'role'], [['routing', 'areaRoles', area, 'implementer'], r.implementer, roleIds, 'role']);
    }
    for (const [path, value, known, what] of refs) {
      if (known.has(value)) continue;
      diagnostics.push({
        rule: what === 'role' ? 'role-undefined' : 'model-invalid', severity: 'error', file, ...at(nodeAt(path)?.range?.[0]),
        message: `routing names ${what} \`${value}\`, which the model does not define`,
        fix: `Define \`${value}\`, or correct the id.`,
      });
    }
  }
  return { model, diagnostics };
}

