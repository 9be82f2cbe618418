/**
 * The `kao` command line. Commands load their modules on first use, so `kao --help` does not pay
 * for the YAML and markdown parsers. Exit codes: 0 ok, 1 findings (lint errors), 2 usage errors,
 * 3 an internal error (our bug; set KAO_DEBUG=1 for the stack).
 */
import { type CommandSpec, helpFor, parseCommand } from './command.ts';
import { takeColorFlags } from './output/color.ts';
import { captureStdout, takeOutputFlag } from './output/to-file.ts';
import { nearest } from './suggest.ts';
import { RefusedError, UsageError } from '../errors.ts';
import { VERSION } from '../version.ts';

const COMMANDS: CommandSpec[] = [
  {
    name: 'lint',
    summary: 'Check a playbook: YAML, fields, tools, role references, links, applyTo globs, mis-decoded text.',
    args: '[dir]',
    argHelp: 'dir: the repository folder whose playbook to check (default: the current folder)',
    options: {
      format: { type: 'string', short: 'f', description: 'output format (github: Actions annotations; junit: JUnit XML test report)', choices: ['text', 'json', 'sarif', 'github', 'junit'], default: 'text', value: '<format>' },
      json: { type: 'boolean', description: 'same as --format json' },
      builtin: { type: 'boolean', description: 'check the built-in playbook instead of a folder' },
      'no-builtin-roles': { type: 'boolean', description: 'do not fill in built-in roles the folder does not define' },
      quiet: { type: 'boolean', short: 'q', description: 'print errors only' },
      'max-warnings': { type: 'string', description: 'fail (exit 1) when there are more warnings than this', value: '<n>' },
      'max-problems': { type: 'string', description: 'print at most this many problems in text output; the summary counts all', default: '100', value: '<n>' },
      dir: { type: 'string', description: 'same as the [dir] argument', value: '<dir>' },
    },
    epilog: 'Exit status: 0 no errors, 1 errors found, 2 usage error.\nRule reference: docs/lint-rules.md',
    run: async (v, [arg]) => {
      const dir = targetDir('lint', arg, v.dir);
      if (v.builtin && dir !== undefined) throw new UsageError('conflicting-options', 'lint: give a folder or --builtin, not both');
      if (v.json && v.format !== 'text') throw new UsageError('conflicting-options', `lint: --json and --format ${String(v.format)} ask for two formats`, 'Use one of them.');
      const { runLint } = await import('./commands/lint.ts');
      return runLint(dir ?? '.', {
        format: v.json ? 'json' : (v.format as 'text' | 'json' | 'sarif' | 'github' | 'junit'),
        builtin: Boolean(v.builtin),
        builtinRoles: !v['no-builtin-roles'],
        quiet: Boolean(v.quiet),
        ...(v['max-warnings'] !== undefined ? { maxWarnings: count('lint', 'max-warnings', v['max-warnings']) } : {}),
        maxProblems: count('lint', 'max-problems', v['max-problems']),
      });
    },
  },
  {
    name: 'route',
    summary: 'Route a task like the Orchestrator: classification, owners, lanes, phases and PO gates, as a task packet.',
    args: '[task]',
    argHelp: 'task: the task in words, or a Minimum Task Brief (labelled text, YAML or JSON); or use --file, or stdin',
    options: {
      file: { type: 'string', description: 'read the brief from a file (- for stdin)', value: '<path>' },
      format: { type: 'string', short: 'f', description: 'output format (default: text on a terminal, markdown when piped)', choices: ['text', 'markdown', 'json'], value: '<format>' },
      json: { type: 'boolean', description: 'same as --format json: the task packet as JSON (schemas/task-packet.schema.json)' },
      dir: { type: 'string', description: 'repository whose playbook routes the task', default: '.', value: '<dir>' },
    },
    epilog: 'Exit status: 0 ok, 2 usage error. Routing rules: docs/routing.md',
    run: async (v, [task]) => {
      const { reportFormat } = await import('./output/report.ts');
      const { runRoute } = await import('./commands/route.ts');
      return runRoute(task, { file: v.file as string | undefined, format: reportFormat('route', v.format as 'text' | undefined, Boolean(v.json)), dir: v.dir as string });
    },
  },
  {
    name: 'check',
    summary: 'Which roles and PO gates a git diff needs, and whether each gate is approved (for CI).',
    args: '',
    options: {
      base: { type: 'string', description: 'the ref the change goes into, e.g. origin/main (required)', value: '<ref>' },
      head: { type: 'string', description: 'the ref of the change', default: 'HEAD', value: '<ref>' },
      format: { type: 'string', short: 'f', description: 'output format (default: text on a terminal, markdown when piped; github: Actions annotations; junit: JUnit XML)', choices: ['text', 'markdown', 'json', 'sarif', 'github', 'junit'], value: '<format>' },
      json: { type: 'boolean', description: 'same as --format json' },
      quiet: { type: 'boolean', short: 'q', description: 'text and markdown: only the gates that need approval, one line each' },
      'fail-on': { type: 'string', description: 'what fails the run: gate (a PO gate without approval) or none (report only)', choices: ['gate', 'none'], default: 'gate', value: '<what>' },
      review: { type: 'boolean', description: 'also ask a model (configured as for kao run: OPENAI_API_KEY, OPENAI_BASE_URL + KAO_MODEL, or ANTHROPIC_API_KEY) which other PO gates the diff needs; it can only add gates' },
      'review-input': { type: 'boolean', description: 'print what --review would send to the model (the text that leaves the machine), send nothing, exit 0' },
      dir: { type: 'string', description: 'the git checkout', default: '.', value: '<dir>' },
    },
    epilog: 'Exit status: 0 every required PO gate is approved, 1 a gate needs approval, 2 usage error.\nApprovals: .github/agent-os/approvals.yaml at --head (entries with decision and by, a product owner listed at --base). Rules: docs/routing.md',
    run: async (v) => {
      const { reportFormat } = await import('./output/report.ts');
      const { runCheck } = await import('./commands/check.ts');
      return runCheck({ base: v.base as string | undefined, head: v.head as string, format: reportFormat('check', v.format as 'sarif' | 'github' | 'junit' | undefined, Boolean(v.json)), dir: v.dir as string, quiet: Boolean(v.quiet), review: Boolean(v.review), reviewInput: Boolean(v['review-input']), failOn: v['fail-on'] as 'gate' | 'none' });
    },
  },
  {
    name: 'packet',
    summary: 'Build task, delegation, phase-handoff, recovery, drift-ticket and approval-needed packets, or check one.',
    args: '<kind|check> [args]',
    argHelp: 'kind: task, delegation, phase-handoff, recovery, drift-ticket, approval-needed (`kao packet <kind> --help`)\ncheck FILE.md: validate a packet and say what is missing',
    options: {},
    epilog: 'Exit status: 0 ok, 1 `check` found errors, 2 usage error.',
    run: async (_v, positionals) => (await import('./commands/packet.ts')).runPacket(positionals),
    runArgv: async (argv) => (await import('./commands/packet.ts')).runPacket(argv),
  },
  {
    name: 'policy',
    summary: 'Decide a role\'s tool calls: allow, deny or ask the PO, with the rule and where it comes from.',
    args: 'check',
    argHelp: 'check: decide one action (--action JSON) or JSON lines on stdin (--stdin), printing one JSON decision per action',
    options: {
      role: { type: 'string', description: 'the role proposing the actions (an id, e.g. backend-lead)', value: '<id>' },
      lane: { type: 'string', description: 'the lane it works in (discovery, planning, implementation, review, validation, …)', value: '<lane>' },
      action: { type: 'string', description: 'one action as JSON, e.g. {"tool":"edit","path":"src/app.ts"}', value: '<json>' },
      stdin: { type: 'boolean', description: 'read actions as JSON lines from stdin; {"action":…,"exitCode":1,"error":"…"} also records an outcome for the stop conditions' },
      run: { type: 'string', description: 'a run id: PO approvals of this run apply, and every decision is recorded in the audit log (.agent-os/kao.db)', value: '<id>' },
      dir: { type: 'string', description: 'the workspace (paths are judged against it)', default: '.', value: '<dir>' },
    },
    epilog: 'Output: {"decision":"allow"|"deny"|"ask","rule","source","reason","gate"?} per action.\nExit status: 0 decided, 2 usage error or a bad input line. Rules: docs/policy.md',
    run: async (v, [sub]) => {
      if (sub !== 'check') throw new UsageError('unknown-subcommand', `kao policy${sub ? ` ${sub}` : ''}: expected \`check\``, 'Run `kao policy --help`.');
      const { runPolicyCheck } = await import('./commands/policy.ts');
      return runPolicyCheck({ role: v.role as string | undefined, lane: v.lane as string | undefined, action: v.action as string | undefined, stdin: Boolean(v.stdin), dir: v.dir as string, run: v.run as string | undefined });
    },
  },
  {
    name: 'hook',
    summary: 'Decide an agent client\'s tool call from its hook (VS Code, Claude Code, Copilot, Codex): the event as JSON on stdin.',
    args: '<client>',
    argHelp: 'client: vscode, claude, copilot or codex (`kao init --client X` writes the hook configuration that runs this)',
    options: {
      role: { type: 'string', description: 'the role this hook decides as, when the client does not say (per-role hooks)', value: '<id>' },
      lane: { type: 'string', description: 'the lane (default: the lane the session\'s task was routed to, else implementation)', value: '<lane>' },
      dir: { type: 'string', description: 'the repository (default: the cwd the client sends)', value: '<dir>' },
    },
    epilog: 'Events: PreToolUse (decide), PostToolUse (record the outcome), UserPromptSubmit and SessionStart (route the prompt), Stop (say which PO gates wait).\nExit status: 0 answered (the decision is in the output), 2 denied because kao could not decide (reason on stderr). See README "Guard your agents".',
    run: async (v, [client]) => {
      const { CLIENTS } = await import('../hooks/payload.ts');
      if (!client || !(CLIENTS as readonly string[]).includes(client)) throw new UsageError('unknown-client', `kao hook: ${client === undefined ? 'which client?' : `unknown client "${client}"`}`, `Clients: ${CLIENTS.join(', ')}.`);
      const { runHook } = await import('./commands/hook.ts');
      return runHook(client as 'claude', { role: v.role as string | undefined, lane: v.lane as string | undefined, dir: v.dir as string | undefined });
    },
  },
  {
    name: 'mcp',
    summary: 'Serve the OS over MCP (stdio, or Streamable HTTP on 127.0.0.1): route, check, decide, request approvals, gate, lint.',
    args: '',
    maxArgs: 0,
    options: {
      http: { type: 'boolean', description: 'serve Streamable HTTP on 127.0.0.1 instead of stdio' },
      port: { type: 'string', description: 'the HTTP port (0: any free one, printed on stderr)', default: '0', value: '<n>' },
      dir: { type: 'string', description: 'the repository', default: '.', value: '<dir>' },
    },
    epilog: 'Tools: route, check_diff, check_packet, policy_decide (a dry run, audited), request_approval (no tool answers one), gate_api, lint.\nResources: kao://playbook, kao://roles/{id}. See docs/mcp.md.',
    run: async (v) => {
      const { runMcp } = await import('./commands/mcp.ts');
      return runMcp({ dir: v.dir as string, http: Boolean(v.http), port: count('mcp', 'port', v.port) });
    },
  },
  {
    name: 'run',
    summary: 'Run the team on a task with live agents, every tool call through the policy; pauses for the PO (`--resume` continues).',
    args: '["TASK" | show ID]',
    maxArgs: 2,
    argHelp: 'TASK: the task in words (or --file FILE; --file - reads stdin)\nshow ID: the run\'s timeline, from the audit log',
    options: {
      resume: { type: 'string', description: 'continue a paused run (after the PO answered, or with a higher limit)', value: '<id>' },
      'override-stop': { type: 'boolean', description: 'with --resume: let the call a stop condition held (the same error three times, three empty searches) go on' },
      file: { type: 'string', description: 'read the task from a file (- for stdin)', value: '<file>' },
      id: { type: 'string', description: 'the new run\'s id (default: run-DATE-RANDOM)', value: '<id>' },
      'max-turns': { type: 'string', description: 'Orchestrator turns in the whole run (default: 30)', value: '<n>' },
      'max-role-turns': { type: 'string', description: 'turns (model calls) of any one delegated role (default: 50)', value: '<n>' },
      'max-tokens': { type: 'string', description: 'tokens (in and out) in the whole run (default: no limit)', value: '<n>' },
      'max-role-tokens': { type: 'string', description: 'tokens for any one role (default: no limit)', value: '<n>' },
      'max-cost': { type: 'string', description: 'US dollars in the whole run, for models with a price in models.yaml (default: no limit)', value: '<usd>' },
      'max-role-cost': { type: 'string', description: 'US dollars for any one role (default: no limit)', value: '<usd>' },
      json: { type: 'boolean', description: 'print the run\'s events as JSON lines (show: the run and its entries as JSON)' },
      dir: { type: 'string', description: 'the repository', default: '.', value: '<dir>' },
    },
    epilog: [
      'Provider: OPENAI_API_KEY (OpenAI), ANTHROPIC_API_KEY (Anthropic; ANTHROPIC_BASE_URL for a gateway), or OPENAI_BASE_URL with KAO_MODEL',
      'for an OpenAI-compatible server (Ollama, vLLM); KAO_PROVIDER=openai|anthropic when both are set; KAO_MODEL_TIMEOUT seconds per request (300).',
      'Models per role: KAO_MODEL, or .github/agent-os/models.yaml. See README "Run the team".',
      'Exit status: 0 finished, 1 paused (waiting for the PO or a limit; `kao run --resume ID`) or failed, 2 usage error.',
    ].join('\n'),
    run: async (v, positionals) => {
      const { runRun, runShow } = await import('./commands/run.ts');
      if (positionals[0] === 'show' && positionals.length === 2) return runShow(positionals[1], { json: Boolean(v.json), dir: v.dir as string });
      if (positionals.length > 1) throw new UsageError('too-many-arguments', 'run: the task is one argument', 'Quote it: `kao run "Add a low-stock widget …"`.');
      const limit = (flag: string) => (v[flag] === undefined ? undefined : count('run', flag, v[flag]));
      const maxTurns = limit('max-turns');
      const maxRoleTurns = limit('max-role-turns');
      if (maxTurns === 0 || maxRoleTurns === 0) throw new UsageError('bad-number', `run: --${maxTurns === 0 ? 'max-turns' : 'max-role-turns'} must be at least 1`);
      const task = positionals[0] ?? (v.file !== undefined ? await (await import('./commands/route.ts')).readBrief(v.file as string) : undefined);
      return runRun(task, {
        resume: v.resume as string | undefined, overrideStop: Boolean(v['override-stop']), id: v.id as string | undefined, json: Boolean(v.json), dir: v.dir as string,
        limits: {
          ...(maxTurns !== undefined ? { maxTurns } : {}), ...(maxRoleTurns !== undefined ? { maxRoleTurns } : {}), maxTokens: limit('max-tokens') ?? null, maxRoleTokens: limit('max-role-tokens') ?? null,
          maxCostUsd: dollars('run', 'max-cost', v['max-cost']), maxRoleCostUsd: dollars('run', 'max-role-cost', v['max-role-cost']),
        },
      });
    },
  },
  {
    name: 'runs',
    summary: 'List the agent runs of this repository, the most recent first, with their status.',
    args: '',
    maxArgs: 0,
    options: {
      json: { type: 'boolean', description: 'print JSON' },
      dir: { type: 'string', description: 'the repository', default: '.', value: '<dir>' },
    },
    epilog: 'Exit status: 0 ok, 2 usage error.',
    run: async (v) => (await import('./commands/run.ts')).runRuns({ json: Boolean(v.json), dir: v.dir as string }),
  },
  {
    name: 'approvals',
    summary: 'List the PO approval requests waiting for an answer, or make one (`kao approvals request`).',
    args: '[request]',
    options: {},
    epilog: 'Exit status: 0 ok, 2 usage error.',
    run: async (_v, positionals) => (await import('./commands/approvals.ts')).runApprovals(positionals),
    runArgv: async (argv) => (await import('./commands/approvals.ts')).runApprovals(argv),
  },
  {
    name: 'approve',
    summary: 'Approve a pending PO approval request (product owners only).',
    args: '<id>',
    options: {
      note: { type: 'string', description: 'a note recorded with the approval', value: '<text>' },
      key: { type: 'string', description: 'your private SSH key; the answer is signed with it (default: $KAO_SIGNING_KEY, else git\'s user.signingkey)', value: '<file>' },
      as: { type: 'string', description: 'who you are, checked against the key\'s owner in product-owners.yaml', value: '<who>' },
      dir: { type: 'string', description: 'the repository', default: '.', value: '<dir>' },
    },
    epilog: 'Exit status: 0 approved, 1 refused (the key is not listed for a product owner), 2 usage error (unknown or answered request, no key).\nProduct owners and their public keys: .github/agent-os/product-owners.yaml. See README "Signed approvals".',
    run: async (v, [id]) => (await import('./commands/approvals.ts')).runApprove(id, { note: v.note as string | undefined, as: v.as as string | undefined, key: v.key as string | undefined, dir: v.dir as string }),
  },
  {
    name: 'deny',
    summary: 'Deny a pending PO approval request, with the reason (product owners only).',
    args: '<id>',
    options: {
      reason: { type: 'string', description: 'why (required)', value: '<text>' },
      key: { type: 'string', description: 'your private SSH key; the answer is signed with it (default: $KAO_SIGNING_KEY, else git\'s user.signingkey)', value: '<file>' },
      as: { type: 'string', description: 'who you are, checked against the key\'s owner in product-owners.yaml', value: '<who>' },
      dir: { type: 'string', description: 'the repository', default: '.', value: '<dir>' },
    },
    epilog: 'Exit status: 0 denied, 1 refused (the key is not listed for a product owner), 2 usage error (unknown or answered request, no key).\nProduct owners and their public keys: .github/agent-os/product-owners.yaml. See README "Signed approvals".',
    run: async (v, [id]) => (await import('./commands/approvals.ts')).runDeny(id, { reason: v.reason as string | undefined, as: v.as as string | undefined, key: v.key as string | undefined, dir: v.dir as string }),
  },
  {
    name: 'audit',
    summary: 'Show the audit log (decisions, approvals, state changes), or check its hash chain (`kao audit verify`).',
    args: '[verify]',
    argHelp: 'verify: recompute the hash chain and name each entry that was edited, deleted, inserted or reordered',
    options: {
      run: { type: 'string', description: 'only the entries of one run', value: '<id>' },
      session: { type: 'string', description: 'only the entries of one agent client session (as its hooks sent it)', value: '<id>' },
      json: { type: 'boolean', description: 'print JSON' },
      dir: { type: 'string', description: 'the repository', default: '.', value: '<dir>' },
    },
    epilog: 'Exit status: 0 ok (verify: the log is intact), 1 verify found tampering, 2 usage error.',
    run: async (v, [sub]) => {
      if (v.run !== undefined && v.session !== undefined) throw new UsageError('conflicting-options', 'audit: --run and --session each pick the entries; give one');
      return (await import('./commands/audit.ts')).runAudit(sub, { run: v.run as string | undefined, session: v.session as string | undefined, json: Boolean(v.json), dir: v.dir as string });
    },
  },
  {
    name: 'gate',
    summary: 'API Contract Gate on OpenAPI specs: inputs, tenant isolation, problem details, DTO alignment, breaking changes.',
    args: 'api [diff OLD NEW]',
    maxArgs: 4,
    argHelp: 'api: check the OpenAPI descriptions found in the repository, or the one given with --spec\napi diff OLD NEW: breaking changes between two specs (or `api --base REF`: between REF and the working tree)',
    options: {
      spec: { type: 'string', description: 'an OpenAPI/Swagger root file, or a folder of them (default: every spec found in --dir)', value: '<path>' },
      base: { type: 'string', description: 'compare with the specs at this git ref: breaking changes', value: '<ref>' },
      code: { type: 'string', description: 'compare the TypeScript and Go types in this folder with the schemas they serve (DTO alignment; default: the folders of the repository holding go.mod, tsconfig.json or package.json)', value: '<dir>' },
      dir: { type: 'string', description: 'the repository', default: '.', value: '<dir>' },
      format: { type: 'string', short: 'f', description: 'output format (github: Actions annotations; junit: JUnit XML test report)', choices: ['text', 'json', 'sarif', 'markdown', 'github', 'junit'], default: 'text', value: '<format>' },
      json: { type: 'boolean', description: 'same as --format json' },
      'fail-on': { type: 'string', description: 'lowest severity that fails (breaking means error for a diff)', choices: ['error', 'warning', 'breaking', 'info'], default: 'error', value: '<level>' },
      quiet: { type: 'boolean', short: 'q', description: 'show errors only (the exit status still follows --fail-on)' },
      'max-problems': { type: 'string', description: 'print at most this many findings in text output, most severe first; the summary counts all', default: '100', value: '<n>' },
    },
    epilog: 'Output: schemas/gate-api.schema.json. Exit status: 0 clean, 1 findings at or above --fail-on (a diff: breaking changes by default), 2 usage error or unreadable spec.',
    run: async (v, [sub, sub2, oldPath, newPath]) => {
      if (sub !== 'api') throw new UsageError('unknown-subcommand', `kao gate${sub ? ` ${sub}` : ''}: expected \`api\``, 'Run `kao gate --help`.');
      if (v.json && v.format !== 'text') throw new UsageError('conflicting-options', `gate api: --json and --format ${String(v.format)} ask for two formats`, 'Use one of them.');
      const format = v.json ? 'json' : (v.format as 'text');
      if (sub2 === 'diff' || v.base !== undefined) {
        const { runGateApiDiff } = await import('./commands/gate-api-diff.ts');
        return runGateApiDiff({ old: oldPath, new: newPath, base: v.base as string | undefined, spec: v.spec ? [v.spec as string] : undefined, dir: v.dir as string, format, failOn: v['fail-on'] as 'error', maxProblems: count('gate', 'max-problems', v['max-problems']) });
      }
      if (sub2 !== undefined) throw new UsageError('unknown-subcommand', `kao gate api ${sub2}: expected \`diff\``, 'Run `kao gate --help`.');
      const failOn = v['fail-on'] === 'breaking' ? 'error' : v['fail-on'] === 'info' ? 'warning' : (v['fail-on'] as 'error' | 'warning');
      const { runGateApi } = await import('./commands/gate-api.ts');
      return runGateApi({ spec: v.spec ? [v.spec as string] : undefined, code: v.code ? [v.code as string] : undefined, dir: v.dir as string, format, failOn, quiet: Boolean(v.quiet), maxProblems: count('gate', 'max-problems', v['max-problems']) });
    },
  },
  {
    name: 'ci',
    summary: 'Run the pull-request check as the GitHub Action does: lint, roles and PO gates, API gate; SARIF, annotations, a PR comment.',
    args: '<github>',
    argHelp: 'github: read the base from the GitHub Actions event (GITHUB_EVENT_PATH), print annotations, write the job summary and step outputs',
    options: {
      dir: { type: 'string', description: 'the repository', default: '.', value: '<dir>' },
      base: { type: 'string', description: 'the ref the change goes into (default: the pull request\'s base commit from the event)', value: '<ref>' },
      out: { type: 'string', description: 'folder for sarif/*.sarif and comment.md (default: $RUNNER_TEMP/kao-ci)', value: '<dir>' },
      api: { type: 'string', description: 'run the API gate: auto (when the repository has a description), on (it must), off', choices: ['auto', 'on', 'off'], default: 'auto', value: '<when>' },
      review: { type: 'boolean', description: 'run the check with --review: the model the environment configures also reviews the diff' },
    },
    epilog: 'Exit status: 0 passed, 1 findings or PO gates to approve, 2 a step could not check (usage error, missing ref, unreadable spec).\nThe GitHub Action (action.yml) runs this; see README "Use it in CI".',
    run: async (v, [target]) => {
      if (target !== 'github') throw new UsageError('unknown-ci', target === undefined ? 'kao ci needs a CI system: github' : `kao ci: unknown CI system "${target}" (known: github)`, 'Run `kao ci github`.');
      const { runCiGithub } = await import('./commands/ci.ts');
      return runCiGithub({ dir: v.dir as string, base: v.base as string | undefined, out: v.out as string | undefined, api: v.api as 'auto', review: Boolean(v.review) });
    },
  },
  {
    name: 'compile',
    summary: 'Print the compiled playbook (effective roles and operating model) as JSON.',
    args: '[dir]',
    argHelp: 'dir: the repository folder (default: the current folder)',
    options: {
      role: { type: 'string', description: 'print one role only', value: '<id>' },
      for: { type: 'string', description: 'print the instruction files and the AGENTS.md that apply to a file', value: '<path>' },
      builtin: { type: 'boolean', description: 'compile the built-in playbook' },
      dir: { type: 'string', description: 'same as the [dir] argument', value: '<dir>' },
    },
    epilog: 'Exit status: 0 ok, 1 a file has errors (see kao lint), 2 usage error.',
    run: async (v, [arg]) => {
      const dir = targetDir('compile', arg, v.dir);
      if (v.builtin && dir !== undefined) throw new UsageError('conflicting-options', 'compile: give a folder or --builtin, not both');
      if (v.role !== undefined && v.for !== undefined) throw new UsageError('conflicting-options', 'compile: --role and --for print different things; give one');
      const { runCompile } = await import('./commands/compile.ts');
      return runCompile(dir ?? '.', { role: v.role as string | undefined, for: v.for as string | undefined, builtin: Boolean(v.builtin) });
    },
  },
  {
    name: 'init',
    summary: "Write the built-in playbook into a repository's .github/ (existing files are kept).",
    args: '[dir]',
    argHelp: 'dir: the repository folder (default: the current folder)\nExisting files, and roles the repository already defines elsewhere, are kept unless --force.',
    options: {
      force: { type: 'boolean', description: 'overwrite files that already exist' },
      client: { type: 'string', description: 'write this agent client\'s hook configuration instead, merged with what is there', choices: ['vscode', 'claude', 'copilot', 'codex'], value: '<client>' },
      po: { type: 'string', description: 'the product owner for product-owners.yaml (default: git config user.email)', value: '<id>' },
      'po-key': { type: 'string', description: 'their public SSH key (default: ~/.ssh/id_ed25519.pub when it exists)', value: '<file.pub>' },
      ci: { type: 'string', description: 'also write the CI workflow (.github/workflows/kao.yml)', choices: ['github'], value: '<system>' },
      json: { type: 'boolean', description: 'print what was written and kept as JSON' },
      dir: { type: 'string', description: 'same as the [dir] argument', value: '<dir>' },
    },
    epilog: 'Writes the roles and operating model, product-owners.yaml and an empty approvals.yaml (and the workflow with --ci).\nExit status: 0 ok, 2 usage error.',
    run: async (v, [arg]) => {
      const { runInit } = await import('./commands/init.ts');
      return runInit(targetDir('init', arg, v.dir) ?? '.', {
        force: Boolean(v.force), json: Boolean(v.json), ...(v.client ? { client: v.client as 'claude' } : {}),
        ...(v.po ? { po: v.po as string } : {}), ...(v['po-key'] ? { poKey: v['po-key'] as string } : {}), ...(v.ci ? { ci: 'github' as const } : {}),
      });
    },
  },
];

/** A flag whose value is a count (0 or more). */
function count(command: string, flag: string, value: unknown): number {
  const n = Number(value);
  if (!/^\d+$/.test(String(value)) || !Number.isSafeInteger(n)) throw new UsageError('bad-number', `${command}: --${flag} must be a whole number, not "${String(value)}"`);
  return n;
}

/** A flag whose value is an amount of US dollars (`0.50`), or null when it is not given. */
function dollars(command: string, flag: string, value: unknown): number | null {
  if (value === undefined) return null;
  const n = Number(String(value).replace(/^\$/, ''));
  if (!/^\$?\d+(\.\d+)?$/.test(String(value)) || !Number.isFinite(n)) throw new UsageError('bad-number', `${command}: --${flag} must be an amount of US dollars such as 0.50, not "${String(value)}"`);
  return n;
}

/** The folder a command works on: the positional [dir] or --dir, the same thing spelled two ways. */
function targetDir(command: string, positional: string | undefined, flag: unknown): string | undefined {
  if (positional !== undefined && flag !== undefined && positional !== flag) {
    throw new UsageError('conflicting-options', `${command}: the folder is given twice (${positional} and --dir ${String(flag)})`, 'Give one of them.');
  }
  return positional ?? (flag as string | undefined);
}

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => `${c.name} ${c.args}`.length)) + 2;
  return [
    'Usage: kao <command> [options]',
    '',
    'Kyora Agent OS: makes an AI coding-agent playbook executable: lint it, route work, check diffs, decide',
    'tool calls, hold the PO\'s approvals with an audit trail, and gate API contracts.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${`${c.name} ${c.args}`.padEnd(width)}${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show this help (also: kao <command> --help)',
    '  -V, --version  print the version',
    '  -o, --output <file>',
    '                 write what the command prints to a file (every command; only when it finishes with 0 or 1)',
    '  --color, --no-color',
    '                 colour the output or not (every command; default: on a terminal, unless NO_COLOR is set;',
    '                 FORCE_COLOR=1 forces it)',
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  // Help asked for is exit 0; no command at all is a usage error (exit 2), like a group with no sub-command.
  if (name === undefined) {
    process.stderr.write(mainHelp());
    return 2;
  }
  if (name === '-h' || name === '--help' || name === 'help') {
    const spec = COMMANDS.find((c) => c.name === rest[0]);
    if (spec?.runArgv) return spec.runArgv(['--help']);
    process.stdout.write(spec ? helpFor(spec) : mainHelp());
    return 0;
  }
  if (name === '-V' || name === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) {
    const names = COMMANDS.map((c) => c.name);
    const near = nearest(name, names);
    throw new UsageError('unknown-command', `unknown command "${name}"${near ? `; did you mean \`kao ${near}\`?` : ''}`, `Commands: ${names.join(', ')}. Run \`kao --help\`.`);
  }
  if (spec.runArgv) return spec.runArgv(rest);
  const parsed = parseCommand(spec, rest);
  if (!parsed) return 0;
  const maxArgs = spec.maxArgs ?? 1;
  if (parsed.positionals.length > maxArgs) {
    throw new UsageError('extra-argument', `${spec.name}: expected at most ${maxArgs} argument${maxArgs === 1 ? '' : 's'}, got ${parsed.positionals.length}`, `Run \`kao ${spec.name} --help\`.`);
  }
  return spec.run(parsed.values, parsed.positionals);
}

// Output piped into `head` (or any reader that stops early) ends quietly, not with an EPIPE stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
}

let output: ReturnType<typeof captureStdout> | undefined;
try {
  const { argv, file } = takeOutputFlag(takeColorFlags(process.argv.slice(2)));
  output = file === undefined ? undefined : captureStdout(file);
  const status = await main(argv);
  output?.finish(status <= 1);
  process.exitCode = status;
} catch (e) {
  try {
    output?.finish(false);
  } finally {
    process.exitCode = report(e);
  }
}

function report(e: unknown): number {
  if (e instanceof UsageError) {
    process.stderr.write(`kao: ${e.message}\n${e.hint ? `  ${e.hint}\n` : ''}`);
    return e instanceof RefusedError ? 1 : 2;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`kao: internal error: ${err.message}\n  This is a bug in kao; please report it${process.env.KAO_DEBUG ? '' : ' (set KAO_DEBUG=1 to see the stack)'}.\n`);
  if (process.env.KAO_DEBUG) process.stderr.write(`${err.stack}\n`);
  return 3;
}
