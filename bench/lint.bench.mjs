// Times `kao lint` as whole processes, side by side with the floor `node -e 0`, in one run:
// the commands are interleaved round by round so machine noise hits them alike. Prints medians
// and ratios, and rewrites the lint section of BENCHMARKS.md.
//
//   npm run build && node bench/lint.bench.mjs [rounds]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSection } from './benchmarks-md.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(repo, '..', 'shared', 'corpus', 'agents');
const rounds = Number(process.argv[2] ?? 21);
const bin = join(repo, 'bin', 'kao.js');
if (!existsSync(join(repo, 'dist', 'kao.js'))) throw new Error('run `npm run build` first');

const commands = [
  { name: 'node -e 0 (floor)', args: ['-e', '0'] },
  { name: 'kao lint --builtin (13 roles + model)', args: [bin, 'lint', '--builtin'] },
  { name: 'kao lint of the agents corpus (362 files, 4.2 MB)', args: [bin, 'lint', corpus] },
];

const times = commands.map(() => []);
for (let r = 0; r < rounds + 2; r++) {
  commands.forEach((c, i) => {
    const t0 = process.hrtime.bigint();
    const res = spawnSync(process.execPath, c.args, { stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== 0 && res.status !== 1) throw new Error(`${c.name} exited ${res.status}`);
    if (r >= 2) times[i].push(ms); // two warm-up rounds (compile cache, page cache)
  });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const floor = median(times[0]);
const rows = commands.map((c, i) => {
  const m = median(times[i]);
  return `| ${c.name} | ${m.toFixed(0)} ms | ${Math.min(...times[i]).toFixed(0)} ms | ${(m / floor).toFixed(2)}× |`;
});
const section = [
  '## kao lint (issue 3)',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version},`,
  `${rounds} interleaved rounds after 2 warm-up rounds; whole processes, wall time. Reproduce: \`npm run build && node bench/lint.bench.mjs\`.`,
  '',
  '| command | median | best | vs floor |',
  '| --- | ---: | ---: | ---: |',
  ...rows,
  '',
  'Targets: the built-in playbook within 2× `node -e 0`; the corpus within 1 s.',
  '',
].join('\n');
console.log(section);

writeSection(section);
