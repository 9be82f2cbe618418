// kao's own cost inside `kao run` (issue 14). Two measures, each side by side with its floor in one run:
//   1. per tool call: the policy decision and the audit writes (the model call, the decision, the
//      tool's result) into a real SQLite store, as a run makes them — target ≤ 2 ms median;
//   2. a scripted 200-step run (the SDK's ScriptedModel reading a file 200 times) through `startRun`
//      (routing, policy, audit, a sealed checkpoint after every turn) against the same agent loop on
//      the same SDK with plain tools and no kao — target ≤ 1.5×.
// Rewrites the runtime section of BENCHMARKS.md.
//
//   npm run build && node bench/run.bench.mjs
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, Runner, setTracingDisabled, tool } from '@openai/agents';
import { assistantMessage, functionCall, ScriptedModel } from '@openai/agents/testing';
import * as z from 'zod';
import { writeSection } from './benchmarks-md.mjs';

setTracingDisabled(true);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const kao = await import(join(repo, 'dist', 'index.js'));
const STEPS = 200;
const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

function workspace() {
  const ws = mkdtempSync(join(tmpdir(), 'kao-run-bench-'));
  writeFileSync(join(ws, 'notes.md'), 'Orders ship in 2 days.\n'.repeat(20));
  return ws;
}

// 1. Per tool call: decide + record the decision + record the result, as RunSession does.
const ws1 = workspace();
const playbook = await kao.loadPlaybook(ws1);
const policy = kao.createPolicy(kao.policyContext(playbook, 'backend-implementer', 'implementation', (p) => kao.realpathDeepest(p)));
const store = await kao.openSqliteStore(join(ws1, '.agent-os', 'kao.db'));
const action = { tool: 'read', path: 'notes.md' };
const perCall = [];
const floor = [];
for (let i = 0; i < 1000; i++) {
  let t0 = performance.now();
  const d = policy.decide(action, []);
  // As a run writes a step: the model call and the last result ride with the decision, one transaction.
  await store.recordDecision({ runId: 'bench', role: 'backend-implementer', lane: 'implementation', action, ...d }, [
    { runId: 'bench', what: 'model-call', to: { role: 'backend-implementer', provider: 'openai', model: 'gpt-4.1', inputTokens: 1200, outputTokens: 80 } },
    { runId: 'bench', what: 'tool-result', to: { role: 'backend-implementer', outcome: { action }, actionHash: kao.actionHash(action), bytes: 460 } },
  ]);
  perCall.push(performance.now() - t0);
  // The floor: the tool's own work (reading the file).
  t0 = performance.now();
  readFileSync(join(ws1, 'notes.md'), 'utf8');
  floor.push(performance.now() - t0);
}
await store.close();

// 2. A 200-step scripted run, with and without kao.
const script = () => [
  ...Array.from({ length: STEPS }, (_, i) => [functionCall('read', { path: 'notes.md' }, { callId: `c${i}` })]),
  [assistantMessage('done')],
];
async function withKao() {
  const ws = workspace();
  const pb = await kao.loadPlaybook(ws);
  const s = await kao.openSqliteStore(join(ws, '.agent-os', 'kao.db'));
  const model = new ScriptedModel(script());
  const t0 = performance.now();
  const out = await kao.startRun({ playbook: pb, store: s, models: () => ({ model, provider: 'scripted', name: 'scripted', label: 'scripted' }), limits: { ...kao.DEFAULT_LIMITS, maxTurns: STEPS + 5 } }, 'Where do the docs say how long shipping takes?');
  const ms = performance.now() - t0;
  await s.close();
  if (out.status !== 'finished') throw new Error(`the run ${out.status}: ${out.reason}`);
  return ms;
}
async function withoutKao() {
  const ws = workspace();
  const read = tool({ name: 'read', description: 'Read a file of the workspace.', parameters: z.object({ path: z.string() }), execute: async ({ path }) => readFileSync(join(ws, path), 'utf8') });
  const agent = new Agent({ name: 'orchestrator', instructions: 'x', model: new ScriptedModel(script()), tools: [read] });
  const t0 = performance.now();
  await new Runner({ tracingDisabled: true }).run(agent, 'Where do the docs say how long shipping takes?', { maxTurns: STEPS + 5 });
  return performance.now() - t0;
}
await withKao();
await withoutKao();
const a = [];
const b = [];
for (let i = 0; i < 5; i++) {
  a.push(await withKao());
  b.push(await withoutKao());
}
const section = [
  '## kao run overhead (issue 14)',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}. Reproduce: \`npm run build && node bench/run.bench.mjs\`.`,
  '',
  '| per tool call (1,000 calls) | median ms | p95 ms |',
  '| --- | ---: | ---: |',
  `| floor: the read itself | ${q(floor, 0.5).toFixed(3)} | ${q(floor, 0.95).toFixed(3)} |`,
  `| kao: policy decision + model call, decision and result written to the audit chain (one SQLite transaction, full sync) | ${q(perCall, 0.5).toFixed(3)} | ${q(perCall, 0.95).toFixed(3)} |`,
  '',
  `Target ≤ 2 ms median: ${q(perCall, 0.5) <= 2 ? 'met' : 'missed'}.`,
  '',
  `| ${STEPS}-step scripted run (5 runs each, interleaved) | median ms | best ms |`,
  '| --- | ---: | ---: |',
  `| the SDK's agent loop with plain tools (no kao) | ${q(b, 0.5).toFixed(0)} | ${Math.min(...b).toFixed(0)} |`,
  `| \`startRun\`: routing, policy, audit, sealed checkpoints (about a tenth of the run's time) | ${q(a, 0.5).toFixed(0)} | ${Math.min(...a).toFixed(0)} |`,
  '',
  `Ratio: median ${(q(a, 0.5) / q(b, 0.5)).toFixed(2)}× (target 1.5×).`,
  '',
].join('\n');
console.log(section);
writeSection(section);
