/**
 * `kao packet <kind> [options]` builds a packet (markdown, or JSON with --json) and
 * `kao packet check FILE.md` validates one written by hand. Each kind is a sub-command with its own
 * options, parsed here with node:util's parseArgs (several options repeat, and `--pro`/`--con` bind
 * to the `--option` before them, which the shared command layer does not model). Usage problems
 * throw UsageError (exit 2); `check` returns 1 when the packet has errors.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Diagnostic } from '../../diagnostics.ts';
import { UsageError } from '../../errors.ts';
import { GATE_DECISIONS, LANES, type GateDecision, type Lane, type TaskPacket } from '../../router/task-packet.ts';
import { buildApproval, buildDelegation, buildHandoff, type Option } from '../../packets/build.ts';
import { parsePacket } from '../../packets/parse.ts';
import { buildRecovery } from '../../packets/recovery.ts';
import { readCheckout } from '../../packets/repo.ts';
import { gitRoot } from '../../git/git.ts';
import { markerOf, renderPacket } from '../../packets/render.ts';
import { PACKET_KINDS, RoleIdSchema, pathText, validatePacket, type AnyPacket, type PacketKind } from '../../packets/schemas.ts';
import { parseCommand, type CommandShape, type OptionSpec, type OptionValues, type ParsedCommand } from '../command.ts';
import { readStdin } from '../stdin.ts';

type Opt = OptionSpec;
type Values = OptionValues;
type Parsed = ParsedCommand;
interface Sub {
  spec: CommandShape;
  run: (p: Parsed) => number | Promise<number>;
}

const text = (description: string, value = '<text>'): Opt => ({ type: 'string', description, value });
const req = (description: string, value = '<text>'): Opt => ({ ...text(`${description} (required)`, value), required: true });
const many = (description: string, value = '<text>'): Opt => ({ ...text(`${description} (repeatable)`, value), multiple: true });
const JSON_OPT: Opt = { type: 'boolean', description: 'print the packet as JSON ({kind, packet}) instead of markdown' };
const TASK_OPT = (required: boolean): Opt => ({
  ...(required ? req : text)('task packet JSON, as printed by `kao route --json` or `kao check --json` (- for stdin)', '<file>'),
});
const EXIT = 'Exit status: 0 ok, 2 usage error (including a packet the options leave incomplete).';

const SUBS: Record<PacketKind | 'check', Sub> = {
  task: {
    spec: { name: 'packet task', summary: 'Render a task packet (from `kao route --json`) as markdown.', args: '', options: { task: TASK_OPT(true), json: JSON_OPT }, epilog: EXIT },
    run: async ({ values: v }) => emit('task', (await readTask(str(v.task))).task, v.json === true),
  },
  delegation: {
    spec: {
      name: 'packet delegation', summary: 'Build a delegation packet from a task packet: who hands what to whom, and how it comes back.', args: '',
      options: {
        from: req('role id handing the work over, e.g. backend-lead', '<role>'), to: req('role id taking it, e.g. backend-implementer', '<role>'),
        task: TASK_OPT(true), objective: text('one-sentence objective (default: the task title)'), date: text('date of the handoff (default: today)', '<YYYY-MM-DD>'),
        criterion: many('an acceptance criterion as the PO wrote it (default: the task\'s definition of done)'), constraint: many('a constraint or non-negotiable'),
        reuse: many('something to reuse'), ssot: many('an SSOT file the work follows', '<path>'), validation: many('a validation command besides the task\'s', '<cmd>'),
        area: many('a file or area likely touched (default: from `kao check` changes, else the task\'s apps)', '<path>'),
        why: text('why delegate'), 'expected-output': text('what the receiver hands back'), 'return-path': text('how the work comes back'), json: JSON_OPT,
      },
      epilog: EXIT,
    },
    run: async ({ values: v }) => {
      const from = roleId(v.from, 'from');
      const to = roleId(v.to, 'to');
      const { task, areas } = await readTask(str(v.task));
      return emit('delegation', buildDelegation(task, {
        from, to, date: typeof v.date === 'string' ? v.date : today(), objective: opt(v.objective), criteria: list(v.criterion),
        constraints: list(v.constraint), reuse: list(v.reuse), ssot: list(v.ssot), validation: list(v.validation),
        areas: list(v.area).length > 0 ? list(v.area) : areas, why: opt(v.why), expectedOutput: opt(v['expected-output']), returnPath: opt(v['return-path']),
      }), v.json === true);
    },
  },
  'phase-handoff': {
    spec: {
      name: 'packet phase-handoff', summary: 'Build a phase-handoff packet: what changed, what is verified, the next 3 to 7 steps.', args: '',
      options: {
        phase: req('the phase just completed, e.g. "1: backend endpoint with tests"'),
        lane: { ...req('the current lane', '<lane>'), choices: LANES }, 'next-lane': { ...req('the lane the work goes to', '<lane>'), choices: LANES },
        step: many('a next step; give 3 to 7'), changed: many('what changed, as a fact (default: commits since --base or the newest packet, and uncommitted files)'),
        verified: many('a check that was run, as "COMMAND => RESULT"', '<cmd => result>'), question: many('an open question'),
        gate: { ...many('a pending PO gate', '<decision>'), choices: GATE_DECISIONS }, task: TASK_OPT(false),
        dir: text('repository for the default --changed (default: .)', '<dir>'), base: text('git ref the phase started from', '<ref>'),
        'backend-contract': text('cross-stack: state of the backend contract'), 'portal-integration': text('cross-stack: state of the portal integration'),
        'i18n-keys': text('cross-stack: state of the i18n keys'), 'e2e-rtl': text('cross-stack: state of the E2E and RTL checks'), json: JSON_OPT,
      },
      epilog: `Cross-stack work gives all four cross-stack options. ${EXIT}`,
    },
    run: async ({ values: v }) => {
      const task = typeof v.task === 'string' ? (await readTask(v.task)).task : null;
      let changed = list(v.changed);
      if (changed.length === 0) {
        const { work } = readCheckout(repoRoot(str(v.dir ?? '.')), opt(v.base));
        changed = [...work.commits.map((c) => `${c.hash} ${c.subject}`), ...work.changes.map((c) => `uncommitted: ${c.path}`)];
      }
      const verified = list(v.verified).map((s) => {
        const at = s.lastIndexOf('=>');
        if (at < 0) throw usage('bad-verified', `packet phase-handoff: --verified must be "COMMAND => RESULT", not "${s}"`, 'phase-handoff');
        return { command: s.slice(0, at), result: s.slice(at + 2) };
      });
      const cross = ['backend-contract', 'portal-integration', 'i18n-keys', 'e2e-rtl'] as const;
      const given = cross.filter((k) => typeof v[k] === 'string');
      if (given.length > 0 && given.length < cross.length) {
        throw usage('cross-stack-partial', `packet phase-handoff: cross-stack work needs all of ${cross.map((k) => `--${k}`).join(', ')}; missing ${cross.filter((k) => !given.includes(k)).map((k) => `--${k}`).join(', ')}`, 'phase-handoff');
      }
      return emit('phase-handoff', buildHandoff(task, {
        phase: str(v.phase), currentLane: v.lane as Lane, nextLane: v['next-lane'] as Lane, changed, verified, steps: list(v.step),
        questions: list(v.question), gates: list(v.gate) as GateDecision[],
        crossStack: given.length > 0 ? { backendContract: str(v['backend-contract']), portalIntegration: str(v['portal-integration']), i18nKeys: str(v['i18n-keys']), e2eRtl: str(v['e2e-rtl']) } : undefined,
      }), v.json === true);
    },
  },
  recovery: {
    spec: {
      name: 'packet recovery', summary: 'Build a recovery packet from a checkout: goal and lane from its newest packets, what is done from git, pending gates, the next step.', args: '',
      options: {
        dir: text('the repository (default: .)', '<dir>'), base: text('git ref the work started from (default: the newest packet\'s commit)', '<ref>'),
        goal: text('the goal, when the packets do not say it'), json: JSON_OPT,
      },
      epilog: `Packets are the *.md files (tracked, or untracked and not ignored) whose first line is a kao packet marker; those under .agent-os/packets/ and docs/ come first. ${EXIT}`,
    },
    run: ({ values: v }) => {
      const { found, skipped, work } = readCheckout(repoRoot(str(v.dir ?? '.')), opt(v.base));
      for (const s of skipped) process.stderr.write(`kao: note: skipped ${s}: not a valid packet (see \`kao packet check ${s}\`)\n`);
      return emit('recovery', buildRecovery(found, work, { goal: opt(v.goal) }), v.json === true);
    },
  },
  'drift-ticket': {
    spec: {
      name: 'packet drift-ticket', summary: 'Build a drift ticket: where the code and its SSOT disagree, and the rule to settle it.', args: '',
      options: {
        drifted: req('what drifted'), 'code-today': req('what the code does today'), 'ssot-says': req('what the SSOT says'), 'proposed-rule': req('the rule proposed'),
        why: req('why this rule'), 'blast-radius': many('a file or area affected (at least one)', '<path>'), validation: many('a step of the validation plan (at least one)'),
        'no-po-gate': { type: 'boolean', description: 'the change needs no PO gate (changing a convention normally does)' }, json: JSON_OPT,
      },
      epilog: EXIT,
    },
    run: ({ values: v }) => emit('drift-ticket', {
      version: 1, drifted: v.drifted, codeToday: v['code-today'], ssotSays: v['ssot-says'], proposedRule: v['proposed-rule'], why: v.why,
      blastRadius: list(v['blast-radius']), needsPoGate: v['no-po-gate'] !== true, validation: list(v.validation),
    }, v.json === true),
  },
  'approval-needed': {
    spec: {
      name: 'packet approval-needed', summary: 'Build an approval-needed packet: the PO decision required, the options, the risks of going ahead without it.', args: '',
      options: {
        decision: { ...req('the decision the PO must take', '<decision>'), choices: GATE_DECISIONS }, task: TASK_OPT(false),
        context: text('the context (default: from the task and its gate)'), option: many('an option (default: approve / do not approve)'),
        pro: many('a pro of the --option before it'), con: many('a con of the --option before it'), risk: many('a risk of proceeding without approval'), json: JSON_OPT,
      },
      epilog: EXIT,
    },
    run: async ({ values: v, order }) => {
      const options: Option[] = [];
      for (const { name, value } of order) {
        if (name === 'option') options.push({ title: value, pros: [], cons: [] });
        if (name !== 'pro' && name !== 'con') continue;
        const last = options.at(-1);
        if (!last) throw usage('pro-before-option', `packet approval-needed: --${name} "${value}" comes before any --option`, 'approval-needed');
        (name === 'pro' ? last.pros : last.cons).push(value);
      }
      const task = typeof v.task === 'string' ? (await readTask(v.task)).task : null;
      if (!task && typeof v.context !== 'string') throw usage('no-context', 'packet approval-needed: give --task or --context', 'approval-needed');
      return emit('approval-needed', buildApproval(task, { decision: v.decision as GateDecision, context: opt(v.context), options, risks: list(v.risk) }), v.json === true);
    },
  },
  check: {
    spec: {
      name: 'packet check', summary: 'Check a packet written by hand: say what is missing or invalid, with file:line.', args: 'FILE.md',
      options: { json: { type: 'boolean', description: 'print the result as JSON' } },
      epilog: 'Exit status: 0 valid (warnings allowed), 1 errors found, 2 usage error.',
    },
    run: ({ values: v, positionals }) => check(positionals[0]!, v.json === true),
  },
};

function overview(): string {
  const rows: [string, string][] = [...PACKET_KINDS.map((k): [string, string] => [k, SUBS[k].spec.summary]), ['check FILE.md', SUBS.check.spec.summary]];
  return [
    'Usage: kao packet <kind> [options]', '       kao packet check FILE.md [--json]', '',
    'Build a packet as markdown (or JSON with --json), or check one written by hand.', '', 'Kinds:',
    ...rows.map(([k, s]) => `  ${k.padEnd(17)}${s}`), '',
    'Run `kao packet <kind> --help` for the options of a kind.',
    `A packet's first line is its marker, e.g. \`${markerOf('delegation')}\`; then one "## " heading per field,`,
    'lists as "- " items, nested values as "- key: value" items, next steps as "- [ ] " items.',
    'Exit status: 0 ok, 1 `check` found errors, 2 usage error.', '',
  ].join('\n');
}

export async function runPacket(args: string[]): Promise<number> {
  const [kind, ...rest] = args;
  if (kind === '-h' || kind === '--help' || kind === 'help') {
    process.stdout.write(overview());
    return 0;
  }
  // No kind is a usage error, as with every command that needs one (exit 2, help on stderr).
  if (kind === undefined) {
    process.stderr.write(overview());
    return 2;
  }
  const sub = Object.hasOwn(SUBS, kind) ? SUBS[kind as keyof typeof SUBS] : undefined;
  if (!sub) throw new UsageError('unknown-packet-kind', `packet: unknown kind "${kind}"`, `Kinds: ${PACKET_KINDS.join(', ')}; or \`kao packet check FILE.md\`.`);
  const parsed = parseSub(sub, rest);
  return parsed ? sub.run(parsed) : 0;
}

function parseSub(sub: Sub, argv: string[]): Parsed | null {
  const parsed = parseCommand(sub.spec, argv);
  if (!parsed) return null;
  const want = sub.spec.args ? 1 : 0;
  if (parsed.positionals.length !== want) {
    const kind = sub.spec.name.replace(/^packet /, '');
    throw usage('bad-arguments', want ? `${sub.spec.name}: expected one ${sub.spec.args}, got ${parsed.positionals.length}` : `${sub.spec.name}: unexpected argument "${parsed.positionals[0]}"`, kind);
  }
  return parsed;
}

function emit(kind: PacketKind, candidate: unknown, json: boolean): number {
  const checked = validatePacket(kind, candidate);
  if (!checked.ok) {
    const problems = checked.issues.map((i) => `${pathText(i.path)}: ${i.message}`).join('; ');
    throw usage('incomplete-packet', `packet ${kind}: the packet is not complete: ${problems}`, kind);
  }
  const packet = { kind, packet: checked.packet } as AnyPacket;
  process.stdout.write(json ? `${JSON.stringify(packet, null, 2)}\n` : renderPacket(packet));
  return 0;
}

function check(file: string, json: boolean): number {
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError('no-such-file', `packet check: no such file: ${file}`);
  const result = parsePacket(readFileSync(file, 'utf8'), file);
  const count = (s: Diagnostic['severity']) => result.diagnostics.filter((d) => d.severity === s).length;
  const errors = count('error');
  if (json) {
    const out = { version: 1, file, kind: result.kind, valid: errors === 0, summary: { errors, warnings: count('warning') }, diagnostics: result.diagnostics, packet: result.packet?.packet ?? null };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    for (const d of result.diagnostics) process.stdout.write(`${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}${d.fix ? `\n    fix: ${d.fix}` : ''}\n`);
    process.stdout.write(`${file}: ${result.kind ?? 'not a'} packet${errors === 0 ? ', valid' : ''}: ${plural(errors, 'error')}, ${plural(count('warning'), 'warning')}\n`);
  }
  return errors > 0 ? 1 : 0;
}

async function readTask(file: string): Promise<{ task: TaskPacket; areas: string[] }> {
  let data: unknown;
  try {
    data = JSON.parse(file === '-' ? (await readStdin(16 * 1024 * 1024)).toString('utf8') : readFileSync(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError('bad-task', `--task ${file}: ${err.code === 'ENOENT' ? 'no such file' : `not JSON (${err.message})`}`, 'Pass the JSON printed by `kao route --json` or `kao check --json`.');
  }
  const checked = validatePacket('task', data);
  if (!checked.ok) {
    const problems = checked.issues.slice(0, 5).map((i) => `${pathText(i.path)}: ${i.message}`).join('; ');
    throw new UsageError('bad-task', `--task ${file} is not a task packet: ${problems}`, 'Pass the JSON printed by `kao route --json` or `kao check --json`.');
  }
  // `kao check --json` adds the changed files; they are the areas a delegation likely touches.
  const changes = (data as { changes?: unknown }).changes;
  const areas = Array.isArray(changes) ? changes.flatMap((c) => (typeof c?.path === 'string' ? [c.path as string] : [])) : [];
  return { task: checked.packet, areas };
}

function repoRoot(dir: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError('no-such-dir', `packet: not a directory: ${dir}`);
  return gitRoot(dir);
}

function roleId(value: string | boolean | string[] | undefined, flag: string): string {
  const s = str(value);
  if (!RoleIdSchema.safeParse(s).success) {
    throw usage('bad-role', `packet delegation: --${flag} must be a role id (lower-case words joined by hyphens, e.g. backend-lead), not "${s}"`, 'delegation');
  }
  return s;
}

function usage(code: string, message: string, kind: string): UsageError {
  return new UsageError(code, message, `Run \`kao packet ${kind} --help\` for the options.`);
}

const str = (v: Values[string]): string => (typeof v === 'string' ? v : '');
const opt = (v: Values[string]): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: Values[string]): string[] => (Array.isArray(v) ? v : []);

/** Today in the local calendar: a handoff is dated the day its author sees. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
