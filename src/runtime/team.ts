/**
 * The team a run puts to work on one routed task: the Orchestrator, and as its tools the roles the task
 * packet names (the primary owner and the supporting roles), each an agent of its own that the
 * Orchestrator delegates to with a delegation packet kao builds from the task packet and validates.
 * Every tool call of every role is decided by the role's policy in its lane, with the PO's honoured
 * answers, the run's history (for the stop conditions) and the run's budget. Building is pure apart
 * from the hooks it calls; the run itself (run-team.ts) does the I/O.
 */
import { Agent, type Model } from '@openai/agents';
import * as z from 'zod';
import { buildDelegation } from '../packets/build.ts';
import { renderPacket } from '../packets/render.ts';
import { validatePacket, pathText, type DelegationPacket } from '../packets/schemas.ts';
import type { Playbook } from '../playbook/load.ts';
import type { Action } from '../policy/action.ts';
import type { Decision, HistoryEntry, Policy, PolicyContext } from '../policy/decide.ts';
import type { TaskPacket } from '../router/task-packet.ts';
import { UsageError } from '../errors.ts';
import { actionHash } from '../store/canonical.ts';
import type { McpTool } from './mcp-servers.ts';
import { roleAgent, rolePolicy, roleTools } from './role-agents.ts';

/** The lane a role works in during a run, by its kind in the operating model. */
const LANE_OF_KIND: Record<string, string> = { orchestrator: 'planning', lead: 'planning', implementer: 'implementation', quality: 'review' };

export interface TeamMember {
  roleId: string;
  lane: string;
  /** Decides a tool call of this role now: budget first, then the policy with the run's history. */
  decide(action: Action): Decision;
}

export interface TeamHooks {
  decision?(roleId: string, action: Action, decision: Decision): void | Promise<void>;
  result?(roleId: string, action: Action, output: string): void | Promise<void>;
  delegation?(packet: DelegationPacket): void | Promise<void>;
  /** A delegated role finished: what the Orchestrator is told (its message and its hand-off packet). */
  handoff?(roleId: string, lane: string, message: string): string | Promise<string>;
}

export interface TeamOptions {
  playbook: Playbook;
  task: TaskPacket;
  /** The model each role talks to (already wrapped for the audit and the budget). */
  modelFor(roleId: string): Model;
  /** The PO's answers kao honours for a role in this run. */
  answersFor(roleId: string): Pick<PolicyContext, 'approved' | 'denied'>;
  /** Outcomes of the run's earlier tool calls, newest last; the run appends to it. */
  history: readonly HistoryEntry[];
  /** Why the run must stop before its next call (a budget reached), or null. */
  stopReason(roleId: string): string | null;
  /** YYYY-MM-DD, for the delegation packets. */
  date: string;
  /** The SDK's turn limit for one delegation (its default of 10 is short); kao's own per-role limit sits below it. */
  delegateTurns: number;
  /** The MCP tools a role is granted, from the run's connected servers. */
  mcpFor?(roleId: string): readonly McpTool[];
  hooks?: TeamHooks;
}

export interface Team {
  orchestrator: Agent;
  orchestratorId: string;
  members: Map<string, TeamMember>;
}

/** The Orchestrator's id: the operating model's role of kind `orchestrator`. */
export function orchestratorOf(playbook: Playbook): string {
  const id = playbook.model.roles.find((r) => r.kind === 'orchestrator' && playbook.roles.has(r.id))?.id;
  if (!id) throw new UsageError('no-orchestrator', 'the playbook has no Orchestrator role to run the team', 'Add a role of kind `orchestrator` to the operating model and its role file (the built-in playbook has one).');
  return id;
}

/**
 * A plain `ask` (an unknown command, a host the playbook does not list) is a question for whoever sits
 * at the editor; a headless run has nobody there, so it becomes a request for the PO's `scope` decision,
 * answered and honoured like any gate. The stop conditions stay as they are: a person lets a run past
 * them when resuming (`--override-stop`).
 */
function headless(d: Decision, action: Action, answers: Pick<PolicyContext, 'approved' | 'denied'>): Decision {
  if (d.decision !== 'ask' || d.gate || d.rule.startsWith('stop-')) return d;
  const hash = actionHash(action as never);
  const no = answers.denied?.('scope', hash);
  if (no !== undefined) return { ...d, decision: 'deny', rule: 'po-denied', reason: `${d.reason}; the PO denied it (scope): ${no}`, gate: 'scope' };
  if (answers.approved?.('scope', hash)) return { ...d, decision: 'allow', reason: `${d.reason}; approved by the PO (scope)`, gate: 'scope' };
  return { ...d, reason: `${d.reason}: with nobody at the keyboard, it needs the PO's scope decision`, gate: 'scope' };
}

/** The Orchestrator, then the roles the task packet names that it can delegate to. */
export function teamRoles(playbook: Playbook, task: TaskPacket): string[] {
  const lead = orchestratorOf(playbook);
  const kinds = new Map(playbook.model.roles.map((r) => [r.id, r.kind]));
  const named = [...new Set([task.owners.primary, ...task.owners.supporting])];
  return [lead, ...named.filter((id) => id !== lead && playbook.roles.has(id) && kinds.get(id) !== 'human')];
}

/** Agent tool names allow letters, digits, `_` and `-`: `delegate_to_backend_implementer`. */
export const delegateToolName = (roleId: string) => `delegate_to_${roleId.replace(/-/g, '_')}`;

// What the Orchestrator says when it delegates; kao adds the rest of the delegation packet from the task packet.
const DelegateArgs = z.object({
  objective: z.string().min(1).describe('What this role must achieve, in one sentence.'),
  acceptanceCriteria: z.array(z.string().min(1)).min(1).describe('What must be true when the work is done.'),
  validation: z.array(z.string()).describe('Commands that prove it (added to the task packet\'s own).'),
});

export function buildTeam(opts: TeamOptions): Team {
  const { playbook, task } = opts;
  const kinds = new Map(playbook.model.roles.map((r) => [r.id, r.kind]));
  const laneIds = new Set<string>(playbook.model.lanes.map((l) => l.id));
  const laneOf = (roleId: string) => {
    const lane = LANE_OF_KIND[kinds.get(roleId) ?? ''];
    return lane && laneIds.has(lane) ? lane : task.lanes[0] ?? 'implementation';
  };
  const members = new Map<string, TeamMember>();
  const member = (roleId: string): TeamMember => {
    const lane = laneOf(roleId);
    const answers = opts.answersFor(roleId);
    const policy: Policy = rolePolicy(playbook, roleId, lane, answers);
    const m: TeamMember = {
      roleId, lane,
      decide(action) {
        const stop = opts.stopReason(roleId);
        if (stop) return { decision: 'ask', rule: 'run-budget', source: 'kao', reason: stop };
        return headless(policy.decide(action, opts.history), action, answers);
      },
    };
    members.set(roleId, m);
    return m;
  };
  const agentOf = (m: TeamMember) => roleAgent({
    playbook, roleId: m.roleId, lane: m.lane, model: opts.modelFor(m.roleId), mcp: opts.mcpFor?.(m.roleId) ?? [],
    policy: { decide: (action) => m.decide(action) },
    onDecision: (action, d) => opts.hooks?.decision?.(m.roleId, action, d),
    onResult: (action, output) => opts.hooks?.result?.(m.roleId, action, output),
  });

  const [leadId, ...delegates] = teamRoles(playbook, task);
  const lead = member(leadId!);
  const orchestrator = agentOf(lead);
  if (roleTools(playbook.roles.get(lead.roleId)!).has('agent')) {
    for (const roleId of delegates) {
      const m = member(roleId);
      const delegate: Action = { tool: 'agent', target: roleId };
      orchestrator.tools.push(agentOf(m).asTool({
        toolName: delegateToolName(roleId),
        toolDescription: `Delegate work to ${playbook.roles.get(roleId)!.spec.name} (${m.lane} lane). It receives a delegation packet and reports back.`,
        parameters: DelegateArgs,
        runOptions: { maxTurns: opts.delegateTurns },
        // A delegation the Orchestrator may not make is not offered; one that needs the PO pauses the run.
        isEnabled: () => lead.decide(delegate).decision !== 'deny',
        needsApproval: async () => lead.decide(delegate).decision === 'ask',
        // A paused delegation says nothing yet; a finished one reports with its phase-handoff packet.
        customOutputExtractor: async (result) => {
          if ((result.interruptions?.length ?? 0) > 0) return '';
          const message = typeof result.finalOutput === 'string' ? result.finalOutput : JSON.stringify(result.finalOutput ?? '');
          return opts.hooks?.handoff ? opts.hooks.handoff(roleId, m.lane, message) : message;
        },
        inputBuilder: async ({ params }) => {
          const packet = delegationPacket(task, lead.roleId, roleId, opts.date, params as z.infer<typeof DelegateArgs>);
          await opts.hooks?.delegation?.(packet);
          return renderPacket({ kind: 'delegation', packet });
        },
      }));
    }
  }
  return { orchestrator, orchestratorId: lead.roleId, members };
}

/** The delegation packet for one hand-off, validated; an invalid one is an error the Orchestrator sees. */
export function delegationPacket(task: TaskPacket, from: string, to: string, date: string, args: z.infer<typeof DelegateArgs>): DelegationPacket {
  const built = validatePacket('delegation', buildDelegation(task, {
    from, to, date, objective: args.objective, criteria: args.acceptanceCriteria, validation: args.validation,
    constraints: [], reuse: [], ssot: [], areas: [],
  }));
  if (!built.ok) throw new Error(`the delegation packet is not valid: ${built.issues.map((i) => `${pathText(i.path)}: ${i.message}`).join('; ')}`);
  return built.packet;
}
