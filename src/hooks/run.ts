/**
 * One hook call, end to end: which role and lane, what the tool would do, the policy's decision (with
 * the session's PO answers and stop conditions), the audit entry, the approval request for an `ask`,
 * and the answer in the client's format. Prompts are routed into a task packet whose owners, lanes and
 * gates go back to the agent as context; the end of a session says which gates are still waiting.
 * Each session is a run of the store (`<client>-<session id>`).
 */
import type { Action } from '../policy/action.ts';
import { policyContext } from '../policy/context.ts';
import { createPolicy, type Decision, type HistoryEntry, type Verdict } from '../policy/decide.ts';
import { workspaceFs } from '../policy/fs-view.ts';
import { assertUsable, type Playbook } from '../playbook/load.ts';
import { honouredAnswers } from '../store/honoured-approvals.ts';
import { withRepoStore } from '../store/repo.ts';
import type { AuditEntry } from '../store/store.ts';
import { type Client, type HookCall, runIdOf } from './payload.ts';
import { contextAnswer, type HookAnswer, preToolAnswer, stopAnswer } from './respond.ts';
import { toolActions } from './tool-actions.ts';

export interface HookOptions {
  role?: string;
  lane?: string;
}

const RANK: Record<Verdict, number> = { allow: 0, ask: 1, deny: 2 };
const LANE_CHANGE = 'session-lane';
const OUTCOME = 'tool-outcome';

/** The role the call runs as: the client's word for it, else --role, else the repository's default. */
export function roleOf(playbook: Playbook, call: HookCall, opts: HookOptions): string | null {
  const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_/]+/g, '-');
  if (call.agentType) {
    const wanted = norm(call.agentType);
    for (const [id, r] of playbook.roles) if (id === wanted || norm(r.spec.name) === wanted) return id;
  }
  return opts.role ?? playbook.model.policy?.defaultRole ?? null;
}

export async function handleHook(client: Client, call: HookCall, playbook: Playbook, opts: HookOptions): Promise<HookAnswer> {
  const runId = runIdOf(client, call.sessionId);
  switch (call.event) {
    case 'pre-tool':
      return preTool(client, call, playbook, opts, runId);
    case 'post-tool':
      await withRepoStore(playbook.root, true, async (store) => {
        for (const action of toolActions(client, call.toolName ?? 'unknown', call.toolInput)) {
          await store.appendAudit({ runId, what: OUTCOME, to: { action, ...(call.exitCode !== undefined ? { exitCode: call.exitCode } : {}), ...(call.error ? { error: call.error } : {}) } as never });
        }
      });
      return { stdout: '', exitCode: 0 };
    case 'prompt':
    case 'session-start':
      return routePrompt(client, call, playbook, runId);
    case 'stop':
      return stopAnswer(await pendingMessage(playbook, runId));
  }
}

async function preTool(client: Client, call: HookCall, playbook: Playbook, opts: HookOptions, runId: string): Promise<HookAnswer> {
  const role = roleOf(playbook, call, opts);
  if (!role) {
    return preToolAnswer(client, 'deny', 'no role is known for this session: pass --role in the hook command, or set policy.defaultRole in the operating model (kao never decides as "no role")');
  }
  assertUsable(playbook, role);
  const answer = await withRepoStore(playbook.root, true, async (store) => {
    const entries = await store.readAudit({ runId });
    const { history, lane: routedLane } = sessionState(entries);
    const lane = opts.lane ?? routedLane ?? 'implementation';
    const policy = createPolicy(policyContext(playbook, role, lane, workspaceFs(playbook.root), await honouredAnswers(store, playbook.root, runId, role, entries)));
    const actions = toolActions(client, call.toolName ?? 'unknown', call.toolInput);
    // A tool that does several things (a patch over many files) gets the strictest decision of them.
    let worst: { action: Action; d: Decision } | null = null;
    for (const action of actions) {
      const d = policy.decide(action, history);
      await store.recordDecision({ runId, role, lane: lane as never, action: action as never, ...d, gate: d.gate as never, client, session: call.sessionId, ...(call.toolUseId ? { toolUseId: call.toolUseId } : {}) });
      if (!worst || RANK[d.decision] > RANK[worst.d.decision]) worst = { action, d };
    }
    const { action, d } = worst!;
    let reason = `${d.reason} [${d.rule}, ${d.source}]`;
    if (d.decision === 'ask' && d.gate) {
      const { request } = await store.requestApproval({ runId, role, decision: d.gate as never, action: action as never, context: d.reason });
      reason += `; the PO answers with \`kao approve ${request.id}\` (or \`kao deny ${request.id} --reason …\`), then the same call passes`;
    }
    return preToolAnswer(client, d.decision, reason);
  });
  return answer!;
}

/** Outcomes recorded by PostToolUse (for the stop conditions) and the lane the session was routed to. */
function sessionState(entries: readonly AuditEntry[]): { history: HistoryEntry[]; lane: string | undefined } {
  const history: HistoryEntry[] = [];
  let lane: string | undefined;
  for (const e of entries) {
    if (e.event.type !== 'state-changed') continue;
    if (e.event.what === LANE_CHANGE && typeof e.event.to === 'string') lane = e.event.to;
    if (e.event.what === OUTCOME) history.push(e.event.to as unknown as HistoryEntry);
  }
  return { history: history.slice(-200), lane };
}

async function routePrompt(client: Client, call: HookCall, playbook: Playbook, runId: string): Promise<HookAnswer> {
  if (!call.prompt) return { stdout: '', exitCode: 0 };
  const [{ parseBrief }, { createRouter }, { routeContext }] = await Promise.all([import('../router/brief.ts'), import('../router/route.ts'), import('../router/context.ts')]);
  const packet = createRouter(routeContext(playbook)).route(parseBrief(call.prompt));
  const first = packet.lanes.find((l) => l !== 'discovery' && l !== 'planning') ?? packet.lanes[0];
  await withRepoStore(playbook.root, true, (store) => store.appendAudit({ runId, what: LANE_CHANGE, to: packet.lanes.includes('planning') ? 'planning' : first ?? 'implementation' }));
  const gates = packet.gates.map((g) => `${g.decision}${g.when === 'if' ? ` (if ${g.condition ?? 'needed'})` : ''}`);
  const context = [
    `kao routed this task (${packet.classification.type}, ${packet.classification.scope}, ${packet.classification.risk} risk).`,
    `Owner: ${packet.owners.primary}${packet.owners.supporting.length ? `; with ${packet.owners.supporting.join(', ')}` : ''}.`,
    `Lanes: ${packet.lanes.join(' → ')}.`,
    gates.length ? `PO gates: ${gates.join(', ')} — ask the PO before crossing them; kao will hold the tool call until the PO approves.` : 'No PO gate is expected.',
  ].join(' ');
  return contextAnswer(client, call.eventName, context);
}

async function pendingMessage(playbook: Playbook, runId: string): Promise<string | null> {
  const pending = await withRepoStore(playbook.root, false, (store) => store.listApprovals({ runId, status: 'pending' }));
  if (!pending || pending.length === 0) return null;
  return `kao: ${pending.length} PO gate${pending.length === 1 ? ' is' : 's are'} still waiting for an answer: ${pending.map((p) => `${p.id} (${p.decision})`).join(', ')}. The PO answers with \`kao approve ID\` or \`kao deny ID --reason …\`.`;
}
