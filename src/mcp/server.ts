/**
 * `kao mcp`: the OS as an MCP server, for agents that cannot be hooked and for agents that should ask
 * before acting. Tools route a task, check a diff, check a packet, ask whether an action would be
 * allowed (a dry run that is audited), file an approval request (there is deliberately no tool that
 * answers one: that is the PO's signed act), run the API gate and lint; resources are the compiled
 * playbook and each role. The commands that already exist run as kao's own CLI in a child process
 * (so an agent sees exactly what a person sees); deciding and filing run in-process on the store.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod/v4';
import { parseAction } from '../policy/action.ts';
import { policyContext } from '../policy/context.ts';
import { createPolicy } from '../policy/decide.ts';
import { workspaceFs } from '../policy/fs-view.ts';
import { assertUsable, loadPlaybook } from '../playbook/load.ts';
import { GATE_DECISIONS, LANES } from '../router/task-packet.ts';
import { honouredAnswers } from '../store/honoured-approvals.ts';
import { withRepoStore } from '../store/repo.ts';
import { VERSION } from '../version.ts';

/** What every tool returns: the result as structured content, and the same as text. */
const OUTPUT = { result: z.unknown().describe('the result, as the matching `kao … --json` prints it') };

type ToolResult = { content: { type: 'text'; text: string }[]; structuredContent?: { result: unknown }; isError?: boolean };
const ok = (result: unknown): ToolResult => ({ content: [{ type: 'text', text: JSON.stringify(result, null, 2) }], structuredContent: { result } });
const failed = (message: string): ToolResult => ({ content: [{ type: 'text', text: message }], isError: true });

/** kao's own CLI in a child process, with JSON out; exit 0 and 1 are answers, anything else an error. */
function kaoJson(bin: string, args: string[], cwd: string): ToolResult {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) return failed((r.stderr || `kao ${args[0]} failed`).trim());
  try {
    return ok(JSON.parse(r.stdout));
  } catch {
    return failed(`kao ${args[0]} printed no JSON`);
  }
}

export function createKaoServer(root: string, bin: string): McpServer {
  const server = new McpServer({ name: 'kao', version: VERSION });
  const guard = async (fn: () => Promise<ToolResult> | ToolResult): Promise<ToolResult> => {
    try {
      return await fn();
    } catch (e) {
      // Bad input and our own errors alike come back as a tool error with the reason, never a stack.
      return failed((e as Error).message);
    }
  };

  server.registerTool('route', {
    title: 'Route a task', description: 'Route a task like the Orchestrator: classification, owners, lanes, phases and PO gates (a task packet).',
    inputSchema: { task: z.string().min(1).describe('the task in words, or a brief (labelled text, YAML or JSON)') }, outputSchema: OUTPUT,
  }, async ({ task }) => guard(() => kaoJson(bin, ['route', '--json', '--dir', root, task], root)));

  server.registerTool('check_diff', {
    title: 'Check a diff', description: 'Which roles and PO gates a git diff (base...head) needs, with evidence, and whether each gate is approved.',
    inputSchema: { base: z.string().min(1).describe('the ref the change goes into, e.g. origin/main'), head: z.string().optional().describe('the ref of the change (default HEAD)') }, outputSchema: OUTPUT,
  }, async ({ base, head }) => guard(() => kaoJson(bin, ['check', '--json', '--dir', root, '--base', base, ...(head ? ['--head', head] : [])], root)));

  server.registerTool('check_packet', {
    title: 'Check a packet', description: 'Validate a packet written in markdown (task, delegation, phase handoff, recovery, drift ticket, approval needed): what is missing or invalid, with lines.',
    inputSchema: { markdown: z.string().min(1).describe('the packet as markdown') }, outputSchema: OUTPUT,
  }, async ({ markdown }) => guard(() => {
    const dir = mkdtempSync(join(tmpdir(), 'kao-mcp-packet-'));
    try {
      writeFileSync(join(dir, 'packet.md'), markdown);
      return kaoJson(bin, ['packet', 'check', join(dir, 'packet.md'), '--json'], root);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }));

  server.registerTool('policy_decide', {
    title: 'Would this be allowed?', description: 'Decide a tool call for a role in a lane (allow, deny or ask the PO), with the rule and its source. A dry run: nothing is executed, the decision is audited.',
    inputSchema: {
      role: z.string().min(1).describe('the role id, e.g. backend-implementer'), lane: z.enum(LANES).describe('the lane'),
      action: z.record(z.string(), z.unknown()).describe('the tool call: {"tool":"edit","path":…}, {"tool":"execute","command":…}, …'),
      run: z.string().optional().describe('the run the decision belongs to (its PO answers apply); default "mcp"'),
    }, outputSchema: OUTPUT,
  }, async ({ role, lane, action, run: runId = 'mcp' }) => guard(async () => {
    const parsed = parseAction(JSON.stringify(action));
    if ('error' in parsed) return failed(`action: ${parsed.error}`);
    const playbook = await loadPlaybook(root);
    assertUsable(playbook, role);
    const decision = await withRepoStore(root, true, async (store) => {
      const policy = createPolicy(policyContext(playbook, role, lane, workspaceFs(root), await honouredAnswers(store, root, runId, role)));
      const d = policy.decide(parsed.action);
      await store.recordDecision({ runId, role, lane, action: parsed.action as never, ...d, gate: d.gate as never, client: 'mcp' });
      return d;
    });
    return ok(decision);
  }));

  server.registerTool('request_approval', {
    title: 'Ask the PO', description: 'File an approval request for a PO gate (the PO answers it with a signed `kao approve`; no tool answers it).',
    inputSchema: {
      run: z.string().min(1), role: z.string().min(1), decision: z.enum(GATE_DECISIONS).describe('the PO decision needed'),
      action: z.record(z.string(), z.unknown()).describe('the exact action the approval is for'), context: z.string().optional().describe('why it is needed'),
    }, outputSchema: OUTPUT,
  }, async ({ run: runId, role, decision, action, context }) => guard(async () => {
    const result = await withRepoStore(root, true, (store) => store.requestApproval({ runId, role, decision, action: action as never, ...(context ? { context } : {}) }));
    return ok({ id: result!.request.id, status: result!.request.status, created: result!.created, answer: `the PO answers with: kao approve ${result!.request.id} --key ~/.ssh/id_ed25519` });
  }));

  server.registerTool('gate_api', {
    title: 'API contract gate', description: 'Check the repository\'s OpenAPI descriptions: inputs validated, tenant isolation, problem details, DTO alignment.',
    inputSchema: { spec: z.string().optional().describe('one spec file (default: every spec in the repository)') }, outputSchema: OUTPUT,
  }, async ({ spec }) => guard(() => kaoJson(bin, ['gate', 'api', '--json', '--dir', root, ...(spec ? ['--spec', spec] : [])], root)));

  server.registerTool('lint', {
    title: 'Lint the playbook', description: 'Check the playbook: YAML, fields, tools, role references, links, applyTo globs, mis-decoded text.',
    inputSchema: {}, outputSchema: OUTPUT,
  }, async () => guard(() => kaoJson(bin, ['lint', '--json', root], root)));

  server.registerResource('playbook', 'kao://playbook', { title: 'The compiled playbook', description: 'Effective roles, the operating model and the areas of the repository, as JSON.', mimeType: 'application/json' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: compiled(bin, root, []) }] }));
  server.registerResource('role', new ResourceTemplate('kao://roles/{id}', { list: undefined }), { title: 'One compiled role', mimeType: 'application/json' },
    async (uri, { id }) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: compiled(bin, root, ['--role', String(id)]) }] }));
  return server;
}

function compiled(bin: string, root: string, args: string[]): string {
  const r = spawnSync(process.execPath, [bin, 'compile', root, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) throw new Error((r.stderr || 'kao compile failed').trim());
  return r.stdout;
}
