// Scores `kao check` against eval/routing/labels.yaml: for each labelled commit, `kao check --base
// SHA~1 --head SHA` in a clone of its repository, the PO gates it raises (`when: now`) against the
// labels. Prints recall per gate, the commits with a false alarm, and each miss and false alarm.
//
//   npm run build && node eval/routing/score.mjs CLONES_DIR [--json] [--review]
//
// --review runs `kao check --review`: the configured model (as for `kao run`) reviews each commit too.
//
// CLONES_DIR holds one clone per repository, named owner+name (eval/routing/fetch.sh makes them).
// A repository that is not there is reported as skipped, not scored.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '..', '..', 'bin', 'kao.js');
const [clones, ...flags] = process.argv.slice(2);
if (!clones) {
  process.stderr.write('usage: node eval/routing/score.mjs CLONES_DIR [--json] [--review]\n');
  process.exit(2);
}
const labels = parse(readFileSync(join(here, 'labels.yaml'), 'utf8'));
const rows = [];
const skipped = [];
for (const [repo, { commits, heldOut }] of Object.entries(labels)) {
  const dir = join(clones, repo.replace('/', '+'));
  if (!existsSync(dir)) {
    skipped.push(repo);
    continue;
  }
  for (const { sha, gates: expected } of commits) {
    const r = spawnSync(process.execPath, [bin, 'check', '--base', `${sha}~1`, '--head', sha, '--json', '--fail-on', 'none', ...(flags.includes('--review') ? ['--review'] : [])], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) {
      rows.push({ repo, sha, error: r.stderr.trim().split('\n')[0] });
      continue;
    }
    const result = JSON.parse(r.stdout);
    const raised = [...new Set(result.gates.filter((g) => g.when === 'now').map((g) => g.decision))].sort();
    const missed = expected.filter((g) => !raised.includes(g));
    const extra = raised.filter((g) => !expected.includes(g));
    rows.push({ repo, sha, heldOut: heldOut === true, expected, raised, missed, extra, evidence: Object.fromEntries(result.gates.filter((g) => extra.includes(g.decision)).map((g) => [g.decision, (g.evidence ?? []).slice(0, 3)])) });
  }
}
/** Recall per gate and false-alarm commits over some scored rows. */
function score(list) {
  const perGate = new Map();
  const bump = (gate, key) => {
    const g = perGate.get(gate) ?? { expected: 0, found: 0, falseAlarms: 0 };
    g[key]++;
    perGate.set(gate, g);
  };
  for (const r of list) {
    for (const g of r.expected) {
      bump(g, 'expected');
      if (r.raised.includes(g)) bump(g, 'found');
    }
    for (const g of r.extra) bump(g, 'falseAlarms');
  }
  const expected = [...perGate.values()].reduce((n, g) => n + g.expected, 0);
  const found = [...perGate.values()].reduce((n, g) => n + g.found, 0);
  const falseAlarmCommits = list.filter((r) => r.extra.length > 0).length;
  return { commits: list.length, expected, found, recall: expected ? found / expected : 1, falseAlarmCommits, falseAlarmRate: list.length ? falseAlarmCommits / list.length : 0, perGate: Object.fromEntries([...perGate].sort()) };
}
const scored = rows.filter((r) => !r.error);
const summary = { all: score(scored), tuned: score(scored.filter((r) => !r.heldOut)), heldOut: score(scored.filter((r) => r.heldOut)), errors: rows.length - scored.length, skipped };
if (flags.includes('--json')) {
  process.stdout.write(JSON.stringify({ summary, rows }, null, 2) + '\n');
} else {
  const pct = (x) => `${Math.round(x * 100)}%`;
  console.log(`${scored.length} commits scored (${summary.errors} could not be checked${skipped.length ? `; skipped: ${skipped.join(', ')}` : ''})`);
  for (const [name, s] of [['all', summary.all], ['rules tuned on', summary.tuned], ['held out', summary.heldOut]]) {
    if (s.commits === 0) continue;
    console.log(`${name}: ${s.commits} commits, gate recall ${pct(s.recall)} (${s.found}/${s.expected}), commits with a false alarm ${pct(s.falseAlarmRate)} (${s.falseAlarmCommits}/${s.commits})`);
  }
  for (const [name, s] of [['all', summary.all], ['held out', summary.heldOut]]) {
    if (s.commits === 0) continue;
    console.log(`\n${name}, per gate:\n| gate | labelled | found | recall | false alarms |\n| --- | ---: | ---: | ---: | ---: |`);
    for (const [gate, g] of Object.entries(s.perGate)) console.log(`| ${gate} | ${g.expected} | ${g.found} | ${g.expected ? pct(g.found / g.expected) : '–'} | ${g.falseAlarms} |`);
  }
  for (const r of rows) {
    if (r.error) console.log(`\n${r.repo} ${r.sha.slice(0, 10)}: could not check: ${r.error}`);
    else if (r.missed.length || r.extra.length) console.log(`\n${r.repo} ${r.sha.slice(0, 10)}: ${r.missed.length ? `missed ${r.missed.join(', ')}` : ''}${r.missed.length && r.extra.length ? '; ' : ''}${r.extra.length ? `false alarm ${r.extra.join(', ')} ${JSON.stringify(r.evidence)}` : ''}`);
  }
}
