/**
 * The policy engine: (role, lane, proposed action, approvals, history) → allow | deny | ask, with
 * the rule, where it comes from (the playbook file and line, or `kao` for the engine's own safety
 * rules) and a reason a person can read. Pure and synchronous: a policy is compiled once per role
 * and lane, then decides each action with no I/O but the symlink resolver it is given.
 */
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RoleSpec } from '../artifacts/spec.ts';
import { grantedTools, type ToolRef } from '../artifacts/tools.ts';
import { isDependencyFile } from '../check/dependencies.ts';
import { actionHash } from '../store/canonical.ts';
import { APPROVALS_PATH, PRODUCT_OWNERS_PATH, STORE_DIR } from '../os-paths.ts';
import { pathMatcher } from '../playbook/globs.ts';
import type { Action } from './action.ts';
import { effectsOf } from './commands.ts';
import { inside, judgePath, type RealPath } from './paths.ts';
import { parseCommand } from './shell.ts';

export type Verdict = 'allow' | 'deny' | 'ask';

export interface Decision {
  decision: Verdict;
  rule: string;
  /** `file:line` of the playbook text the rule comes from, or `kao` for the engine's own rules. */
  source: string;
  reason: string;
  /** For `ask`: the PO decision that would allow it, when one would. */
  gate?: string;
}

/** What happened to earlier actions of the run, for the stop conditions. */
export interface HistoryEntry {
  action: Action;
  /** For execute: the exit code and the error text; for search: how many results. */
  exitCode?: number;
  error?: string;
  results?: number;
}

export interface PolicyContext {
  role: RoleSpec;
  /** The role's kind in the operating model (`lead`, `orchestrator`…), null when the model does not list it. */
  roleKind: string | null;
  lane: string;
  /** Absolute workspace root. */
  workspace: string;
  realpath: RealPath;
  /** Globs of the documents a planner may write (the model's `planningWritable`). */
  planningWritable: string[];
  /** Globs of schema and migration files (the model's schema change signals). */
  schemaPaths: string[];
  /** Roles that exist, and whether another agent may pick each by inference. */
  roles: ReadonlyMap<string, { infer: boolean; human: boolean }>;
  /** Where the model's rules live, for `source`. */
  modelFile: string;
  /** A recorded PO approval for this decision and exact action, in this run. */
  approved?: (decision: string, actionHash: string) => boolean;
}

export interface Policy {
  decide(action: Action, history?: readonly HistoryEntry[]): Decision;
}

/** Files an agent may never write: git internals, the audit store, and who may approve. */
/** What only the OS itself may touch, even through a command's arguments. */
const OS_RECORDS = [STORE_DIR, `${STORE_DIR}/**`, APPROVALS_PATH, PRODUCT_OWNERS_PATH];
const PROTECTED = ['.git', '.git/**', '**/.git/**', ...OS_RECORDS];
/** The playbook itself: changing a rule needs a drift ticket and the PO (DESIGN §3, drift-sync). */
const PLAYBOOK = [
  '.github/agents/**', '.github/agent-os/**', '.github/instructions/**', '.github/prompts/**', '.github/skills/**', '.claude/**', '**/AGENTS.md',
  '.github/copilot-instructions.md',
  // The agent client's own settings: auto-approval and MCP servers live there (CVE-2025-53773).
  '.vscode/settings.json', '.vscode/mcp.json', '.mcp.json', '.cursor/**', '.windsurf/**', '.continue/**',
];
/** A cheap test before the glob match: could this command argument name one of OS_RECORDS? */
const OS_RECORD_HINT = new RegExp(OS_RECORDS.map((p) => p.replace(/^.*\//, '').replace(/\W/g, '\\$&')).filter((p) => p !== '\\*\\*').join('|'), 'i');
/** Where a command may send output without it counting as a write. */
const STANDARD_STREAMS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/fd/1', '/dev/fd/2']);
const TESTS = ['**/*.test.*', '**/*.spec.*', '**/*_test.go', '**/test/**', '**/tests/**', '**/__tests__/**', '**/e2e/**', '**/testdata/**', '**/fixtures/**'];
const TEMP = /^(\/tmp|\/var\/tmp|\$TMPDIR|\$\{TMPDIR\})(\/|$)|^(\.\/)?(tmp|\.tmp|temp)(\/|$)/;

const RANK: Record<Verdict, number> = { allow: 0, ask: 1, deny: 2 };

export function createPolicy(ctx: PolicyContext): Policy {
  const m = pathMatcher;
  const isProtected = m(PROTECTED);
  const isPlaybook = m(PLAYBOOK);
  const isPlanningDoc = m(ctx.planningWritable);
  const isSchema = m(ctx.schemaPaths);
  const isTest = m(TESTS);
  const isOsRecord = m(OS_RECORDS);
  /** A temporary folder, named plainly: no `..`, and not the workspace itself when it lives in /tmp. */
  const isTemp = (p: string) => TEMP.test(p) && !p.split('/').includes('..') && !(p.startsWith('/') && inside(posix.normalize(p), ctx.workspace));
  const role = ctx.role;
  const realRoot = ctx.realpath(ctx.workspace) ?? ctx.workspace;
  const judge = (path: string) => judgePath(path, ctx.workspace, ctx.realpath, realRoot);
  const granted = grantedTools(role.tools);
  const inheritsAll = role.kind === 'claude-agent' && !role.toolsDeclared;
  const forbidden = (id: string) => role.forbidden.find((f) => f.rule === id);
  const at = (line: number | null | undefined) => `${role.file}:${line ?? 1}`;
  const toolsLine = role.tools[0]?.line ?? 1;
  const readOnly = role.readOnlyLine !== null || forbidden('no-edits') !== undefined;
  const noCommands = role.readOnlyLine !== null || forbidden('no-commands') !== undefined;
  const planner = ctx.roleKind === 'lead' || forbidden('no-production-code-while-planning') !== undefined;
  const orchestrator = ctx.roleKind === 'orchestrator' || forbidden('no-source-code-edits') !== undefined;
  const named = new Set([
    ...role.delegation.flatMap((d) => d.roles.map((r) => r.id)), ...role.handoffs.map((r) => r.id), ...role.subagents.map((r) => r.id),
    ...(role.implementer ? [role.implementer.id] : []),
  ]);

  const allow = (rule: string, reason: string): Decision => ({ decision: 'allow', rule, source: 'kao', reason });
  const deny = (rule: string, source: string, reason: string): Decision => ({ decision: 'deny', rule, source, reason });
  /** A PO gate: allowed once the PO approved this exact action in this run. */
  const gate = (action: Action, decision: string, rule: string, source: string, reason: string): Decision =>
    ctx.approved?.(decision, actionHash(action))
      ? { decision: 'allow', rule, source, reason: `${reason}; approved by the PO (${decision})`, gate: decision }
      : { decision: 'ask', rule, source, reason: `${reason}: needs the PO's ${decision} decision`, gate: decision };

  function toolGranted(tool: string): boolean {
    if (inheritsAll || role.tools.some((t) => t.kind === 'all')) return true;
    const slash = tool.lastIndexOf('/');
    if (slash > 0) {
      const server = tool.slice(0, slash);
      const name = tool.slice(slash + 1);
      return role.tools.some((t: ToolRef) => t.kind === 'mcp' && t.server === server && (t.name === '*' || t.name === name));
    }
    return granted.has(tool as never);
  }

  function decideEdit(action: Action, path: string): Decision {
    const judged = judge(path);
    if (judged.problem) return deny(judged.problem.rule, 'kao', judged.problem.reason);
    const rel = judged.relative!;
    if (isProtected(rel)) return deny('protected-path', 'kao', `${rel} belongs to git or to the OS's own records; no agent writes it`);
    if (readOnly) {
      const f = forbidden('no-edits');
      return deny('read-only-role', at(f?.line ?? role.readOnlyLine), `${role.name} is read-only and may not edit ${rel}`);
    }
    if (isPlaybook(rel)) return gate(action, 'scope', 'playbook-change', ctx.modelFile, `${rel} is part of the playbook; changing a rule goes through a drift ticket`);
    if (orchestrator && !isPlanningDoc(rel)) {
      return deny('no-source-code-edits', at(forbidden('no-source-code-edits')?.line), `${role.name} writes only plans and packets, not ${rel}`);
    }
    if (planner && !isPlanningDoc(rel)) {
      const f = forbidden('no-production-code-while-planning');
      if (ctx.lane === 'planning' || ctx.lane === 'discovery') {
        return deny('no-production-code-while-planning', f ? at(f.line) : ctx.modelFile, `in the ${ctx.lane} lane ${role.name} edits only spec, plan and packet documents, not ${rel}; delegate the code`);
      }
      // DESIGN §3: Leads plan and specify in every lane; code goes to their Implementer.
      if (ctx.roleKind === 'lead') return deny('lead-edits-specs-only', ctx.modelFile, `${role.name} is a Lead and edits specs only, not ${rel}; delegate the code with a Delegation packet`);
    }
    const qa = forbidden('no-production-code-unless-asked');
    if (qa && !isTest(rel) && !isPlanningDoc(rel)) {
      // Approval of this gate lifts only this rule: schema and dependency files keep their own gates.
      const d = gate(action, 'scope', 'no-production-code-unless-asked', at(qa.line), `${rel} is production code, which ${role.name} changes only when asked`);
      if (d.decision === 'ask') return d;
    }
    if (isSchema(rel)) return gate(action, 'schema', 'schema-change-requires-po-gate', sourceOf('schema-change-requires-po-gate'), `${rel} is a schema or migration file`);
    if (isDependencyFile(rel)) return gate(action, 'dependencies', 'new-dependency-requires-po-gate', sourceOf('new-dependency-requires-po-gate'), `${rel} is a dependency manifest or lockfile`);
    return allow('edit-allowed', `${role.name} may edit ${rel} in the ${ctx.lane} lane`);
  }

  function sourceOf(ruleId: string): string {
    const f = forbidden(ruleId);
    return f ? at(f.line) : ctx.modelFile;
  }

  function decideExecute(action: Action, command: string, history: readonly HistoryEntry[]): Decision {
    if (noCommands) return deny('read-only-role', at(forbidden('no-commands')?.line ?? role.readOnlyLine), `${role.name} runs no commands`);
    const failures = history.filter((h) => h.action.tool === 'execute' && 'command' in h.action && h.action.command === command && (h.exitCode ?? 0) !== 0);
    const lastError = failures.at(-1)?.error;
    if (failures.length >= 3 && failures.slice(-3).every((f) => f.error === lastError)) {
      return { decision: 'ask', rule: 'stop-same-error-three-times', source: ctx.modelFile, reason: `"${command}" failed three times with the same error; stop and escalate with a small repro` };
    }
    const parsed = parseCommand(command);
    let worst: Decision = allow('execute-allowed', `${role.name} may run this command`);
    const consider = (d: Decision) => {
      // Stricter wins; among allows, one that used an approval is kept so the audit shows it.
      if (RANK[d.decision] > RANK[worst.decision] || (d.decision === worst.decision && d.gate && !worst.gate)) worst = d;
    };
    for (const why of parsed.unreadable) consider({ decision: 'ask', rule: 'command-unreadable', source: 'kao', reason: `cannot judge the command with confidence: ${why}` });
    for (const code of parsed.inlineCode) consider({ decision: 'ask', rule: 'opaque-inline-code', source: 'kao', reason: `${code.interpreter} runs inline code kao cannot judge: ${code.code.slice(0, 80)}` });
    for (const target of parsed.writes) if (!isTemp(target) && !STANDARD_STREAMS.has(target)) consider(asCommandWrite(decideEdit({ tool: 'edit', path: target }, target), target));
    for (const cmd of parsed.commands) {
      // No command may even name the OS's own records (`sqlite3 .agent-os/kao.db 'DELETE …'`).
      for (const arg of cmd.argv.slice(1)) {
        if (!OS_RECORD_HINT.test(arg)) continue;
        const named = posix.normalize(arg);
        if (isOsRecord(named) || (named.startsWith('/') && inside(named, ctx.workspace) && isOsRecord(named.slice(ctx.workspace.length + 1)))) {
          consider(deny('protected-path', 'kao', `the command touches ${arg}, the OS's own records`));
        }
      }
      for (const e of effectsOf(cmd, isTemp)) {
        if (e.kind === 'destructive') consider(deny('no-destructive-commands', sourceOf('no-destructive-commands') === ctx.modelFile ? 'kao' : sourceOf('no-destructive-commands'), `${e.reason}: destructive commands are never allowed`));
        else if (e.kind === 'env-injection') consider(deny('env-injection', 'kao', `${e.reason}`));
        else if (e.kind === 'self-approval') consider(deny('no-self-approval', 'kao', e.reason));
        else if (e.kind === 'dependency') consider(gate(action, 'dependencies', 'new-dependency-requires-po-gate', sourceOf('new-dependency-requires-po-gate'), e.reason));
        else if (e.kind === 'migration') consider(gate(action, 'schema', 'schema-change-requires-po-gate', sourceOf('schema-change-requires-po-gate'), e.reason));
        else for (const p of e.paths) if (!isTemp(p) && !STANDARD_STREAMS.has(p)) consider(asCommandWrite(decideEdit({ tool: 'edit', path: p }, p), p));
      }
    }
    return worst;
  }

  function asCommandWrite(d: Decision, target: string): Decision {
    return d.decision === 'allow' ? d : { ...d, reason: `the command writes ${target}: ${d.reason}` };
  }

  function decideAgent(target: string): Decision {
    const r = ctx.roles.get(target);
    if (!r) return deny('delegation-unknown-role', 'kao', `no role "${target}" exists to delegate to`);
    if (r.human) return deny('delegation-to-human', 'kao', `"${target}" is a person; ask for a PO decision with an approval-needed packet instead`);
    if (!r.infer && !named.has(target)) return deny('delegation-not-inferable', at(toolsLine), `"${target}" may not be picked by inference and ${role.name}'s file does not name it`);
    return allow('delegation-allowed', `${role.name} may delegate to ${target}`);
  }

  return {
    decide(action, history = []) {
      if (!toolGranted(action.tool)) return deny('tool-not-allowed', at(toolsLine), `${role.name} does not have the \`${action.tool}\` tool`);
      // An MCP tool's name is any `server/tool`, so narrow by the fields each built-in carries.
      if ((action.tool === 'read' || action.tool === 'edit') && 'path' in action) {
        if (action.tool === 'edit') return decideEdit(action, action.path);
        const judged = judge(action.path);
        return judged.problem ? deny(judged.problem.rule, 'kao', judged.problem.reason) : allow('read-allowed', `${role.name} may read ${judged.relative}`);
      }
      if (action.tool === 'execute' && 'command' in action) return decideExecute(action, action.command, history);
      if (action.tool === 'agent' && 'target' in action) return decideAgent(action.target);
      // Searching a folder and fetching a file: URL read paths too.
      let readsPath: string | null = action.tool === 'search' && 'path' in action && action.path ? action.path : null;
      if (action.tool === 'web' && 'url' in action && action.url) {
        let url: URL;
        try {
          url = new URL(action.url);
        } catch {
          return deny('url-unreadable', 'kao', `"${action.url}" is not a URL kao can read`);
        }
        if (url.protocol === 'file:') {
          try {
            readsPath = fileURLToPath(url);
          } catch {
            return deny('url-unreadable', 'kao', `"${action.url}" is not a file URL kao can read`);
          }
        }
      }
      if (readsPath !== null) {
        const judged = judge(readsPath);
        if (judged.problem) return deny(judged.problem.rule, 'kao', judged.problem.reason);
      }
      switch (action.tool) {
        case 'search': {
          const last = history.slice(-3);
          if (last.length === 3 && last.every((h) => h.action.tool === 'search' && h.results === 0)) {
            return { decision: 'ask', rule: 'stop-three-empty-searches', source: ctx.modelFile, reason: 'three searches found nothing; ask for a hint or hand the work to a Lead' };
          }
          return allow('search-allowed', `${role.name} may search`);
        }
        default:
          return allow('tool-allowed', `${role.name} may use ${action.tool}`);
      }
    },
  };
}
