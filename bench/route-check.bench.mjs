// Times `kao route` of one brief and `kao check` of a 201-file diff as whole processes, side by side
// with their floors — `node -e 0` and `git diff --name-only` — interleaved in one run. Builds the
// git repository it checks in a temp folder. Prints medians and ratios and rewrites the route/check
// section of BENCHMARKS.md.
//
//   npm run build && node bench/route-check.bench.mjs [rounds]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSection } from './benchmarks-md.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'bin', 'kao.js');
const rounds = Number(process.argv[2] ?? 21);
if (!existsSync(join(repo, 'dist', 'kao.js'))) throw new Error('run `npm run build` first');

// A repository whose branch changes 201 files: 100 Go files edited, 100 React components added
// (with hard-coded strings), one migration.
const work = mkdtempSync(join(tmpdir(), 'kao-bench-'));
const git = (...args) => execFileSync('git', args, { cwd: work, stdio: 'ignore' });
const put = (p, text) => {
  mkdirSync(dirname(join(work, p)), { recursive: true });
  writeFileSync(join(work, p), text);
};
git('init', '-q', '-b', 'main');
git('config', 'user.email', 'bench@example.com');
git('config', 'user.name', 'bench');
for (let i = 0; i < 200; i++) put(`backend/internal/f${i}.go`, `package internal // ${i}\n`);
git('add', '-A');
git('commit', '-qm', 'base');
git('checkout', '-qb', 'change');
for (let i = 0; i < 100; i++) put(`backend/internal/f${i}.go`, `package internal // ${i}\n\nfunc F${i}() {}\n`);
for (let i = 0; i < 100; i++) put(`portal/src/c${i}.tsx`, `export const C${i} = () => <div>Hello world text</div>;\n`);
put('backend/migrations/0002_x.sql', 'ALTER TABLE orders ADD COLUMN note text;\n');
git('add', '-A');
git('commit', '-qm', 'change');

const commands = [
  { name: 'node -e 0 (floor)', cmd: process.execPath, args: ['-e', '0'] },
  { name: 'git diff --name-only main...HEAD (floor)', cmd: 'git', args: ['diff', '--name-only', 'main...HEAD'] },
  { name: 'kao route "<worked example 1>"', cmd: process.execPath, args: [bin, 'route', 'Add a low-stock widget to the dashboard and a backend endpoint for it'] },
  { name: 'kao check --base main (201 files)', cmd: process.execPath, args: [bin, 'check', '--base', 'main'] },
];
const times = commands.map(() => []);
for (let r = 0; r < rounds + 2; r++) {
  commands.forEach((c, i) => {
    const t0 = process.hrtime.bigint();
    const res = spawnSync(c.cmd, c.args, { cwd: work, stdio: 'ignore' });
    if (res.status !== 0 && res.status !== 1) throw new Error(`${c.name} exited ${res.status}`);
    if (r >= 2) times[i].push(Number(process.hrtime.bigint() - t0) / 1e6);
  });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const m = times.map(median);
const [node, gitDiff, route, check] = m;
const section = [
  '## kao route and kao check (issue 4)',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version},`,
  `${rounds} interleaved rounds after 2 warm-up rounds; whole processes, wall time. Reproduce: \`npm run build && node bench/route-check.bench.mjs\`.`,
  '',
  '| command | median | best | ratio |',
  '| --- | ---: | ---: | --- |',
  `| ${commands[0].name} | ${node.toFixed(0)} ms | ${Math.min(...times[0]).toFixed(0)} ms | 1.00× |`,
  `| ${commands[1].name} | ${gitDiff.toFixed(1)} ms | ${Math.min(...times[1]).toFixed(1)} ms | — |`,
  `| ${commands[2].name} | ${route.toFixed(0)} ms | ${Math.min(...times[2]).toFixed(0)} ms | ${(route / node).toFixed(2)}× node -e 0 |`,
  `| ${commands[3].name} | ${check.toFixed(0)} ms | ${Math.min(...times[3]).toFixed(0)} ms | ${(check / (node + gitDiff)).toFixed(2)}× (node -e 0 + git diff) |`,
  '',
  'Target: within 3× of the floors (route against `node -e 0`; check against starting Node plus running `git diff`).',
  '',
].join('\n');
console.log(section);

writeSection(section);
