/**
 * The six packets of DESIGN.md §3 as data, each defined once as a zod schema with its type inferred.
 * The same definition validates a packet built from flags, one read back from JSON, and one parsed
 * from markdown someone wrote by hand; the markdown layout (layout.ts) is derived from it too.
 *
 * Text normalisation, decided once here: every text value is trimmed, line breaks (with the spaces
 * around them) fold into one space, NUL becomes U+FFFD (as CommonMark reads it), and empty text is
 * rejected. A packet is a summary, one line per fact; with that rule every normalised value survives
 * a markdown round trip exactly (the renderer escapes whatever markdown would read as structure).
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import {
  GATE_DECISIONS, LANES, RISKS, SCOPES, TASK_PACKET_VERSION, TASK_TYPES, type TaskPacket,
} from '../router/task-packet.ts';

// zod/mini keeps start-up small; English messages are opted in (as in playbook/operating-model.ts).
z.config(en());

export const PACKET_VERSION = 1;

export function normalizeText(s: string): string {
  return s.replace(/\0/g, '\uFFFD').replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

const text = z.string().check(z.overwrite(normalizeText), z.minLength(1, 'must not be empty'));
/** A shell command; a distinct instance so the layout can render it as a code span. */
export const CommandSchema = z.string().check(z.overwrite(normalizeText), z.minLength(1, 'must not be empty'));
const texts = z.array(text);
const commands = z.array(CommandSchema);
const atLeastOne = (what: string) => z.minLength(1, `list at least one ${what}`);

export const RoleIdSchema = z.string().check(
  z.regex(/^[a-z0-9][a-z0-9-]*$/, 'a role id is lower-case words joined by hyphens, e.g. backend-lead'),
);
const lane = z.enum(LANES);
const gateDecision = z.enum(GATE_DECISIONS);

/** One next step; `done` is the `[x]` of a markdown task item, so a handoff can be ticked off. */
export const StepSchema = z.object({ step: text, done: z.boolean() });

const ClassificationSchema = z.object({ type: z.enum(TASK_TYPES), scope: z.enum(SCOPES), risk: z.enum(RISKS), apps: texts });
const GateSchema = z.object({
  decision: gateDecision,
  reason: text,
  when: z.enum(['now', 'if']),
  condition: z.optional(text),
  rule: text,
  approved: z.optional(z.boolean()),
  evidence: z.optional(texts),
});
const PhaseSchema = z.object({ id: z.number().check(z.int(), z.nonnegative()), goal: text, definitionOfDone: texts });

/** TaskPacket (src/router/task-packet.ts) as a schema; the check below keeps the two identical. */
const TaskPacketSchema = z.object({
  version: z.literal(TASK_PACKET_VERSION),
  title: text,
  classification: ClassificationSchema,
  riskAxes: texts,
  owners: z.object({ primary: text, supporting: texts }),
  lanes: z.array(lane),
  phases: z.array(PhaseSchema),
  gates: z.array(GateSchema),
  mode: z.enum(['assumption-first', 'clarify-first']),
  questions: texts,
  assumptions: texts,
  validation: commands,
  definitionOfDone: texts,
  because: z.array(z.object({ rule: text, matched: texts, effect: text })),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Fails to type-check the day TaskPacket and this schema disagree.
true satisfies Same<z.infer<typeof TaskPacketSchema>, TaskPacket>;

// Field order is the order of DESIGN.md §3 and the order the markdown renders in.
const DelegationSchema = z.object({
  version: z.literal(PACKET_VERSION),
  from: RoleIdSchema,
  to: RoleIdSchema,
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD')),
  objective: text,
  classification: ClassificationSchema,
  acceptanceCriteria: texts.check(atLeastOne('acceptance criterion')),
  constraints: z.optional(texts),
  gates: z.optional(z.array(GateSchema)),
  decisions: z.optional(texts),
  assumptions: z.optional(texts),
  reuseTargets: z.optional(texts),
  ssot: z.optional(texts),
  phases: z.optional(z.array(PhaseSchema)),
  validation: commands.check(atLeastOne('validation command')),
  areas: z.optional(texts),
  risks: z.optional(texts),
  why: z.optional(text),
  expectedOutput: z.optional(text),
  returnPath: text,
});

const PhaseHandoffSchema = z.object({
  version: z.literal(PACKET_VERSION),
  phase: text,
  currentLane: lane,
  nextLane: lane,
  changed: texts.check(atLeastOne('change')),
  verified: z.array(z.object({ command: CommandSchema, result: text })),
  nextSteps: z.array(StepSchema).check(z.minLength(3, 'list 3 to 7 next steps'), z.maxLength(7, 'list 3 to 7 next steps')),
  openQuestions: z.optional(texts),
  pendingGates: z.optional(z.array(gateDecision)),
  crossStack: z.optional(z.object({ backendContract: text, portalIntegration: text, i18nKeys: text, e2eRtl: text })),
});

const RecoverySchema = z.object({
  version: z.literal(PACKET_VERSION),
  goal: text,
  lastLane: lane,
  done: texts,
  failing: z.optional(texts),
  nextStep: text,
  commands: z.optional(commands),
  pendingGates: z.optional(z.array(gateDecision)),
  assumptions: z.optional(texts),
});

const DriftTicketSchema = z.object({
  version: z.literal(PACKET_VERSION),
  drifted: text,
  codeToday: text,
  ssotSays: text,
  proposedRule: text,
  why: text,
  blastRadius: texts.check(atLeastOne('affected file or area')),
  needsPoGate: z.boolean(),
  validation: texts.check(atLeastOne('validation step')),
});

const ApprovalNeededSchema = z.object({
  version: z.literal(PACKET_VERSION),
  decision: gateDecision,
  context: text,
  options: z.array(z.object({ title: text, pros: texts, cons: texts })).check(atLeastOne('option')),
  risks: texts.check(atLeastOne('risk of proceeding without approval')),
});

export const PACKET_SCHEMAS = {
  task: TaskPacketSchema,
  delegation: DelegationSchema,
  'phase-handoff': PhaseHandoffSchema,
  recovery: RecoverySchema,
  'drift-ticket': DriftTicketSchema,
  'approval-needed': ApprovalNeededSchema,
} as const;

export type PacketKind = keyof typeof PACKET_SCHEMAS;
export const PACKET_KINDS = Object.keys(PACKET_SCHEMAS) as PacketKind[];
export type PacketOf<K extends PacketKind> = z.infer<(typeof PACKET_SCHEMAS)[K]>;
export type DelegationPacket = PacketOf<'delegation'>;
export type PhaseHandoffPacket = PacketOf<'phase-handoff'>;
export type RecoveryPacket = PacketOf<'recovery'>;
export type ApprovalNeededPacket = PacketOf<'approval-needed'>;
export type Step = z.infer<typeof StepSchema>;

/** Any packet, tagged by its kind (the task packet has no `kind` field of its own). */
export type AnyPacket = { [K in PacketKind]: { kind: K; packet: PacketOf<K> } }[PacketKind];

export function isPacketKind(s: string): s is PacketKind {
  return Object.hasOwn(PACKET_SCHEMAS, s);
}

export interface PacketIssue {
  /** Path into the packet, e.g. `["phases", 0, "goal"]`. */
  path: PropertyKey[];
  message: string;
}

/** Validates (and normalises) a packet; issues name the field they are about. */
export function validatePacket<K extends PacketKind>(kind: K, value: unknown):
  { ok: true; packet: PacketOf<K> } | { ok: false; issues: PacketIssue[] } {
  const parsed = PACKET_SCHEMAS[kind].safeParse(value);
  if (parsed.success) return { ok: true, packet: pruned(parsed.data) as PacketOf<K> };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) };
}

/** Drops keys whose value is undefined: an absent optional field is absent, in JSON and in memory alike. */
function pruned(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruned);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, pruned(x)]));
}

/** `phases[0].goal` style, for messages. */
export function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '') || '(packet)';
}
