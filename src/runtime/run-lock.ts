/**
 * One process per run: a run being worked on holds a lock file naming its process, so a second
 * `kao run --resume` of the same run (a double-click in CI, a retry while the first is still going)
 * is refused instead of running the same agents twice. A lock whose process is gone (a crash, a kill)
 * is stale and taken over. The lock lives in the machine's temporary folder: a process id means
 * nothing on another machine, and the repository stays clean.
 */
import { createHash } from 'node:crypto';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';

function lockPath(root: string, runId: string): string {
  return join(tmpdir(), `kao-run-${createHash('sha256').update(root).digest('hex').slice(0, 16)}-${runId}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it is someone else's.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the run's lock; the function it returns gives it back. */
export function lockRun(root: string, runId: string): () => void {
  const file = lockPath(root, runId);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          unlinkSync(file);
        } catch { /* already gone: nothing to give back */ }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new UsageError('run-busy', `run ${runId} is being worked on by process ${pid}`, `Wait for it to finish or pause, or stop it (kill ${pid}); then resume.`);
      }
      unlinkSync(file);
    }
  }
  throw new UsageError('run-busy', `run ${runId} is being taken by another process at the same moment`, 'Try again.');
}
