/**
 * `-o FILE` / `--output FILE` on every command: what the command prints on stdout goes to FILE
 * instead, written only when the command finished (exit 0 or 1) and atomically (a temporary file
 * renamed into place), so a usage error or a crash never leaves a half-written report behind.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { UsageError } from '../../errors.ts';

export function takeOutputFlag(argv: string[]): { argv: string[]; file?: string } {
  const rest: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const inline = /^(?:--output|-o)=(.*)$/s.exec(a);
    if (inline || a === '-o' || a === '--output') {
      const value = inline ? inline[1] : argv[++i];
      if (!value) throw new UsageError('missing-value', `${a.replace(/=.*/, '')} needs a file name`, 'For example: kao lint --format sarif -o lint.sarif');
      file = value;
    } else rest.push(a);
  }
  return file === undefined ? { argv: rest } : { argv: rest, file };
}

/** Collects stdout from now on; `finish` writes it to `file` when `keep`, and stops collecting. */
export function captureStdout(file: string): { finish: (keep: boolean) => void } {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  return {
    finish(keep) {
      process.stdout.write = write;
      if (!keep) return;
      const temp = `${file}.kao-${process.pid}.tmp`;
      try {
        writeFileSync(temp, chunks.join(''));
        renameSync(temp, file);
      } catch (e) {
        throw new UsageError('unwritable-output', `cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'Check that the folder exists and is writable.');
      }
    },
  };
}
