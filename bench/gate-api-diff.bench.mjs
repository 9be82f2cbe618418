// Times the breaking-change diff (`kao gate api diff OLD NEW`) on the corpus pairs as whole processes,
// side by side with the floor — a Node process that reads and JSON-parses both files — and with
// `redocly diff` (a dev dependency), interleaved in one run. Medians. oasdiff is a Go binary with no
// npm package (the npm name is a placeholder), so it cannot be installed here. Rewrites the diff
// section of BENCHMARKS.md.
//
//   npm run build && node bench/gate-api-diff.bench.mjs [rounds]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSection } from './benchmarks-md.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(repo, '..', 'shared', 'corpus', 'openapi');
const bin = join(repo, 'bin', 'kao.js');
const redocly = join(repo, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
const rounds = Number(process.argv[2] ?? 5);
if (!existsSync(join(repo, 'dist', 'kao.js'))) throw new Error('run `npm run build` first');

const pairs = [
  { name: 'GitHub v22.0.0 → v23.0.2', old: 'github-rest-api/api.github.com.v22.0.0.json', new: 'github-rest-api/api.github.com.v23.0.2.json', target: 3000 },
  { name: 'Stripe 2022-01-25 → 2022-04-12', old: 'stripe/spec3.2022-01-25.json', new: 'stripe/spec3.2022-04-12.json', target: 2000 },
];
const time = (args) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.slice(0, 3).join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const p of pairs) {
  const files = [join(corpus, p.old), join(corpus, p.new)];
  const floorArgs = ['-e', `for (const f of ${JSON.stringify(files)}) JSON.parse(require('fs').readFileSync(f, 'utf8'))`];
  const kaoArgs = [bin, 'gate', 'api', 'diff', ...files, '--json'];
  const redoclyArgs = [redocly, 'diff', ...files, '--format', 'json'];
  const floor = [];
  const kao = [];
  const peer = [];
  time(floorArgs);
  time(kaoArgs);
  for (let r = 0; r < rounds; r++) {
    floor.push(time(floorArgs));
    kao.push(time(kaoArgs));
    peer.push(time(redoclyArgs));
  }
  const k = median(kao);
  const red = median(peer);
  rows.push(`| ${p.name} | ${median(floor).toFixed(0)} ms | ${k.toFixed(0)} ms | ${(red / 1000).toFixed(2)} s | ${(k / median(floor)).toFixed(2)}× | ${(red / k).toFixed(1)}× | ≤ ${p.target / 1000} s: ${k <= p.target ? 'met' : `missed by ${((k - p.target) / 1000).toFixed(2)} s`} |`);
}
const section = [
  '## kao gate api diff (issue 6, breaking changes)',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}; ${rounds} interleaved rounds after a warm-up,`,
  'whole processes, median wall time. Reproduce: `npm run build && node bench/gate-api-diff.bench.mjs`.',
  'Peer: `redocly diff OLD NEW --format json` (Redocly CLI, dev dependency). oasdiff has no npm package (the name is a placeholder) and cannot be installed here.',
  '',
  '| pair | floor (read + JSON.parse both) | kao gate api diff --json | redocly diff | kao / floor | redocly / kao | target |',
  '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ...rows,
  '',
].join('\n');
console.log(section);
writeSection(section);
