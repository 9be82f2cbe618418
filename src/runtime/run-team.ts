/**
 * `kao run`: a task run by the team with live agents, every tool call through the policy, on the hash
 * chain, and durable. The run goes a few Orchestrator turns at a time (the SDK's turn limit returns the
 * state when they are done), and after each such segment the state is sealed and stored, so a crash
 * resumes from the end of the last segment. A call the policy asks about pauses the run: the approval request is filed,
 * the state stored, and the process may exit; `resumeRun` continues once the PO has answered, in any
 * process, and refuses a state that was changed or a playbook that changed since.
 */
import { randomBytes } from 'node:crypto';
import { MaxTurnsExceededError, RunState, Runner, type Agent, type RunResult, type RunToolApprovalItem } from '@openai/agents';
import { UsageError } from '../errors.ts';
import { renderPacket } from '../packets/render.ts';
import type { DelegationPacket, PhaseHandoffPacket, RecoveryPacket } from '../packets/schemas.ts';
import { validatePacket } from '../packets/schemas.ts';
import type { Playbook } from '../playbook/load.ts';
import type { Action } from '../policy/action.ts';
import type { Decision, HistoryEntry } from '../policy/decide.ts';
import { parseBrief } from '../router/brief.ts';
import { routeContext } from '../router/context.ts';
import { createRouter } from '../router/route.ts';
import type { Lane, TaskPacket } from '../router/task-packet.ts';
import { actionHash, canonicalJson } from '../store/canonical.ts';
import { honouredAnswersFor, type HonouredAnswers } from '../store/honoured-approvals.ts';
import { describeAction, type AuditEntry, type RunRecord, type RunUsage, type StateChangeInput, type Store } from '../store/store.ts';
import { handoffPacket } from './handoff.ts';
import { meteredModel, type ModelCall, type RoleModel, type RoleModels } from './metered-model.ts';
import { readMcpConfig } from './mcp-config.ts';
import { connectMcp, type McpConnections } from './mcp-servers.ts';
import { toolCallAction } from './policy-tools.ts';
import { lockRun } from './run-lock.ts';
import { grantsMcpTool, roleMcpServers } from './role-agents.ts';
import { openRun, playbookVersion, sealRun } from './run-envelope.ts';
import { buildTeam, delegateToolName, orchestratorOf, teamRoles, type Team, type TeamMember } from './team.ts';
import { runTelemetry, type RunTelemetry } from './telemetry.ts';

export interface RunLimits {
  /** Orchestrator turns in the whole run (a delegation is one turn of the Orchestrator). */
  maxTurns: number;
  /** Turns (model calls) of any one delegated role in the run. */
  maxRoleTurns: number;
  /** Tokens (in and out) in the whole run, and for any one role; null for no limit. */
  maxTokens: number | null;
  maxRoleTokens: number | null;
  /** US dollars in the whole run, and for any one role (counted for models with a price); null for no limit. */
  maxCostUsd: number | null;
  maxRoleCostUsd: number | null;
}

export const DEFAULT_LIMITS: RunLimits = { maxTurns: 30, maxRoleTurns: 50, maxTokens: null, maxRoleTokens: null, maxCostUsd: null, maxRoleCostUsd: null };

/** What a run reports as it goes: the live view and `--json` lines are both made from these. */
export type RunEvent =
  | { type: 'started'; runId: string; task: string; owner: string; lanes: string[]; gates: string[]; roles: { role: string; lane: string; model: string }[] }
  | { type: 'resumed'; runId: string; approved: string[]; rejected: string[] }
  | { type: 'model-call'; runId: string; role: string; model: string; inputTokens: number; outputTokens: number; usage: RunUsage }
  | { type: 'delegation'; runId: string; from: string; to: string; objective: string }
  | { type: 'tool-call'; runId: string; role: string; action: string; decision: Decision['decision']; rule: string; reason: string }
  | { type: 'ask'; runId: string; role: string; action: string; reason: string; gate?: string; requestId?: string }
  | { type: 'handoff'; runId: string; role: string; packet: PhaseHandoffPacket }
  | { type: 'notice'; runId: string; message: string }
  | { type: 'ended'; runId: string; status: 'finished' | 'paused' | 'failed'; reason?: string; output?: string; usage: RunUsage; recovery?: RecoveryPacket; report?: PhaseHandoffPacket };

export interface RunTeamOptions {
  playbook: Playbook;
  store: Store;
  models: RoleModels;
  limits?: RunLimits;
  onEvent?: (event: RunEvent) => void;
  now?: () => Date;
  /** For the MCP configuration's `${env:…}` and its servers' environment (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * Resuming: the person resuming has looked into the stop condition the run paused on (the same error
   * three times, three empty searches) and lets the call go on. Never a PO gate, never a budget.
   */
  overrideStop?: boolean;
}

export interface RunOutcome {
  runId: string;
  status: 'finished' | 'paused' | 'failed';
  reason?: string;
  output?: string;
  /** The approval requests the run waits for. */
  waitingFor: { requestId: string; gate: string; role: string; action: string }[];
  usage: RunUsage;
}

/** Audit `state-changed` kinds a run writes besides decisions and its status. */
const TOOL_RESULT = 'tool-result';
const MODEL_CALL = 'model-call';
const DELEGATION = 'delegation';
const ROUTED = 'task-routed';
const HANDOFF = 'phase-handoff';
const REPORT = 'report';

export function newRunId(now: Date): string {
  return `run-${now.toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
}

export async function startRun(opts: RunTeamOptions, task: string, runId?: string): Promise<RunOutcome> {
  const now = opts.now ?? (() => new Date());
  const id = runId ?? newRunId(now());
  if (await opts.store.getRun(id)) throw new UsageError('run-exists', `run ${id} already exists`, `Resume it with \`kao run --resume ${id}\`, or start a new run without --id.`);
  const packet = route(opts.playbook, task);
  const unlock = lockRun(opts.playbook.root, id);
  try {
    return await startSession(opts, id, task, packet);
  } finally {
    unlock();
  }
}

async function startSession(opts: RunTeamOptions, id: string, task: string, packet: TaskPacket): Promise<RunOutcome> {
  await opts.store.saveRun({ runId: id, task, status: 'running' });
  await opts.store.appendAudit({ runId: id, what: ROUTED, to: { owner: packet.owners.primary, supporting: packet.owners.supporting, lanes: packet.lanes, gates: packet.gates.map((g) => g.decision) } });
  const session = await RunSession.open(opts, id, task, packet, []);
  opts.onEvent?.({
    type: 'started', runId: id, task, owner: packet.owners.primary, lanes: [...packet.lanes], gates: packet.gates.map((g) => g.decision),
    roles: [...session.team.members.values()].map((m) => ({ role: m.roleId, lane: m.lane, model: opts.models(m.roleId).label })),
  });
  session.notices();
  let outcome: RunOutcome | undefined;
  try {
    return (outcome = await session.drive(session.input(task)));
  } finally {
    await session.close(outcome);
  }
}

export async function resumeRun(opts: RunTeamOptions, runId: string): Promise<RunOutcome> {
  const record = await opts.store.getRun(runId);
  if (!record) throw new UsageError('no-such-run', `no run ${runId} in this repository's store`, 'Run `kao runs` to see the runs and their ids.');
  if (record.status === 'finished') throw new UsageError('run-finished', `run ${runId} has finished`, `See what it did with \`kao run show ${runId}\`.`);
  const unlock = lockRun(opts.playbook.root, runId);
  try {
    return await resumeLocked(opts, record);
  } finally {
    unlock();
  }
}

async function resumeLocked(opts: RunTeamOptions, record: RunRecord): Promise<RunOutcome> {
  const runId = record.runId;
  const entries = await opts.store.readAudit({ runId });
  const text = await sealedState(opts, record, entries);
  const session = await RunSession.open(opts, runId, record.task, route(opts.playbook, record.task), entries);
  let outcome: RunOutcome | undefined;
  try {
    return (outcome = await resumeSession(opts, session, record, text));
  } finally {
    await session.close(outcome);
  }
}

async function resumeSession(opts: RunTeamOptions, session: RunSession, record: RunRecord, text: string): Promise<RunOutcome> {
  const runId = record.runId;
  const state = await RunState.fromString(session.team.orchestrator, text);
  const approved: string[] = [];
  const rejected: string[] = [];
  const waiting: RunOutcome['waitingFor'] = [];
  for (const item of state.getInterruptions()) {
    const call = session.callOf(item);
    const d = call.role.decide(call.action);
    const stop = d.decision === 'ask' && !d.gate && d.rule.startsWith('stop-');
    if (stop && opts.overrideStop) {
      await session.overridden(call.role.roleId, call.action, d);
      state.approve(item);
      approved.push(`${describeAction(call.action)} (past ${d.rule})`);
    } else if (d.decision === 'allow') {
      state.approve(item);
      approved.push(describeAction(call.action));
    } else if (d.decision === 'deny') {
      state.reject(item, { message: `denied by ${d.rule} (${d.source}): ${d.reason}` });
      rejected.push(describeAction(call.action));
    } else if (stop) {
      throw new UsageError('run-stopped', `run ${runId} stopped: ${d.reason} [${d.rule}]`, `Look into it (\`kao run show ${runId}\`); to let the call go on, resume with \`kao run --resume ${runId} --override-stop\`.`);
    } else {
      waiting.push(...(await session.file(call.role.roleId, call.action, d)));
    }
  }
  if (waiting.length > 0) {
    const reasons = waiting.map((w) => `${w.requestId} (${w.gate})`).join(', ');
    throw new UsageError('run-still-waiting', `run ${runId} still waits for the PO: ${reasons}`, `The PO answers with \`kao approve ${waiting[0]!.requestId}\` (or \`kao deny … --reason …\`); then resume again.`);
  }
  opts.onEvent?.({ type: 'resumed', runId, approved, rejected });
  session.notices();
  await opts.store.saveRun({ runId, task: record.task, status: 'running', sealed: record.sealed!, usage: session.usage });
  return session.drive(state);
}

/** The paused run's state text, after checking the chain recorded exactly this state for the run. */
async function sealedState(opts: RunTeamOptions, record: RunRecord, entries: readonly AuditEntry[]): Promise<string> {
  if (!record.sealed) {
    throw new UsageError('run-not-resumable', `run ${record.runId} (${record.status}) kept no state to resume from${record.reason ? `: ${record.reason}` : ''}`, 'Start the task again with `kao run`; the audit log keeps what this run did.');
  }
  const last = [...entries].reverse().find((e) => e.event.type === 'run-state')?.event;
  const report = await opts.store.verifyAudit();
  if (!report.ok || last?.type !== 'run-state' || last.stateHash !== record.sealed.stateHash) {
    throw new UsageError('run-state-tampered', `the saved state of run ${record.runId} is not the one the audit log recorded`, 'Do not resume it; start the task again, and check `kao audit verify`.');
  }
  return openRun(record.sealed, playbookVersion(opts.playbook));
}

function route(playbook: Playbook, task: string): TaskPacket {
  return createRouter(routeContext(playbook)).route(parseBrief(task));
}

/** A run in this process: the team, the run's history and usage, and what it writes. */
class RunSession {
  readonly team: Team;
  usage: RunUsage;
  readonly #opts: RunTeamOptions;
  readonly #runId: string;
  readonly #task: string;
  readonly #packet: TaskPacket;
  readonly #history: HistoryEntry[];
  /** The role of each history entry, and where each role's latest delegation starts in it. */
  readonly #historyRoles: string[] = [];
  readonly #since = new Map<string, { at: number; objective: string }>();
  /** What each role has used: its model calls (turns), tokens and cost, for the per-role limits. */
  readonly #perRole = new Map<string, { turns: number; tokens: number; costUsd: number }>();
  readonly #delegated: Set<string>;
  /**
   * Model calls and tool results not yet written: they go onto the chain with the next decision, in
   * its transaction (one disk sync per step instead of three), or before any other write. A crash can
   * lose only the last step's, never a decision: each is written before its call runs.
   */
  #pending: StateChangeInput[] = [];
  readonly #version: string;
  readonly #runner = new Runner({ tracingDisabled: true, workflowName: 'kao run' });

  readonly #mcp: McpConnections;
  readonly #telemetry: RunTelemetry | null;

  private constructor(opts: RunTeamOptions, runId: string, task: string, packet: TaskPacket, entries: readonly AuditEntry[], answers: Map<string, HonouredAnswers>, mcp: McpConnections, telemetry: RunTelemetry | null) {
    this.#mcp = mcp;
    this.#telemetry = telemetry;
    this.#opts = opts;
    this.#runId = runId;
    this.#task = task;
    this.#packet = packet;
    this.#version = playbookVersion(opts.playbook);
    this.#history = [];
    this.#delegated = new Set();
    this.usage = { requests: 0, inputTokens: 0, outputTokens: 0 };
    // What the run did before this process: its history for the stop conditions, its usage and delegations.
    for (const e of entries) {
      const ev = e.event;
      if (ev.type === 'run-state' && ev.usage) this.usage = ev.usage;
      if (ev.type !== 'state-changed') continue;
      const to = ev.to as Record<string, unknown>;
      if (ev.what === TOOL_RESULT) {
        this.#history.push(to.outcome as unknown as HistoryEntry);
        this.#historyRoles.push(String(to.role));
      }
      if (ev.what === MODEL_CALL) this.#tally(String(to.role), Number(to.inputTokens) + Number(to.outputTokens), typeof to.costUsd === 'number' ? to.costUsd : 0);
      if (ev.what === DELEGATION) {
        this.#delegated.add(canonicalJson(to as never));
        this.#since.set(String(to.to), { at: this.#history.length, objective: String(to.objective) });
      }
    }
    const date = (opts.now?.() ?? new Date()).toISOString().slice(0, 10);
    this.team = buildTeam({
      // The SDK's own limit sits above kao's, so kao's pauses the run (with its state) before the SDK's ends the delegation.
      playbook: opts.playbook, task: packet, date, history: this.#history, delegateTurns: (opts.limits ?? DEFAULT_LIMITS).maxRoleTurns + 2,
      modelFor: (role) => meteredModel(opts.models(role), (usage) => this.#modelCall(role, opts.models(role), usage)),
      answersFor: (role) => answers.get(role) ?? { approved: () => false, denied: () => undefined },
      mcpFor: (roleId) => {
        const role = opts.playbook.roles.get(roleId)!;
        return roleMcpServers(role, mcp.connected).flatMap((server) => mcp.tools(server).filter((t) => grantsMcpTool(role, server, t.name)));
      },
      stopReason: (role) => this.#stopReason(role),
      hooks: {
        decision: (role, action, d) => this.#decision(role, action, d),
        result: (role, action, output) => this.#result(role, action, output),
        delegation: (p) => this.#delegation(p),
        handoff: (role, lane, message) => this.#handoff(role, lane, message),
      },
    });
  }

  static async open(opts: RunTeamOptions, runId: string, task: string, packet: TaskPacket, entries: readonly AuditEntry[]): Promise<RunSession> {
    const team = teamRoles(opts.playbook, packet);
    const answers = await honouredAnswersFor(opts.store, opts.playbook.root, runId, team, entries);
    // The MCP servers the team's roles are granted, started once for the run.
    const config = readMcpConfig(opts.playbook.root, opts.env ?? process.env);
    const configured = [...config.servers.keys()];
    const wanted = [...new Set(team.flatMap((id) => roleMcpServers(opts.playbook.roles.get(id)!, configured)))];
    const mcp = await connectMcp(opts.playbook.root, config, wanted);
    try {
      const telemetry = await runTelemetry(opts.env ?? process.env, runId, orchestratorOf(opts.playbook));
      return new RunSession(opts, runId, task, packet, entries, answers, mcp, telemetry);
    } catch (e) {
      // Started servers are child processes: left running, they would keep this process alive.
      await mcp.close();
      throw e;
    }
  }

  /** Says which granted MCP servers the run goes without, and why. */
  notices(): void {
    for (const [server, why] of this.#mcp.unavailable) this.#opts.onEvent?.({ type: 'notice', runId: this.#runId, message: `MCP server ${server} is not used: ${why}` });
  }

  /** Stops the run's MCP servers and sends its trace; `outcome` is undefined when the run threw. */
  async close(outcome: RunOutcome | undefined): Promise<void> {
    await this.#mcp.close();
    await this.#telemetry?.finish(outcome?.status ?? 'failed', outcome?.reason);
  }

  /** The Orchestrator's first message: the task and the task packet kao routed it to. */
  input(task: string): string {
    const gates = this.#packet.gates.map((g) => `${g.decision}${g.when === 'if' ? ` (if ${g.condition ?? 'needed'})` : ''}`);
    return [
      `Task: ${task}`,
      `kao routed it: owner ${this.#packet.owners.primary}${this.#packet.owners.supporting.length ? `, with ${this.#packet.owners.supporting.join(', ')}` : ''}; lanes ${this.#packet.lanes.join(' → ')}; PO gates ${gates.length ? gates.join(', ') : 'none expected'}.`,
      `Delegate each piece of work with the delegate_to_… tools (objective, acceptance criteria, validation commands); kao turns them into delegation packets. A tool call that needs the PO pauses the run until the PO answers. When the work is done, end with a short report: what changed, what was verified, what is left.`,
    ].join('\n\n');
  }

  /** Which role made an interrupted call, and the action it stands for. */
  callOf(item: RunToolApprovalItem): { role: TeamMember; action: Action } {
    const role = this.team.members.get(item.agent.name);
    const raw = item.rawItem;
    const name = raw.type === 'function_call' ? raw.name : '';
    const args = raw.type === 'function_call' ? raw.arguments : '';
    const target = [...this.team.members.keys()].find((r) => delegateToolName(r) === name);
    const called = item.agent.tools.find((t) => t.name === name);
    const action = target ? { tool: 'agent' as const, target } : called ? toolCallAction(called, args) : null;
    if (!role || !action) throw new UsageError('run-state-unreadable', `the run waits on a call kao does not know (${item.agent.name}: ${name})`, 'Start the task again; the audit log keeps what the old run did.');
    return { role, action };
  }

  /** A stop condition the person resuming let go past, on the chain as theirs. */
  async overridden(role: string, action: Action, d: Decision): Promise<void> {
    await this.#decision(role, action, { decision: 'allow', rule: 'stop-overridden', source: 'kao run --override-stop', reason: `resumed past ${d.rule}: ${d.reason}` });
  }

  /** Files the PO's approval request for an `ask` with a gate; a stop condition or budget files none. */
  async file(role: string, action: Action, d: Decision): Promise<RunOutcome['waitingFor']> {
    if (!d.gate) return [];
    await this.#flush();
    const { request } = await this.#opts.store.requestApproval({ runId: this.#runId, role, decision: d.gate as never, action: action as never, context: d.reason });
    return [{ requestId: request.id, gate: d.gate, role, action: describeAction(action) }];
  }

  /** Runs segment by segment until the run finishes, pauses, or fails; the state is stored after each segment. */
  async drive(input: string | RunState<unknown, Agent<unknown, any>>): Promise<RunOutcome> {
    const limits = this.#opts.limits ?? DEFAULT_LIMITS;
    let next = input;
    // Turns between checkpoints. Serialising the SDK's state costs more as the run grows, so a segment
    // lasts about ten times what the last checkpoint cost: kao's share stays near a tenth of the run,
    // and a crash replays at most one segment.
    let segment = 1;
    for (;;) {
      const turn = typeof next === 'string' ? 0 : next._currentTurn;
      if (turn >= limits.maxTurns) return this.#pause(next as RunState<unknown, Agent<unknown, any>>, `the run reached its limit of ${limits.maxTurns} turns`, []);
      let result: RunResult<unknown, Agent<unknown, any>>;
      const started = performance.now();
      try {
        result = await this.#runner.run(this.team.orchestrator, next, { maxTurns: Math.min(turn + segment, limits.maxTurns) });
      } catch (e) {
        if (e instanceof MaxTurnsExceededError && e.state) {
          // A segment done: keep it, then go on from it.
          const perTurn = (performance.now() - started) / Math.max(1, e.state._currentTurn - turn);
          const saving = performance.now();
          await this.#checkpoint(e.state);
          segment = Math.max(1, Math.ceil((10 * (performance.now() - saving)) / Math.max(perTurn, 0.001)));
          next = e.state;
          continue;
        }
        return this.#failed(e, typeof next === 'string' ? null : next);
      }
      if (result.interruptions.length > 0) {
        const waiting: RunOutcome['waitingFor'] = [];
        const reasons: string[] = [];
        let lane: string | undefined;
        for (const item of result.interruptions) {
          const call = this.callOf(item);
          lane = call.role.lane;
          const d = call.role.decide(call.action);
          await this.#decision(call.role.roleId, call.action, d);
          const filed = await this.file(call.role.roleId, call.action, d);
          waiting.push(...filed);
          reasons.push(filed.length ? `waiting for the PO's ${d.gate} decision on ${describeAction(call.action)} (request ${filed[0]!.requestId})` : `${d.reason} [${d.rule}]`);
          this.#opts.onEvent?.({ type: 'ask', runId: this.#runId, role: call.role.roleId, action: describeAction(call.action), reason: d.reason, ...(d.gate ? { gate: d.gate } : {}), ...(filed[0] ? { requestId: filed[0].requestId } : {}) });
        }
        return this.#pause(result.state, reasons.join('; '), waiting, lane);
      }
      const output = typeof result.finalOutput === 'string' ? result.finalOutput : JSON.stringify(result.finalOutput ?? '');
      const report = handoffPacket(this.#packet, { phase: `report of ${this.#runId}`, lane: this.#lastLane, history: this.#history, message: output });
      await this.#flush();
      await this.#opts.store.appendAudit({ runId: this.#runId, what: REPORT, to: report as never });
      await this.#opts.store.saveRun({ runId: this.#runId, task: this.#task, status: 'finished', usage: this.usage, output });
      this.#opts.onEvent?.({ type: 'ended', runId: this.#runId, status: 'finished', output, usage: this.usage, report });
      return { runId: this.#runId, status: 'finished', output, waitingFor: [], usage: this.usage };
    }
  }

  async #checkpoint(state: RunState<unknown, Agent<unknown, any>>): Promise<void> {
    await this.#flush();
    await this.#opts.store.saveRun({ runId: this.#runId, task: this.#task, status: 'running', sealed: sealRun(state.toString(), this.#version), usage: this.usage });
  }

  async #pause(state: RunState<unknown, Agent<unknown, any>>, reason: string, waiting: RunOutcome['waitingFor'], lane?: string): Promise<RunOutcome> {
    const recovery = this.#recovery(reason, waiting, lane);
    await this.#flush();
    await this.#opts.store.saveRun({ runId: this.#runId, task: this.#task, status: 'paused', sealed: sealRun(state.toString(), this.#version), reason, usage: this.usage });
    this.#opts.onEvent?.({ type: 'ended', runId: this.#runId, status: 'paused', reason, usage: this.usage, recovery });
    return { runId: this.#runId, status: 'paused', reason, waitingFor: waiting, usage: this.usage };
  }

  /**
   * A provider that fails, times out or answers garbage: the run keeps its last stored state (it can be
   * resumed from the last finished turn) and says why; with no turn finished there is nothing to keep.
   */
  async #failed(e: unknown, last: RunState<unknown, Agent<unknown, any>> | null): Promise<RunOutcome> {
    const reason = failureReason(e);
    await this.#flush();
    const record = await this.#opts.store.getRun(this.#runId);
    const resumable = Boolean(record?.sealed) || last !== null;
    const sealed = record?.sealed ?? (last ? sealRun(last.toString(), this.#version) : undefined);
    const status = resumable ? 'paused' : 'failed';
    await this.#opts.store.saveRun({ runId: this.#runId, task: this.#task, status, ...(sealed ? { sealed } : {}), reason, usage: this.usage });
    this.#opts.onEvent?.({ type: 'ended', runId: this.#runId, status, reason, usage: this.usage });
    return { runId: this.#runId, status, reason, waitingFor: [], usage: this.usage };
  }

  /** The recovery packet of a pause: what was done, what waits, what to do next. */
  #recovery(reason: string, waiting: RunOutcome['waitingFor'], lane?: string): RecoveryPacket | undefined {
    const done = this.#history.filter((h) => h.action.tool === 'edit' || h.action.tool === 'execute').map((h) => describeAction(h.action));
    const built = validatePacket('recovery', {
      version: 1, goal: this.#task, lastLane: lane ?? this.team.members.values().next().value!.lane,
      done: done.length ? [...new Set(done)].slice(-20) : ['nothing changed in the workspace yet'],
      nextStep: waiting.length ? `the PO answers ${waiting.map((w) => w.requestId).join(', ')}, then \`kao run --resume ${this.#runId}\`` : `look into why it paused (${reason}), then \`kao run --resume ${this.#runId}\``,
      commands: [`kao run --resume ${this.#runId}`, `kao run show ${this.#runId}`],
      ...(waiting.length ? { pendingGates: [...new Set(waiting.map((w) => w.gate))] } : {}),
    });
    return built.ok ? built.packet : undefined;
  }

  #stopReason(role: string): string | null {
    const limits = this.#opts.limits ?? DEFAULT_LIMITS;
    const total = this.usage.inputTokens + this.usage.outputTokens;
    if (limits.maxTokens !== null && total >= limits.maxTokens) return `the run used ${total} tokens, its limit is ${limits.maxTokens} (--max-tokens)`;
    const mine = this.#perRole.get(role) ?? { turns: 0, tokens: 0, costUsd: 0 };
    if (role !== this.team.orchestratorId && mine.turns >= limits.maxRoleTurns) return `${role} took ${mine.turns} turns, the limit per role is ${limits.maxRoleTurns} (--max-role-turns)`;
    if (limits.maxRoleTokens !== null && mine.tokens >= limits.maxRoleTokens) return `${role} used ${mine.tokens} tokens, the limit per role is ${limits.maxRoleTokens} (--max-role-tokens)`;
    const cost = this.usage.costUsd ?? 0;
    if (limits.maxCostUsd !== null && cost >= limits.maxCostUsd) return `the run cost ${usd(cost)}, its limit is ${usd(limits.maxCostUsd)} (--max-cost)`;
    if (limits.maxRoleCostUsd !== null && mine.costUsd >= limits.maxRoleCostUsd) return `${role} cost ${usd(mine.costUsd)}, the limit per role is ${usd(limits.maxRoleCostUsd)} (--max-role-cost)`;
    return null;
  }

  /** One model call of a role: a turn, its tokens and its cost. */
  #tally(role: string, tokens: number, costUsd: number): void {
    const r = this.#perRole.get(role) ?? { turns: 0, tokens: 0, costUsd: 0 };
    this.#perRole.set(role, { turns: r.turns + 1, tokens: r.tokens + tokens, costUsd: r.costUsd + costUsd });
  }

  async #modelCall(role: string, model: RoleModel, call: ModelCall): Promise<void> {
    const usage = { inputTokens: call.inputTokens, outputTokens: call.outputTokens };
    this.#telemetry?.modelCall({ role, provider: model.provider, model: model.name, ...call });
    const cost = model.price ? (usage.inputTokens * model.price.input + usage.outputTokens * model.price.output) / 1e6 : undefined;
    const costUsd = cost === undefined ? this.usage.costUsd : (this.usage.costUsd ?? 0) + cost;
    this.usage = {
      requests: this.usage.requests + 1, inputTokens: this.usage.inputTokens + usage.inputTokens, outputTokens: this.usage.outputTokens + usage.outputTokens,
      ...(costUsd === undefined ? {} : { costUsd }),
    };
    this.#tally(role, usage.inputTokens + usage.outputTokens, cost ?? 0);
    this.#pending.push({
      runId: this.#runId, what: MODEL_CALL,
      to: { role, provider: model.provider, model: model.name, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, ...(cost === undefined ? {} : { costUsd: cost }) },
    });
    this.#opts.onEvent?.({ type: 'model-call', runId: this.#runId, role, model: model.name, ...usage, usage: this.usage });
  }

  async #flush(): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    for (const change of pending) await this.#opts.store.appendAudit(change);
  }

  async #decision(role: string, action: Action, d: Decision): Promise<void> {
    const lane = this.team.members.get(role)?.lane;
    const before = this.#pending;
    this.#pending = [];
    await this.#opts.store.recordDecision({ runId: this.#runId, role, ...(lane ? { lane: lane as never } : {}), action: action as never, ...d, gate: d.gate as never }, before);
    this.#telemetry?.toolDecided(role, action, d);
    if (d.decision !== 'ask') this.#opts.onEvent?.({ type: 'tool-call', runId: this.#runId, role, action: describeAction(action), decision: d.decision, rule: d.rule, reason: d.reason });
  }

  async #result(role: string, action: Action, output: string): Promise<void> {
    const outcome: HistoryEntry = { action, ...outcomeOf(action, output) };
    this.#history.push(outcome);
    this.#historyRoles.push(role);
    this.#telemetry?.toolDone(role, action, Buffer.byteLength(output));
    this.#pending.push({ runId: this.#runId, what: TOOL_RESULT, to: { role, outcome, actionHash: actionHash(action as never), bytes: Buffer.byteLength(output) } as never });
  }

  /** The lane the work reached: that of the role delegated to last, else the task packet's first. */
  get #lastLane(): Lane {
    const last = [...this.#since.entries()].sort((a, b) => a[1].at - b[1].at).at(-1)?.[0];
    const member = last === undefined ? undefined : this.team.members.get(last);
    return (member?.lane ?? this.#packet.lanes[0] ?? this.team.members.values().next().value!.lane) as Lane;
  }

  /** A delegated role finished: its phase-handoff packet from what it did since it was delegated to. */
  async #handoff(role: string, lane: string, message: string): Promise<string> {
    const since = this.#since.get(role) ?? { at: 0, objective: role };
    const history = this.#history.slice(since.at).filter((_, i) => this.#historyRoles[since.at + i] === role);
    const packet = handoffPacket(this.#packet, { phase: `${role}: ${since.objective}`, lane: lane as Lane, history, message });
    await this.#flush();
    await this.#opts.store.appendAudit({ runId: this.#runId, what: HANDOFF, to: { role, packet } as never });
    this.#opts.onEvent?.({ type: 'handoff', runId: this.#runId, role, packet });
    return `${message}\n\n${renderPacket({ kind: 'phase-handoff', packet })}`;
  }

  async #delegation(p: DelegationPacket): Promise<void> {
    const key = canonicalJson(p as never);
    // A delegation replayed on resume (the SDK rebuilds its input) is the same packet: recorded once.
    if (this.#delegated.has(key)) return;
    this.#delegated.add(key);
    this.#since.set(p.to, { at: this.#history.length, objective: p.objective });
    await this.#flush();
    await this.#opts.store.appendAudit({ runId: this.#runId, what: DELEGATION, to: p as never });
    this.#opts.onEvent?.({ type: 'delegation', runId: this.#runId, from: p.from, to: p.to, objective: p.objective });
  }
}

/** What the stop conditions need of a call's result: a command's exit code and error, a search's hit count. */
function outcomeOf(action: Action, output: string): Omit<HistoryEntry, 'action'> {
  if (action.tool === 'execute') {
    const code = /\nexit code (\d+)$/.exec(output)?.[1];
    const lastLine = output.trimEnd().split('\n').slice(-2, -1)[0]?.slice(0, 200);
    return { exitCode: code === undefined ? 124 : Number(code), ...(code !== '0' && lastLine ? { error: lastLine } : {}) };
  }
  if (action.tool === 'search') return { results: output.startsWith('no match for ') ? 0 : output.split('\n').length };
  return {};
}

/** A provider's failure in one sentence a user can act on. */
function failureReason(e: unknown): string {
  const raw = e as { status?: number; statusCode?: number; message?: string };
  // OpenAI's client says `status`, the AI SDK's (Anthropic) `statusCode`.
  const err = { status: raw.status ?? raw.statusCode, message: raw.message };
  // The provider client's errors keep the generic `name`; their class says what they are.
  const kind = (e as object | null)?.constructor?.name ?? 'Error';
  if (err.status === 401 || err.status === 403) return `the model provider refused the key (HTTP ${err.status}): check OPENAI_API_KEY or ANTHROPIC_API_KEY`;
  if (err.status === 404) return `the model provider does not know the model (HTTP 404): check KAO_MODEL or .github/agent-os/models.yaml`;
  if (typeof err.status === 'number') return `the model provider answered HTTP ${err.status}: ${firstLine(err.message)}`;
  if (kind === 'APIConnectionTimeoutError' || /timed? ?out/i.test(err.message ?? '')) return `the model provider did not answer in time: ${firstLine(err.message)}`;
  if (kind === 'APIConnectionError') return `cannot reach the model provider: ${firstLine(err.message)}`;
  return `${kind}: ${firstLine(err.message)}`;
}

/** "$0.0123": cents and their fractions, as token prices come. */
export const usd = (n: number) => `$${n.toFixed(4)}`;

const firstLine = (s: string | undefined) => (s ?? 'unknown error').split('\n')[0]!.slice(0, 300);
