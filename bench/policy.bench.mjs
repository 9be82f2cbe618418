// Decisions per second of the policy engine, in process, for a realistic mix of tool calls (reads,
// edits, searches, commands with pipes and substitutions, delegations), with the real symlink
// resolver. Side by side: the same loop doing only JSON.parse + the action schema check (the floor
// every decision pays when it arrives as JSON). Rewrites the policy section of BENCHMARKS.md.
//
//   npm run build && node bench/policy.bench.mjs
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSection } from './benchmarks-md.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const kao = await import(join(repo, 'dist', 'index.js'));
const ws = mkdtempSync(join(tmpdir(), 'kao-policy-bench-'));
for (const f of ['src/app.ts', 'docs/plan.md', 'backend/migrations/1.sql', 'package.json']) {
  mkdirSync(dirname(join(ws, f)), { recursive: true });
  writeFileSync(join(ws, f), '');
}
const pb = await kao.loadPlaybook(ws);
const lines = [
  { tool: 'read', path: 'src/app.ts' },
  { tool: 'edit', path: 'src/app.ts' },
  { tool: 'edit', path: 'backend/migrations/1.sql' },
  { tool: 'search', query: 'lowStock' },
  { tool: 'execute', command: 'npm test -- --run && git status | head -5' },
  { tool: 'execute', command: 'echo "$(git rev-parse HEAD)" > /tmp/head.txt' },
  { tool: 'agent', target: 'qa-test-specialist' },
  { tool: 'read', path: '../../etc/passwd' },
  { tool: 'read', path: '.env' },
  { tool: 'execute', command: 'timeout 60 go test ./... 2>&1 | tee /tmp/test.log' },
  { tool: 'execute', command: 'curl -s https://registry.npmjs.org/zod | jq .version' },
  { tool: 'execute', command: 'npx prettier --write src/app.ts && git add -A && git commit -m "format"' },
  { tool: 'execute', command: 'find . -name "*.env*" -exec cat {} \\;' },
  { tool: 'web', url: 'http://169.254.169.254/latest/meta-data/' },
].map((a) => JSON.stringify(a));

function run(seconds, step) {
  let n = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) for (let i = 0; i < 1000; i++) step(n++);
  return n / seconds;
}
// The engine itself is pure; symlink resolution is the I/O it is handed. Measure both: with a
// resolver that knows the workspace has no links (the engine alone), and with the live file system.
const engineOnly = kao.createPolicy(kao.policyContext(pb, 'backend-implementer', 'implementation', (p) => p));
const live = kao.createPolicy(kao.policyContext(pb, 'backend-implementer', 'implementation', kao.realpathDeepest));
// One command line in the mix changes every time (2,000 variants, beyond the parse cache), so the
// figure includes tokenising fresh command lines, not only remembered ones.
const line = (i) => (i % lines.length === 4 ? JSON.stringify({ tool: 'execute', command: `git log -n ${i % 2000} --oneline | grep fix` }) : lines[i % lines.length]);
const step = (policy) => (i) => policy.decide(kao.parseAction(line(i)).action);
const floor = (i) => kao.parseAction(line(i));
for (const f of [floor, step(engineOnly), step(live)]) run(1, f);
const rounds = [];
for (let r = 0; r < 5; r++) rounds.push([run(1, floor), run(1, step(engineOnly)), run(1, step(live))]);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const [f, d, l] = [0, 1, 2].map((k) => median(rounds.map((r) => r[k])));
// End to end: `kao policy check --stdin` in its own process, 200,000 lines of the same mix piped in.
const N = 200_000;
// Lines come from a file and answers go to a file, as a script would run it (`kao … --stdin < in > out`),
// so the figure is kao's, not this harness's buffering of 30 MB of output.
const inFile = join(ws, 'actions.jsonl');
const outFile = join(ws, 'decisions.jsonl');
writeFileSync(inFile, Array.from({ length: N }, (_, i) => line(i)).join('\n') + '\n');
const stdinRuns = [];
for (let r = 0; r < 3; r++) {
  const [input, output] = [openSync(inFile, 'r'), openSync(outFile, 'w')];
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [join(repo, 'bin', 'kao.js'), 'policy', 'check', '--role', 'backend-implementer', '--lane', 'implementation', '--stdin', '--dir', ws], { stdio: [input, output, 'inherit'] });
  const seconds = (performance.now() - t0) / 1000;
  closeSync(input);
  closeSync(output);
  if (run.status !== 0 || readFileSync(outFile, 'utf8').split('\n').length - 1 !== N) throw new Error('kao policy check --stdin did not answer every line');
  stdinRuns.push(N / seconds);
}
const e2e = median(stdinRuns);
const section = [
  '## Policy decisions (issue 5)',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}; median of 5 one-second rounds after warm-up, one thread,`,
  `a mix of ${lines.length} actions (reads, edits, a migration, a search, two shell lines with pipes and substitutions — one of them new every time —, a delegation, a traversal). Reproduce: \`npm run build && node bench/policy.bench.mjs\`.`,
  '',
  '| loop | per second | µs each |',
  '| --- | ---: | ---: |',
  `| floor: JSON.parse + action schema check | ${Math.round(f).toLocaleString('en')} | ${(1e6 / f).toFixed(2)} |`,
  `| parse + decide, engine alone (no symlinks to resolve) | ${Math.round(d).toLocaleString('en')} | ${(1e6 / d).toFixed(2)} |`,
  `| parse + decide, live symlink resolution (lstat + realpath per path) | ${Math.round(l).toLocaleString('en')} | ${(1e6 / l).toFixed(2)} |`,
  `| \`kao policy check --stdin < in > out\`, end to end in its own process (${N.toLocaleString('en')} lines, median of 3) | ${Math.round(e2e).toLocaleString('en')} | ${(1e6 / e2e).toFixed(2)} |`,
  '',
  'Targets: the engine at least 200,000 decisions a second; `--stdin` at least 100,000 end to end. Each path the live resolver checks costs two system calls (~3 µs and ~7 µs here).',
  '',
].join('\n');
console.log(section);
writeSection(section);
