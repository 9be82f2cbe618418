/**
 * `kao audit [--run ID]` shows the audit log; `kao audit verify` recomputes its hash chain and
 * names every entry that was edited, deleted, inserted or reordered (exit 1), so CI can run it.
 */
import { UsageError } from '../../errors.ts';
import { repositoryRoot } from '../../git/git.ts';
import { STORE_FILE, withRepoStore } from '../../store/repo.ts';
import { describeAction, type AuditEntry, type AuditEvent, type AuditReport } from '../../store/store.ts';

export interface AuditOptions {
  run?: string;
  /** A client session: its hooks' run, whichever client sent it. */
  session?: string;
  json: boolean;
  dir: string;
}

export async function runAudit(sub: string | undefined, opts: AuditOptions): Promise<number> {
  if (sub !== undefined && sub !== 'verify') {
    throw new UsageError('unknown-subcommand', `audit: unknown sub-command "${sub}"`, 'Run `kao audit` to show the log or `kao audit verify` to check it.');
  }
  const root = repositoryRoot(opts.dir);
  if (sub === 'verify') {
    if (opts.run !== undefined) throw new UsageError('bad-option', 'audit verify: --run does not apply; the whole chain is verified', 'Run `kao audit verify` without --run.');
    const report = await withRepoStore(root, false, async (store): Promise<AuditReport> => {
      const chain = await store.verifyAudit();
      // Approvals are checked against the chain too: rows written outside kao, unsigned answers.
      const { approvalProblems } = await import('../../store/honoured-approvals.ts');
      const approvals = (await approvalProblems(store, root)).map((message) => ({ kind: 'approval' as const, seq: null, message }));
      return { ...chain, ok: chain.ok && approvals.length === 0, problems: [...chain.problems, ...approvals] };
    });
    if (opts.json) process.stdout.write(`${JSON.stringify(report ?? { ok: true, entries: 0, head: null, problems: [] }, null, 2)}\n`);
    else process.stdout.write(report ? renderReport(report) : `${STORE_FILE}: no audit log yet (nothing to verify)\n`);
    return report && !report.ok ? 1 : 0;
  }
  const entries = await withRepoStore(root, false, async (store) => {
    if (opts.session === undefined) return store.readAudit(opts.run === undefined ? {} : { runId: opts.run });
    const { CLIENTS, runIdOf } = await import('../../hooks/payload.ts');
    const runs = CLIENTS.map((c) => runIdOf(c, opts.session!));
    return (await Promise.all(runs.map((runId) => store.readAudit({ runId })))).flat().sort((a, b) => a.seq - b.seq);
  });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ version: 1, entries: entries ?? [] }, null, 2)}\n`);
  } else if (!entries || entries.length === 0) {
    process.stdout.write(`no audit entries${opts.run === undefined ? '' : ` for run ${opts.run}`}${opts.session === undefined ? '' : ` for session ${opts.session}`}${entries ? '' : ` (no store yet at ${STORE_FILE})`}\n`);
  } else {
    process.stdout.write(entries.map(renderEntry).join(''));
  }
  return 0;
}

function renderEntry(e: AuditEntry): string {
  const run = 'runId' in e.event ? e.event.runId : '-';
  return `#${e.seq}  ${e.at}  ${run}  ${e.event.type}  ${summary(e.event)}\n`;
}

function summary(e: AuditEvent): string {
  switch (e.type) {
    case 'store-migrated': return `store schema ${e.from} -> ${e.to}`;
    case 'run-started': return `run ${e.runId} started`;
    case 'decision': return `${e.role}${e.lane ? ` (${e.lane})` : ''}: ${describeAction(e.action)} -> ${e.decision} [${e.rule}, ${e.source}] ${e.reason}`;
    case 'approval-requested': return `${e.role} asks for the PO's ${e.decision} decision on ${describeAction(e.action)} (request ${e.requestId})`;
    case 'approval-answered': return `request ${e.requestId} ${e.answer} by ${e.by}${e.note ? `: ${e.note}` : e.reason ? `: ${e.reason}` : ''}`;
    case 'state-changed': return `${e.what}: ${e.from === undefined ? '' : `${JSON.stringify(e.from)} -> `}${JSON.stringify(e.to)}`;
    case 'run-state': return `run ${e.status}${e.reason ? `: ${e.reason}` : ''}${e.stateHash ? ` (state ${e.stateHash.slice(0, 12)})` : ''}`;
  }
}

const SHOWN = 20;

function renderReport(r: AuditReport): string {
  if (r.ok) {
    const last = r.head ? `; last entry #${r.head.seq}, hash ${r.head.hash}` : '';
    return `${STORE_FILE}: the audit log is intact (${r.entries} entr${r.entries === 1 ? 'y' : 'ies'}${last})\n`;
  }
  const lines = [`${STORE_FILE}: the audit log was tampered with: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`];
  for (const p of r.problems.slice(0, SHOWN)) lines.push(`  ${p.kind.padEnd(9)} ${p.message}`);
  if (r.problems.length > SHOWN) lines.push(`  … and ${r.problems.length - SHOWN} more (see --json)`);
  lines.push('Keep the file as evidence; the entries named above are not what kao wrote.');
  return `${lines.join('\n')}\n`;
}
