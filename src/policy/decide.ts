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
import { braces, pathMatcher, picomatchModule } from '../playbook/globs.ts';
import type { Action } from './action.ts';
import { judgeUrl } from './egress.ts';
import { inside, judgePath, type RealPath } from './paths.ts';
import { commandEffects } from './programs/catalogue.ts';
import type { Effect } from './programs/options.ts';
import { globMayMatchSecret, printsSecret, type SecretTest } from './secrets.ts';
import { MAX_DEPTH, parseShell, type ParsedLine, type SimpleCommand, type Word } from './shell/parse.ts';

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
  /** Where an existing file defines the schema in code (`line 12: Note string \`gorm:…\``), or null (I/O the caller injects). */
  schemaInCode?: (relative: string) => string | null;
  /** Roles that exist, and whether another agent may pick each by inference. */
  roles: ReadonlyMap<string, { infer: boolean; human: boolean }>;
  /** Where the model's rules live, for `source`. */
  modelFile: string;
  /** A recorded PO approval for this decision and exact action, in this run, for this role. */
  approved?: (decision: string, actionHash: string) => boolean;
  /** The PO's reason when this decision was denied for this exact action, in this run. */
  denied?: (decision: string, actionHash: string) => string | undefined;
  /** Which paths hold secrets (workspace-relative, or absolute outside it). */
  isSecret: SecretTest;
  /** Hosts the playbook lets agents fetch from without asking. */
  allowedHosts: readonly string[];
  /** The project's own commands (word prefixes) the operating model allows. */
  projectCommands: readonly string[][];
  /** File names a glob would match, from the workspace (I/O the caller injects); [] when none. */
  expandGlob?: (pattern: string) => string[];
  /** The protected file a path is a second (hard) link of, or null (I/O the caller injects). */
  hardLinkOf?: (relative: string) => string | null;
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
  '.github/agents/**', '.github/agent-os/**', '.github/instructions/**', '.github/prompts/**', '.github/skills/**', '.github/hooks/**', '.claude/**', '**/AGENTS.md',
  '.github/copilot-instructions.md', '**/CLAUDE.md', '**/CLAUDE.local.md', '**/GEMINI.md', '.cursorrules', '.windsurfrules', '.clinerules', '.clinerules/**', '.roo/**',
  '.codex/**', '.gemini/**', '.aider.conf.yml', '.vscode/tasks.json', '.vscode/launch.json', '.devcontainer/**', '.husky/**', '.githooks/**', '.pre-commit-config.yaml',
  // The agent client's own settings: auto-approval and MCP servers live there (CVE-2025-53773).
  '.vscode/settings.json', '.vscode/mcp.json', '.mcp.json', '.cursor/**', '.windsurf/**', '.continue/**',
];
/** Where a command may send output without it counting as a write. */
const STANDARD_STREAMS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/fd/1', '/dev/fd/2']);
/** Folders that hold the playbook or the OS's records: writing a whole folder above one reaches them. */
const PLAYBOOK_ROOTS = ['.git', STORE_DIR, '.github', '.claude', '.codex', '.cursor', '.vscode', '.gemini', '.windsurf', '.continue', '.roo', '.husky', '.githooks', '.devcontainer'];
const TESTS = ['**/*.test.*', '**/*.spec.*', '**/*_test.go', '**/test/**', '**/tests/**', '**/__tests__/**', '**/e2e/**', '**/testdata/**', '**/fixtures/**'];
const TEMP = /^(\/tmp|\/var\/tmp|\$TMPDIR|\$\{TMPDIR\})(\/|$)|^(\.\/)?(tmp|\.tmp|temp)(\/|$)/;

const RANK: Record<Verdict, number> = { allow: 0, ask: 1, deny: 2 };

/** One command line being judged: the action, and the strictest decision so far. */
interface ExecuteRun {
  action: Action;
  worst: Decision;
}

/**
 * Parsing is pure and agents run the same few commands over and over (tests, status, diffs): keep
 * the last results. Callers must not mutate what they get.
 */
const PARSED = new Map<string, ParsedLine>();
function parseCached(line: string): ParsedLine {
  const hit = PARSED.get(line);
  if (hit) {
    PARSED.delete(line);
    PARSED.set(line, hit);
    return hit;
  }
  const parsed = parseShell(line);
  PARSED.set(line, parsed);
  if (PARSED.size > 512) PARSED.delete(PARSED.keys().next().value!);
  return parsed;
}

/** Whether a shell glob matches a file name, as bash does (a leading dot is matched only by a dot). */
const GLOBS = new Map<string, (name: string) => boolean>();
function globMatches(glob: string, name: string): boolean {
  let test = GLOBS.get(glob);
  if (!test) {
    test = picomatchModule()(glob, { dot: false, nobrace: true });
    if (GLOBS.size > 256) GLOBS.clear();
    GLOBS.set(glob, test);
  }
  return test(name);
}

/** `{a,b}` and `{1..3}` as bash expands them, capped so `{1..1000000}` cannot stall a decision. */
function braceExpand(text: string): string[] {
  try {
    const out = braces()(text, { expand: true, rangeLimit: 1000 });
    return out.length ? out.slice(0, 1000) : [text];
  } catch {
    return [text];
  }
}

export function createPolicy(ctx: PolicyContext): Policy {
  const m = pathMatcher;
  const isProtected = m(PROTECTED);
  const isPlaybook = m(PLAYBOOK);
  const isPlanningDoc = m(ctx.planningWritable);
  const isSchema = m(ctx.schemaPaths);
  const isTest = m(TESTS);
  /** A temporary folder, named plainly: no `..`, and not the workspace itself when it lives in /tmp. */
  const isTemp = (p: string) => TEMP.test(p) && !p.split('/').includes('..') && !(p.startsWith('/') && inside(posix.normalize(p), ctx.workspace));
  const role = ctx.role;
  const realRoot = ctx.realpath(ctx.workspace) ?? ctx.workspace;
  const judge = (path: string) => judgePath(path, ctx.workspace, ctx.realpath, realRoot);
  const granted = grantedTools(role.tools);
  // A role file with no `tools` key has every tool, as the agent clients treat it.
  const inheritsAll = !role.toolsDeclared;
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
  const ask = (rule: string, reason: string): Decision => ({ decision: 'ask', rule, source: 'kao', reason });
  const deny = (rule: string, source: string, reason: string): Decision => ({ decision: 'deny', rule, source, reason });
  /** A PO gate: allowed once the PO approved this exact action in this run. */
  const gate = (action: Action, decision: string, rule: string, source: string, reason: string): Decision => {
    const hash = ctx.approved || ctx.denied ? actionHash(action) : '';
    // A denial holds for this action in this run until the PO answers otherwise.
    const no = ctx.denied?.(decision, hash);
    if (no !== undefined) return { decision: 'deny', rule: 'po-denied', source, reason: `${reason}; the PO denied it (${decision}): ${no}`, gate: decision };
    return ctx.approved?.(decision, hash)
      ? { decision: 'allow', rule, source, reason: `${reason}; approved by the PO (${decision})`, gate: decision }
      : { decision: 'ask', rule, source, reason: `${reason}: needs the PO's ${decision} decision`, gate: decision };
  };

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
    // A second (hard) name of a protected file is that file.
    const linked = ctx.hardLinkOf?.(judged.relative!);
    const rel = linked ?? judged.relative!;
    if (ctx.isSecret(rel)) return deny('secret-file', 'kao', `${rel}${linked ? ` (a second name of ${linked})` : ''} holds secrets, which no role reads or writes`);
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
    // In Go only _test.go files (and testdata) stay out of the build: a .go file under test/ is production code.
    const testOnly = isTest(rel) && (!rel.endsWith('.go') || rel.endsWith('_test.go') || rel.includes('/testdata/'));
    if (qa && !testOnly && !isPlanningDoc(rel)) {
      // Approval of this gate lifts only this rule: schema and dependency files keep their own gates.
      const d = gate(action, 'scope', 'no-production-code-unless-asked', at(qa.line), `${rel} is production code, which ${role.name} changes only when asked`);
      if (d.decision === 'ask') return d;
    }
    if (isSchema(rel)) return gate(action, 'schema', 'schema-change-requires-po-gate', sourceOf('schema-change-requires-po-gate'), `${rel} is a schema or migration file`);
    const inCode = ctx.schemaInCode?.(rel);
    if (inCode) return gate(action, 'schema', 'schema-change-requires-po-gate', sourceOf('schema-change-requires-po-gate'), `${rel} defines the database schema in code (${inCode}): changing it changes the schema`);
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
    const run: ExecuteRun = { action, worst: allow('execute-allowed', `${role.name} may run this command: kao knows what each part of it does`) };
    walkLine(run, parseCached(command), 0);
    return run.worst;
  }

  /** Stricter wins; among allows, one that used an approval is kept so the audit shows it. */
  function consider(run: ExecuteRun, d: Decision): void {
    if (RANK[d.decision] > RANK[run.worst.decision] || (d.decision === run.worst.decision && d.gate && !run.worst.gate)) run.worst = d;
  }

  function walkLine(run: ExecuteRun, parsed: ParsedLine, depth: number): void {
    for (const why of parsed.opaque) consider(run, { decision: 'ask', rule: 'command-unreadable', source: 'kao', reason: `cannot judge the command with confidence: ${why}` });
    for (const cmd of parsed.commands) walk(run, cmd, depth);
  }

  function walk(run: ExecuteRun, cmd: SimpleCommand, depth: number): void {
    if (depth > MAX_DEPTH) return consider(run, { decision: 'ask', rule: 'command-unreadable', source: 'kao', reason: 'commands nested too deep to read' });
    const own = ctx.projectCommands.length > 0 && isProjectCommand(cmd.words);
    const { effects, program } = commandEffects(cmd, !own);
    const secret = program ? printsSecret(program, cmd.words) : null;
    if (secret) consider(run, deny('secret-read', 'kao', secret));
    for (const e of effects) judgeEffect(run, e, depth);
  }

  /** The repository's own commands (operating model `policy.commands`), matched on their first words. */
  function isProjectCommand(words: readonly Word[]): boolean {
    return ctx.projectCommands.some((prefix) => prefix.length > 0 && prefix.length <= words.length && prefix.every((p, i) => !words[i]!.dynamic && !words[i]!.glob && words[i]!.text === p));
  }

  function judgeEffect(run: ExecuteRun, e: Effect, depth: number): void {
    const action = run.action;
    switch (e.kind) {
      case 'read': return void paths(e.path, (p) => consider(run, readDecision(p, e.why)), (why) => consider(run, ask('path-unknown', why)), 'read');
      case 'write': return void paths(e.path, (p) => consider(run, writeDecision(p, e.why)), (why) => consider(run, ask('path-unknown', why)), 'write');
      case 'delete': return void paths(e.path, (p) => consider(run, deleteDecision(p, e.why)), (why) => consider(run, deny('no-destructive-commands', destructiveSource(), `${why}: deleting what is known only when the command runs`)), 'write');
      case 'script': {
        const judged = judge(e.path.text);
        if (!judged.relative || isTemp(e.path.text)) consider(run, ask('command-runs-code', `${e.why}: ${e.path.text} is code from outside the workspace, which the review never saw`));
        return;
      }
      case 'run': return walk(run, { assignments: [], words: e.words, redirects: [], stdin: e.stdin, ...(e.input !== undefined ? { input: e.input } : {}) }, depth + 1);
      case 'line': return walkLine(run, parseShell(e.text, depth + 1), depth + 1);
      case 'net': {
        const url = judgeUrl(e.target, ctx.allowedHosts);
        if (url.verdict === 'deny') return consider(run, deny(url.rule, 'kao', `${e.why}: ${url.reason}`));
        if (e.upload && e.upload !== 'data') return consider(run, deny('egress-upload', 'kao', `${e.why}: it sends the file ${e.upload.text} out`));
        if (e.upload === 'data' && url.rule !== 'egress-loopback') return consider(run, ask('egress-upload', `${e.why}: it sends data to ${e.target}`));
        return consider(run, url.verdict === 'allow' ? allow(url.rule, url.reason) : ask(url.rule, `${e.why}: ${url.reason}`));
      }
      case 'gate':
        return consider(run, e.decision === 'schema'
          ? gate(action, 'schema', 'schema-change-requires-po-gate', sourceOf('schema-change-requires-po-gate'), e.why)
          : gate(action, 'dependencies', 'new-dependency-requires-po-gate', sourceOf('new-dependency-requires-po-gate'), e.why));
      case 'deny':
        return consider(run, deny(e.rule, e.rule === 'no-destructive-commands' ? destructiveSource() : 'kao', e.rule === 'no-destructive-commands' ? `${e.why}: destructive commands are never allowed` : e.why));
      case 'ask':
        return consider(run, ask(e.rule, e.why));
    }
  }

  function destructiveSource(): string {
    const s = sourceOf('no-destructive-commands');
    return s === ctx.modelFile ? 'kao' : s;
  }

  /**
   * Every path a word can stand for: a brace list is each of its words; a glob is each file it
   * matches now and, for secrets and the OS's records, any file it could match later; a word whose
   * value comes from an expansion is unknown (`unknown` says why), except for a home-folder or
   * temporary-folder prefix, which already says where it goes.
   */
  function paths(w: Word, each: (p: string) => void, unknown: (why: string) => void, mode: 'read' | 'write'): void {
    let text = w.text;
    if (w.dynamic) {
      const home = /^(\$HOME|\$\{HOME\})(\/|$)/.exec(text);
      if (home) return each(`~${text.slice(home[1]!.length)}`);
      if (/^(\$TMPDIR|\$\{TMPDIR\})\//.test(text) && !/\$/.test(text.slice(8))) return each(text);
      // A secret named around the expansion (`$D/.env`, `.env.$X`) is still a secret.
      const literal = text.replace(/\$\{[^}]*\}|\$\(…\)|`…`|\$\w+|\$./g, '*');
      if (globMayMatchSecret(literal, ctx.isSecret, globMatches)) return each(literal);
      return unknown(`"${text}" is a path known only when the command runs`);
    }
    if (w.tilde) text = text.replace(/^~[^/]*/, '~');
    const words = w.brace ? braceExpand(text) : [text];
    for (const t of words) {
      if (!(w.glob && /[*?[]/.test(t))) {
        each(t);
        continue;
      }
      if (globMayMatchSecret(t, ctx.isSecret, globMatches)) {
        each(t);
        continue;
      }
      const matches = ctx.expandGlob?.(t) ?? [];
      for (const m of matches) each(m);
      // What the glob could still match: the folder it starts in is judged for writes (`.agent-os/*`).
      const dir = t.slice(0, Math.max(0, t.search(/[*?[]/))).replace(/[^/]*$/, '');
      if (mode === 'write' || matches.length === 0) each(dir === '' ? '.' : dir.replace(/\/$/, '') || '/');
    }
  }

  function readDecision(path: string, why: string): Decision {
    if (STANDARD_STREAMS.has(path) || path === '-' || path === '/dev/stdin') return allow('read-allowed', 'a standard stream');
    const outside = outsideSecret(path);
    if (outside) return deny('secret-read', 'kao', `${why}: ${outside} holds secrets, which no role reads, copies or sends`);
    // Scratch files in a temporary folder, but not a sibling of the workspace (another checkout).
    if (isTemp(path) && !siblingOfWorkspace(path)) return allow('read-allowed', `${path} is in a temporary folder`);
    const judged = judge(path);
    if (judged.problem) return deny(judged.problem.rule, 'kao', `${why}: ${judged.problem.reason}`);
    const rel = judged.relative!;
    const linked = ctx.hardLinkOf?.(rel);
    if (ctx.isSecret(rel) || (linked && ctx.isSecret(linked))) {
      return deny('secret-read', 'kao', `${why}: ${rel}${linked ? ` (a second name of ${linked})` : ''} holds secrets, which no role reads, copies or sends`);
    }
    return allow('read-allowed', `${role.name} may read ${rel}`);
  }

  /** Another checkout next to the workspace (`/work/app-evil` beside `/work/app`) is not scratch space. */
  function siblingOfWorkspace(path: string): boolean {
    const parent = posix.dirname(ctx.workspace);
    return path.startsWith('/') && !/^\/(var\/)?tmp\/?$/.test(parent) && inside(posix.normalize(path), parent);
  }

  function writeDecision(path: string, why: string): Decision {
    if (STANDARD_STREAMS.has(path) || path === '-') return allow('write-allowed', 'a standard stream');
    if (isTemp(path) && !siblingOfWorkspace(path)) return allow('write-allowed', `${path} is in a temporary folder`);
    // A folder written as a whole (extracting, stashing, formatting `.`): judged by what lives in it.
    const folder = /^(\.|\.\/|)$|\/…$|\/$/.test(path) ? path.replace(/\/?…$|\/$/, '') || '.' : null;
    if (folder !== null) {
      const rel = posix.normalize(folder);
      if (rel === '.' || PLAYBOOK_ROOTS.some((r) => r === rel || r.startsWith(`${rel}/`))) {
        return ask('writes-many-files', `${why}: it rewrites files anywhere under ${rel === '.' ? 'the repository' : rel}, the playbook and the OS's records included`);
      }
      return asCommandWrite(decideEdit({ tool: 'edit', path: `${rel}/x` }, `${rel}/x`), `files in ${rel} (${why})`);
    }
    return asCommandWrite(decideEdit({ tool: 'edit', path }, path), `${path} (${why})`);
  }

  function deleteDecision(path: string, why: string): Decision {
    if (isTemp(path)) return allow('delete-allowed', `${path} is in a temporary folder`);
    return deny('no-destructive-commands', destructiveSource(), `${why}: ${path} is outside temporary folders; destructive commands are never allowed`);
  }

  /**
   * The secret a path names before it is resolved in the workspace: a pattern that could match one,
   * a home-folder path, or an absolute path (/proc/self/environ, ~/.ssh/id_rsa).
   */
  function outsideSecret(path: string): string | null {
    const p = path.replace(/\\/g, '/');
    if (/[*?[]/.test(p) && globMayMatchSecret(p.replace(/^~\//, ''), ctx.isSecret, globMatches)) return p;
    if (/^~(\/|$)/.test(p)) return ctx.isSecret(p.slice(1)) ? p : null;
    if (p.startsWith('/') && !inside(posix.normalize(p), ctx.workspace) && ctx.isSecret(p)) return p;
    return null;
  }

  function asCommandWrite(d: Decision, target: string): Decision {
    return d.decision === 'allow' ? d : { ...d, reason: `the command writes ${target}: ${d.reason}` };
  }

  /**
   * An MCP tool's arguments: any URL in them is egress, judged like the web tool. A URL inside prose
   * ("first read http://169.254.169.254/…") is judged too, for what may never be reached (a server may
   * fetch what it reads); an unknown host there is just text. Walked without recursion and with a
   * bound, so deeply nested arguments cannot exhaust the stack.
   */
  function decideToolArguments(args: Record<string, unknown>): Decision | null {
    const stack: unknown[] = [args];
    let worst: Decision | null = null;
    const judge = (url: string, inProse: boolean) => {
      const e = /^file:/i.test(url) ? { verdict: 'deny' as const, rule: 'egress-scheme', reason: `the tool is given a file: URL (${url})` } : judgeUrl(url, ctx.allowedHosts);
      const d = e.verdict === 'deny' ? deny(e.rule, 'kao', `a tool argument: ${e.reason}`) : e.verdict === 'ask' && !inProse ? ask(e.rule, `a tool argument: ${e.reason}`) : null;
      if (d && (!worst || RANK[d.decision] > RANK[worst.decision])) worst = d;
    };
    for (let seen = 0; stack.length && seen < 10_000; seen++) {
      const v = stack.pop();
      if (typeof v === 'string') {
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || /^(file|gopher|dict|ldap|jar):/i.test(v)) judge(v, false);
        else for (const m of v.slice(0, 100_000).matchAll(/\b(?:https?|file|gopher|dict|ldap|jar|ftp):\/\/[^\s"'<>()]+/gi)) judge(m[0], true);
      } else if (v && typeof v === 'object') stack.push(...Object.values(v));
    }
    return stack.length ? ask('tool-arguments-too-large', 'the tool\'s arguments are too large or deep to read') : worst;
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
        return readDecision(action.path, `${role.name} reads it`);
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
        } else {
          const egress = judgeUrl(action.url, ctx.allowedHosts);
          return egress.verdict === 'allow' ? allow(egress.rule, egress.reason) : egress.verdict === 'deny' ? deny(egress.rule, 'kao', egress.reason) : ask(egress.rule, egress.reason);
        }
      }
      if (readsPath !== null) {
        const d = readDecision(readsPath, `${role.name} reads it`);
        if (d.decision !== 'allow') return d;
      }
      if ('args' in action && action.args) {
        const d = decideToolArguments(action.args);
        if (d) return d;
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
