// Crash safety: a child process records decisions, requests and approvals as fast as it can and
// prints each one after its commit returns; the test SIGKILLs it at random points (including during
// start-up and the first migration), restarts it, and checks that everything printed is still
// there, that no change lost its audit entry or gained a stray one, and that the chain verifies.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqliteStore } from '../src/store/sqlite.ts';
import { REPO, tempDir } from './helpers.ts';

const LAUNCHES = 6;

const child = (file: string, run: string) => `
  import { openSqliteStore } from './src/store/sqlite.ts';
  const store = await openSqliteStore(${JSON.stringify(file)});
  const out = (line) => process.stdout.write(line + '\\n');
  for (let i = 0; ; i++) {
    const d = await store.recordDecision({ runId: '${run}', role: 'backend-lead', action: { tool: 'read', path: 'src/' + i + '.ts' }, decision: 'allow', rule: 'tool-granted', source: 'kao', reason: 'granted' });
    out('D ' + d.seq + ' ' + d.hash);
    if (i % 3 !== 0) continue;
    const { request } = await store.requestApproval({ runId: '${run}', role: 'backend-lead', decision: 'schema', action: { tool: 'edit', path: 'db/' + i + '.sql' } });
    out('R ' + request.id);
    if (i % 2 !== 0) continue;
    const a = await store.answerApproval({ id: request.id, answer: 'approved', by: 'po@example.com' });
    out('A ' + a.id);
  }`;

/** A small seeded generator, so a failure can be replayed from the seed in its message. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs the child until it has printed `lines` committed lines (0: kill during start-up), plus a random few ms. */
function runAndKill(file: string, run: string, lines: number, extraMs: number): Promise<{ printed: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--input-type=module', '-e', child(file, run)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    let stderr = '';
    const printed: string[] = [];
    let killing = false;
    const kill = () => {
      if (killing) return;
      killing = true;
      setTimeout(() => proc.kill('SIGKILL'), extraMs);
    };
    if (lines === 0) kill();
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const complete = buffer.split('\n');
      buffer = complete.pop()!;
      printed.push(...complete);
      if (printed.length >= lines) kill();
    });
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve({ printed, stderr }) : reject(new Error(`the writer exited by itself: ${stderr}`))));
  });
}

test('SIGKILL at random points loses nothing that was committed, and the chain still verifies', { timeout: 120_000 }, async () => {
  const seed = Date.now() % 1_000_000;
  const rand = random(seed);
  const file = join(tempDir('kao-crash-'), '.agent-os', 'kao.db');
  const printed: string[] = [];
  for (let launch = 0; launch < LAUNCHES; launch++) {
    // The first launch is killed while starting (creating and migrating the file) half the time.
    const lines = launch === 0 && rand() < 0.5 ? 0 : 1 + Math.floor(rand() * 150);
    const result = await runAndKill(file, `run-${launch}`, lines, Math.floor(rand() * 8));
    assert.equal(result.stderr, '', `seed ${seed}, launch ${launch}: the writer printed errors`);
    printed.push(...result.printed);
  }
  assert.ok(printed.length > LAUNCHES, `seed ${seed}: the writers committed too little to test (${printed.length} lines)`);

  const store = await openSqliteStore(file);
  try {
    const report = await store.verifyAudit();
    assert.deepEqual(report.problems, [], `seed ${seed}`);
    const audit = await store.readAudit();
    const bySeq = new Map(audit.map((e) => [e.seq, e.hash]));
    const requests = new Map((await store.listApprovals()).map((r) => [r.id, r]));
    for (const line of printed) {
      const [kind, a, b] = line.split(' ');
      if (kind === 'D') assert.equal(bySeq.get(Number(a)), b, `seed ${seed}: decision entry ${a} was committed and printed, then lost`);
      if (kind === 'R') assert.ok(requests.has(a!), `seed ${seed}: request ${a} was lost`);
      if (kind === 'A') assert.equal(requests.get(a!)?.status, 'approved', `seed ${seed}: the approval of ${a} was lost`);
    }
    // A change and its audit entry are one transaction: neither survives a crash without the other.
    const requested = audit.flatMap((e) => (e.event.type === 'approval-requested' ? [e.event.requestId] : []));
    const answered = audit.flatMap((e) => (e.event.type === 'approval-answered' ? [e.event.requestId] : []));
    assert.deepEqual([...requests.keys()].sort(), [...requested].sort(), `seed ${seed}: requests and their audit entries differ`);
    assert.deepEqual([...requests.values()].filter((r) => r.status === 'approved').map((r) => r.id).sort(), [...answered].sort(), `seed ${seed}`);
    assert.equal(audit.filter((e) => e.event.type === 'store-migrated').length, 1, `seed ${seed}: the schema was migrated more than once`);
  } finally {
    await store.close();
  }
});
