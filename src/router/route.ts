/**
 * Routes work like the Orchestrator. Two front ends read signals — the words of a task brief, or
 * the paths and lines of a git diff (src/check/) — and one pure planner turns signals into a task
 * packet: classification, risk, owners, lanes, phases, PO gates, clarify-or-assume, validation and
 * definition of done. Every rule comes from the operating model and the roles' own specs, and every
 * inference is explained in `because`.
 */
import type { RoleSpec } from '../artifacts/spec.ts';
import { UsageError } from '../errors.ts';
import type { OperatingModel } from '../playbook/operating-model.ts';
import type { Brief } from './brief.ts';
import { compileLexicon, type Lexicon, type LexiconMatch, matchLexicon } from './lexicon.ts';
import { type PlaybookRow, type RoutedTrigger, withPlaybookRows } from './playbook-rows.ts';
import {
  type Because, type Gate, type GateDecision, type Lane, type Phase, type Risk, RISKS, type Scope, SCOPES, TASK_PACKET_VERSION,
  type TaskPacket, type TaskType,
} from './task-packet.ts';

export type Routing = NonNullable<OperatingModel['routing']>;
type TaskTypeRule = Routing['taskTypes'][number];

export interface RouteContext {
  model: OperatingModel;
  /** Compiled role specs by id (their definitions of done join the packet's). */
  roles: ReadonlyMap<string, RoleSpec>;
  /** The repository's own delegation-by-inference rows: they add roles to the model's triggers (their conditions win). */
  rows?: readonly PlaybookRow[];
}

/** What a front end found: each value lists the words or paths that showed it. */
export interface Signals {
  title: string;
  acceptanceCriteria: string[];
  /** The task type and why. */
  type: { id: string; because: Because };
  /** A scope stated outright (a brief's `scope` field). */
  scope?: { value: Scope; because: Because };
  areas: Map<string, string[]>;
  triggers: Map<string, string[]>;
  /** Risk axes stated outright (a brief's risk hints). */
  axes: Map<string, string[]>;
  modifiers: { unclear: string[]; deferrable: string[]; crossStack: string[]; monorepoWide: string[] };
  /** A diff shows what is done, so only gates it actually raises apply; a brief also asks about `if` gates. */
  conditionalGates: boolean;
}

/** A compiled router: build once per playbook, route many briefs. */
export interface Router {
  routing: Routing;
  route(brief: Brief): TaskPacket;
  plan(signals: Signals): TaskPacket;
}

export function createRouter(given: RouteContext): Router {
  const ctx: RouteContext = { ...given, model: withPlaybookRows(given.model, given.rows ?? [], new Set(given.roles.keys())) };
  const routing = ctx.model.routing;
  if (!routing) {
    throw new UsageError('no-routing', 'the operating model has no `routing` section', 'Copy the `routing` section of the built-in model (kao init writes it) into .github/agent-os/operating-model.yaml.');
  }
  const lexicon = compileLexicon({
    type: Object.fromEntries(routing.taskTypes.map((t) => [t.id, t.terms])),
    trigger: Object.fromEntries(ctx.model.triggers.map((t) => [t.id, t.terms])),
    triggerIfArea: Object.fromEntries(ctx.model.triggers.flatMap((t) => Object.entries(t.termsIfArea ?? {}).map(([a, terms]) => [`${t.id}@${a}`, terms]))),
    area: routing.areaTerms,
    modifier: routing.modifiers,
  });
  const patterns = ctx.model.triggers.flatMap((t) => (t.patterns ?? []).map((p) => ({ trigger: t.id, re: new RegExp(p, 'i') })));
  const plan = (signals: Signals) => planTask(signals, ctx, routing);
  return { routing, plan, route: (brief) => plan(briefSignals(brief, ctx.model, routing, lexicon, patterns)) };
}

type TriggerPattern = { trigger: string; re: RegExp };

/** The words of a brief → signals. */
function briefSignals(brief: Brief, model: OperatingModel, routing: Routing, lexicon: Lexicon, patterns: readonly TriggerPattern[]): Signals {
  const matches = matchLexicon(lexicon, brief.text);
  const grouped = (group: string) => {
    const out = new Map<string, string[]>();
    for (const m of matches) if (m.entry.group === group) out.set(m.entry.id, [...new Set([...(out.get(m.entry.id) ?? []), m.words])]);
    return out;
  };
  const modifiers = grouped('modifier');
  const axes = new Map<string, string[]>();
  for (const hint of brief.riskHints) {
    const axis = model.riskAxes.find((a) => a.id === hint.toLowerCase().trim().replace(/\s+/g, '-')) ?? model.riskAxes.find((a) => hint.toLowerCase().includes(a.id) || a.id.includes(hint.toLowerCase()));
    if (axis) axes.set(axis.id, [...(axes.get(axis.id) ?? []), hint]);
  }
  let scope: Signals['scope'];
  if (brief.scope) {
    if (!(SCOPES as readonly string[]).includes(brief.scope)) throw new UsageError('bad-brief', `unknown scope "${brief.scope}"`, `Use one of: ${SCOPES.join(', ')}.`);
    scope = { value: brief.scope as Scope, because: { rule: 'brief:scope', matched: [brief.scope], effect: `scope ${brief.scope}, as the brief says` } };
  }
  return {
    title: brief.title,
    acceptanceCriteria: brief.acceptanceCriteria,
    type: briefType(brief, routing, matches),
    ...(scope ? { scope } : {}),
    areas: grouped('area'),
    triggers: briefTriggers(brief.text, patterns, grouped('trigger'), grouped('triggerIfArea'), grouped('area')),
    axes,
    modifiers: {
      unclear: modifiers.get('unclear') ?? [], deferrable: modifiers.get('deferrable') ?? [],
      crossStack: modifiers.get('crossStack') ?? [], monorepoWide: modifiers.get('monorepoWide') ?? [],
    },
    conditionalGates: true,
  };
}

/** Triggers by their words, by their words when an area is named too, and by their phrase patterns. */
function briefTriggers(text: string, patterns: readonly TriggerPattern[], byWords: Map<string, string[]>, ifArea: Map<string, string[]>, areas: Map<string, string[]>): Map<string, string[]> {
  const out = new Map(byWords);
  const add = (id: string, words: string[]) => out.set(id, [...new Set([...(out.get(id) ?? []), ...words])]);
  for (const [key, words] of ifArea) {
    const [id, area] = key.split('@');
    if (areas.has(area!)) add(id!, words);
  }
  for (const { trigger, re } of patterns) {
    const m = re.exec(text);
    if (m) add(trigger, [m[0].trim()]);
  }
  return out;
}

/**
 * The brief's own type, else the first type (in model order) whose words appear — unless a type it
 * yields to has words there too — else the fallback.
 */
function briefType(brief: Brief, routing: Routing, matches: LexiconMatch[]): Signals['type'] {
  if (brief.type) {
    if (!routing.taskTypes.some((t) => t.id === brief.type)) {
      throw new UsageError('bad-brief', `unknown task type "${brief.type}"`, `Use one of: ${routing.taskTypes.map((t) => t.id).join(', ')}.`);
    }
    return { id: brief.type, because: { rule: 'brief:type', matched: [brief.type], effect: `type ${brief.type}, as the brief says` } };
  }
  const wordsOf = (id: string) => [...new Set(matches.filter((m) => m.entry.group === 'type' && m.entry.id === id).map((m) => m.words))];
  for (const t of routing.taskTypes) {
    const words = wordsOf(t.id);
    if (words.length === 0) continue;
    const winner = (t.yieldsTo ?? []).find((y) => wordsOf(y).length > 0);
    if (winner) return { id: winner, because: { rule: `type:${winner}`, matched: wordsOf(winner), effect: `type ${winner} (over ${t.id}: ${words.join(', ')})` } };
    return { id: t.id, because: { rule: `type:${t.id}`, matched: words, effect: `type ${t.id}` } };
  }
  return { id: fallbackType(routing).id, because: { rule: 'type:default', matched: [], effect: `no type words: type ${fallbackType(routing).id}` } };
}

export function fallbackType(routing: Routing): TaskTypeRule {
  return routing.taskTypes.find((t) => t.id === 'feature') ?? routing.taskTypes[routing.taskTypes.length - 1]!;
}

const riskRank = (r: Risk) => RISKS.indexOf(r);

function planTask(s: Signals, ctx: RouteContext, routing: Routing): TaskPacket {
  const { model } = ctx;
  const typeRule = routing.taskTypes.find((t) => t.id === s.type.id) ?? fallbackType(routing);
  const type = typeRule.id as TaskType;
  const because: Because[] = [s.type.because];

  // Areas and scope.
  const areaIds = [...s.areas.keys()].sort();
  for (const a of areaIds) because.push({ rule: `area:${a}`, matched: s.areas.get(a)!, effect: `touches ${a}` });
  const apps = areaIds.filter((a) => a === 'backend' || a === 'web');
  const scope = pickScope(s, typeRule, apps, areaIds, because);

  // Triggers: risk axes, roles that must be involved, gates.
  // Some kinds of work name risky areas without changing them (tests, chores): their `onlyGates`
  // says which triggers still count; the others are noted and ignored.
  const fired = model.triggers.filter((t) => s.triggers.has(t.id) && (!typeRule.onlyGates || (t.gates ?? []).every((g) => typeRule.onlyGates!.includes(g))));
  for (const t of model.triggers) {
    if (s.triggers.has(t.id) && !fired.includes(t)) because.push({ rule: `trigger:${t.id}`, matched: s.triggers.get(t.id)!, effect: `ignored: ${type} work changes no ${t.axes.join(', ')} behaviour` });
  }
  const axes = new Map<string, string[]>(s.axes);
  for (const [axis, evidence] of s.axes) because.push({ rule: 'brief:risk-hint', matched: evidence, effect: `risk axis ${axis}` });
  for (const t of fired) {
    for (const a of t.axes) axes.set(a, [...(axes.get(a) ?? []), ...s.triggers.get(t.id)!]);
    const sources = (t as RoutedTrigger).sources;
    because.push({
      rule: `trigger:${t.id}`, matched: s.triggers.get(t.id)!,
      effect: [t.involve?.length ? `involve ${t.involve.join(', ')}` : '', t.gates?.length ? `PO gate ${t.gates.join(', ')}` : '', t.axes.length ? `risk axis ${t.axes.join(', ')}` : '', sources ? `as ${sources.join(', ')} says` : ''].filter(Boolean).join('; '),
    });
  }
  const { unclear, deferrable } = s.modifiers;
  if (unclear.length) because.push({ rule: 'modifier:unclear', matched: unclear, effect: 'the problem is not clear yet: start in discovery' });
  if (deferrable.length) because.push({ rule: 'modifier:deferrable', matched: deferrable, effect: 'not urgent: park it in the backlog after discovery' });

  // Risk: the type's base, the axes' levels, and the situation rules.
  let risk: Risk = typeRule.baseRisk;
  for (const a of axes.keys()) {
    const level = model.riskAxes.find((x) => x.id === a)?.level ?? 'low';
    if (riskRank(level) > riskRank(risk)) risk = level;
  }
  const largeRefactor = type === 'refactor' && (scope === 'cross-stack' || scope === 'monorepo-wide');
  for (const r of routing.riskRules) {
    const applies = r.when === 'cross-stack' ? scope === 'cross-stack' : r.when === 'monorepo-wide' ? scope === 'monorepo-wide' && !typeRule.scope : largeRefactor;
    if (applies && riskRank(r.atLeast) > riskRank(risk)) {
      risk = r.atLeast;
      because.push({ rule: `risk:${r.when}`, matched: [scope], effect: `risk at least ${r.atLeast}: ${r.reason}` });
    }
  }

  // Lanes: the type's plan for the situation.
  const variant: keyof TaskTypeRule['lanes'] =
    unclear.length && deferrable.length && typeRule.lanes.deferred ? 'deferred'
      : (unclear.length || scope === 'unknown') && typeRule.lanes.unclear ? 'unclear'
        : risk === 'low' && scope !== 'unknown' && typeRule.lanes.clear ? 'clear'
          : 'default';
  const lanes = (typeRule.lanes[variant] ?? typeRule.lanes.default) as Lane[];
  because.push({ rule: `lanes:${type}:${variant}`, matched: [], effect: lanes.join(' → ') });
  const implementing = lanes.includes('implementation');

  // Owners.
  const primary = (variant === 'deferred' || variant === 'unclear' ? typeRule.owners.unclear : undefined) ??
    typeRule.owners[scope] ?? (apps.length === 1 ? typeRule.owners[apps[0]!] : undefined) ?? typeRule.owners.default ?? 'orchestrator';
  because.push({ rule: `owner:${type}`, matched: [], effect: `primary owner ${primary}` });
  const roleApps = scope === 'cross-stack' && apps.length < 2 ? ['backend', 'web'] : apps;
  const supporting = new Set<string>();
  for (const t of fired) {
    [...(t.involve ?? []), ...(t.mandatory ?? [])].forEach((r) => supporting.add(r));
    if (apps.includes('web')) t.involveIfUi?.forEach((r) => supporting.add(r));
  }
  if (typeRule.involveAreaLeads) for (const a of roleApps) if (routing.areaRoles[a]) supporting.add(routing.areaRoles[a].lead);
  if (implementing) {
    const implementers = typeRule.implementers === 'by-area'
      ? roleApps.flatMap((a) => (routing.areaRoles[a] ? [routing.areaRoles[a].implementer] : []))
      : typeRule.implementers;
    implementers.forEach((r) => supporting.add(r));
  }
  if (typeRule.qa === 'always' || lanes.includes('validation')) supporting.add('qa-test-specialist');
  supporting.delete(primary);
  const roleOrder = model.roles.map((r) => r.id);
  const supportingIds = [...supporting].sort((a, b) => roleOrder.indexOf(a) - roleOrder.indexOf(b));

  // Gates: none while work only investigates; else the triggers' (now) and, for a brief, the type's (if).
  const gates: Gate[] = [];
  if (implementing) {
    for (const t of fired) {
      for (const g of t.gates ?? []) {
        if (gates.some((x) => x.decision === g)) continue;
        const evidence = s.triggers.get(t.id)!;
        const what = model.decisions.find((d) => d.id === g)?.description ?? g;
        gates.push({ decision: g as GateDecision, reason: `${what} (${evidence.slice(0, 3).map((e) => `"${e}"`).join(', ')})`, when: 'now', rule: `trigger:${t.id}` });
      }
    }
    if (s.conditionalGates) {
      for (const g of typeRule.gatesIf ?? []) {
        if (gates.some((x) => x.decision === g.decision)) continue;
        gates.push({ decision: g.decision as GateDecision, reason: model.decisions.find((d) => d.id === g.decision)?.description ?? g.decision, when: 'if', condition: g.condition, rule: `type:${type}` });
      }
    }
  }

  // Phases: cross-stack, more than two areas, or high risk.
  let phases: Phase[] = [];
  if (implementing && (scope === 'cross-stack' || areaIds.length > 2 || risk === 'high')) {
    const name = typeRule.phases && (typeRule.phases !== 'cross-stack-feature' || scope === 'cross-stack') ? typeRule.phases : 'default';
    phases = (routing.phaseTemplates[name] ?? []).map((p, i) => ({ id: i, goal: p.goal, definitionOfDone: [...p.definitionOfDone] }));
    because.push({ rule: `phases:${name}`, matched: [], effect: `${phases.length} phases` });
  }

  // Clarify or assume: low risk proceeds on written-down assumptions, anything riskier asks first.
  const noCriteria = s.acceptanceCriteria.length === 0;
  const mode: TaskPacket['mode'] = (risk !== 'low' || unclear.length > 0) && (noCriteria || scope === 'unknown') ? 'clarify-first' : 'assumption-first';
  const conditional = gates.filter((g) => g.when === 'if' && g.condition);
  const questions: string[] = [];
  const assumptions: string[] = [];
  if (mode === 'clarify-first') {
    if (scope === 'unknown') questions.push('Which app or area does this touch: backend, portal, or both?');
    if (noCriteria) questions.push(`What must be true for "${s.title}" to be accepted?`);
    for (const g of conditional) questions.push(`Is it expected that ${g.condition}? If so, the PO decides first (${g.decision}).`);
    if (unclear.length && !implementing) questions.push('When did it start, and how can it be reproduced?');
  } else {
    assumptions.push(...routing.assumptions, ...(typeRule.assumptions ?? []));
    for (const g of conditional) assumptions.push(`not expected: ${g.condition} (if it happens, stop for the PO's ${g.decision} decision)`);
    if (noCriteria) assumptions.push(`acceptance: "${s.title}" is done as described`);
  }

  // Validation and definition of done.
  const validation = [...apps.flatMap((a) => routing.validation[a] ?? []), ...(scope === 'cross-stack' ? routing.validation['cross-stack'] ?? [] : [])];
  if (validation.length === 0) validation.push(...(routing.validation.default ?? []));
  const definitionOfDone = [...s.acceptanceCriteria, ...routing.definitionOfDone, ...(ctx.roles.get(primary)?.definitionOfDone.map((d) => d.text) ?? [])];

  return {
    version: TASK_PACKET_VERSION,
    title: s.title,
    classification: { type, scope, risk, apps },
    riskAxes: [...axes.keys()].sort(),
    owners: { primary, supporting: supportingIds },
    lanes,
    phases,
    gates,
    mode,
    questions: questions.slice(0, 5),
    assumptions,
    validation,
    definitionOfDone: [...new Set(definitionOfDone)],
    because,
  };
}

function pickScope(s: Signals, typeRule: TaskTypeRule, apps: string[], areaIds: string[], because: Because[]): Scope {
  const decide = (scope: Scope, rule: string, matched: string[], why: string) => {
    because.push({ rule, matched, effect: `scope ${scope}: ${why}` });
    return scope;
  };
  if (s.scope) {
    because.push(s.scope.because);
    return s.scope.value;
  }
  if (typeRule.scope) return decide(typeRule.scope, `scope:${typeRule.id}`, [], `${typeRule.id} work spans the repository`);
  const { monorepoWide, crossStack } = s.modifiers;
  if (monorepoWide.length) return decide('monorepo-wide', 'modifier:monorepo-wide', monorepoWide, 'the whole repository is named');
  if (crossStack.length || apps.length > 1) return decide('cross-stack', 'scope:cross-stack', crossStack.length ? crossStack : apps, 'backend and web are both involved');
  if (areaIds.length > 0) return decide('single-app', 'scope:single-app', areaIds, `one area (${areaIds.join(', ')})`);
  return decide('unknown', 'scope:unknown', [], 'nothing places it in an area');
}
