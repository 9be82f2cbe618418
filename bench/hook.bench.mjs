// One hook call as an agent client makes it: a new `kao hook claude` process per tool call, the
// payload on stdin, in a repository holding the seed role file and a store. Side by side with the
// floor every such call pays, `node -e 0`, interleaved in the same run. Writes the hook section of
// BENCHMARKS.md.
//
//   npm run build && node bench/hook.bench.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSection } from './benchmarks-md.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ws = mkdtempSync(join(tmpdir(), 'kao-hook-bench-'));
mkdirSync(join(ws, '.github', 'agents'), { recursive: true });
copyFileSync(join(repo, '..', 'shared', 'seed', 'backend-lead.agent.md'), join(ws, '.github', 'agents', 'backend-lead.agent.md'));
writeFileSync(join(ws, 'package.json'), '{"name":"app"}\n');
execFileSync('git', ['init', '-q'], { cwd: ws });
const payload = JSON.stringify({ session_id: 'bench', hook_event_name: 'PreToolUse', cwd: ws, agent_type: 'backend-implementer', tool_name: 'Bash', tool_input: { command: 'go test ./... 2>&1 | tail -20' }, tool_use_id: 't' });
const time = (args, input) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { input, cwd: ws, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return performance.now() - t0;
};
const hook = () => time([join(repo, 'bin', 'kao.js'), 'hook', 'claude'], payload);
const floor = () => time(['-e', '0']);
for (let i = 0; i < 3; i++) { hook(); floor(); }
const h = [];
const f = [];
for (let i = 0; i < 30; i++) { h.push(hook()); f.push(floor()); }
const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const row = (name, xs) => `| ${name} | ${q(xs, 0.5).toFixed(0)} | ${q(xs, 0.95).toFixed(0)} |`;
const section = [
  '## Hook call (issue 11)',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}; 30 calls each, interleaved, after 3 warm-up calls. Reproduce: \`npm run build && node bench/hook.bench.mjs\`.`,
  '',
  '| process | median ms | p95 ms |',
  '| --- | ---: | ---: |',
  row('`node -e 0` (the floor)', f),
  row('`kao hook claude`, PreToolUse of a Bash call (seed playbook, store, audit entry)', h),
  '',
  `Ratio: median ${(q(h, 0.5) / q(f, 0.5)).toFixed(1)}×, p95 ${(q(h, 0.95) / q(f, 0.95)).toFixed(1)}× (target 3×).`,
  '',
].join('\n');
console.log(section);
writeSection(section);
