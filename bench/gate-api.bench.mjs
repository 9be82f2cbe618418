// Times `kao gate api --spec F --json` (checks a–c) as whole processes on the OpenAPI corpus, side by
// side with the parse floor (`node -e` reading and parsing the file: JSON.parse, or the yaml package)
// and the peers installed as dev dependencies: Redocly CLI `lint` (recommended) and Spectral
// (`spectral:oas`). Rounds are interleaved; wall time and peak RSS (via /usr/bin/time) are reported as
// medians, with ratios to the floor and to kao. Spectral takes ~100 s and 2.4 GB on GitHub's spec, so
// it runs only on specs under 1 MB unless `--all`. Rewrites the gate-api section of BENCHMARKS.md.
//
//   npm run build && node bench/gate-api.bench.mjs [rounds] [--all]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSection } from './benchmarks-md.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'bin', 'kao.js');
const args = process.argv.slice(2);
const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
const all = args.includes('--all');
if (!existsSync(join(repo, 'dist', 'kao.js'))) throw new Error('run `npm run build` first');
const corpus = resolve(repo, '..', 'shared', 'corpus', 'openapi');
const SPECS = [
  'oai-petstore-expanded/petstore-expanded.yaml',
  'redocly-museum/openapi.yaml',
  'argo-workflows/swagger.json',
  'openai/openapi.json',
  'stripe/spec3.2022-04-12.json',
  'github-rest-api/api.github.com.v23.0.2.json',
].filter((s) => existsSync(join(corpus, s)));

const work = mkdtempSync(join(tmpdir(), 'kao-bench-gate-'));
writeFileSync(join(work, 'redocly.yaml'), 'extends:\n  - recommended\n');
writeFileSync(join(work, '.spectral.yaml'), 'extends: ["spectral:oas"]\n');
const local = (name) => join(repo, 'node_modules', '.bin', name);
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const env = { ...process.env, NO_COLOR: '1', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', SCARF_ANALYTICS: 'false' };

const tools = [
  {
    name: 'floor (node: read + parse)',
    cmd: (f) => [process.execPath, '-e', f.endsWith('.json')
      ? `JSON.parse(require('fs').readFileSync(${JSON.stringify(f)}, 'utf8'))`
      : `require(${JSON.stringify(join(repo, 'node_modules', 'yaml'))}).parse(require('fs').readFileSync(${JSON.stringify(f)}, 'utf8'))`],
  },
  { name: 'kao gate api', cmd: (f) => [process.execPath, bin, 'gate', 'api', '--spec', f, '--json'] },
  existsSync(local('redocly')) && { name: 'redocly lint (recommended)', cmd: (f) => [local('redocly'), 'lint', f, '--config', join(work, 'redocly.yaml'), '--format=json'] },
  existsSync(local('spectral')) && { name: 'spectral lint (spectral:oas)', skip: (f) => !all && statSync(f).size > 1e6, cmd: (f) => [local('spectral'), 'lint', '-r', join(work, '.spectral.yaml'), f, '-f', 'json', '-q'] },
].filter(Boolean);

function run(argv) {
  const rss = join(work, 'rss');
  const full = timeBin ? [timeBin, '-f', '%M', '-o', rss, ...argv] : argv;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(full[0], full.slice(1), { cwd: work, stdio: 'ignore', env, maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} exited ${r.status}`);
  const kb = timeBin ? Number(readFileSync(rss, 'utf8').trim().split('\n').pop()) : NaN;
  return { ms, mb: kb / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// results[spec][tool] = { ms: [], mb: [] }
const results = SPECS.map(() => tools.map(() => ({ ms: [], mb: [] })));
for (let r = 0; r < rounds + 1; r++) {
  SPECS.forEach((s, i) => {
    const f = join(corpus, s);
    tools.forEach((t, j) => {
      if (t.skip?.(f)) return;
      const m = run(t.cmd(f));
      if (r >= 1) { results[i][j].ms.push(m.ms); results[i][j].mb.push(m.mb); }
    });
  });
  process.stderr.write(`round ${r + 1}/${rounds + 1}\n`);
}

const fmt = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const lines = [
  '## kao gate api (issue 6, checks a–c)',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version};`,
  `${rounds} interleaved rounds after 1 warm-up round; whole processes, median wall time / median peak RSS. Reproduce:`,
  '`npm run build && node bench/gate-api.bench.mjs [rounds] [--all]`. Peers are dev dependencies (Redocly CLI `lint` with',
  '`extends: [recommended]`, Spectral CLI with `spectral:oas`); Spectral runs on specs over 1 MB only with `--all`',
  '(openapi-governance.md measured it at 29.6 s on OpenAI and 99.8 s / 2.4 GB on GitHub).',
  '',
  `| spec | size | ${tools.map((t) => t.name).join(' | ')} | kao / floor | peers / kao |`,
  `| --- | ---: | ${tools.map(() => '---:').join(' | ')} | ---: | --- |`,
];
SPECS.forEach((s, i) => {
  const size = statSync(join(corpus, s)).size;
  const med = results[i].map((x) => (x.ms.length ? { ms: median(x.ms), mb: median(x.mb) } : null));
  const cells = med.map((m) => (m ? `${fmt(m.ms)}${Number.isNaN(m.mb) ? '' : ` / ${m.mb.toFixed(0)} MB`}` : 'skipped'));
  const floor = med[0].ms;
  const kao = med[1].ms;
  const peers = med.slice(2).map((m, k) => (m ? `${tools[k + 2].name.split(' ')[0]} ${(m.ms / kao).toFixed(1)}×` : null)).filter(Boolean);
  lines.push(`| \`${s}\` | ${size >= 1e6 ? `${(size / 1e6).toFixed(1)} MB` : `${(size / 1e3).toFixed(0)} KB`} | ${cells.join(' | ')} | ${(kao / floor).toFixed(2)}× | ${peers.join(', ') || '—'} |`);
});
lines.push('', 'Target (issue 6): the whole gate on GitHub\'s 13 MB spec ≤ 2 s wall and ≤ 300 MB peak.', '');
const section = lines.join('\n');
console.log(section);

writeSection(section);
