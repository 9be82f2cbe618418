import { readFileSync } from 'node:fs';
import { UsageError } from '../../errors.ts';
import { repositoryRoot } from '../../git/git.ts';
import { assertUsable, loadPlaybook } from '../../playbook/load.ts';
import { parseBrief } from '../../router/brief.ts';
import { createRouter } from '../../router/route.ts';

export interface RouteOptions {
  file?: string;
  json: boolean;
  dir: string;
}

/** `kao route [TEXT] [--file F]`: text from the argument, a file, or stdin. */
export async function runRoute(text: string | undefined, opts: RouteOptions): Promise<number> {
  const input = text ?? (opts.file !== undefined ? readInput(opts.file) : process.stdin.isTTY ? undefined : readInput('-'));
  if (input === undefined) {
    throw new UsageError('no-brief', 'no task given', 'Pass the task as an argument (`kao route "Add …"`), with --file brief.yaml, or on stdin.');
  }
  const playbook = await loadPlaybook(repositoryRoot(opts.dir));
  assertUsable(playbook);
  const roles = new Map([...playbook.roles].map(([id, r]) => [id, r.spec]));
  const packet = createRouter({ model: playbook.model, roles }).route(parseBrief(input));
  if (opts.json) {
    process.stdout.write(JSON.stringify(packet, null, 2) + '\n');
  } else {
    const { renderTaskPacket } = await import('../../router/render.ts');
    process.stdout.write(renderTaskPacket(packet));
  }
  return 0;
}

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UsageError('unreadable-brief', `cannot read ${file === '-' ? 'stdin' : file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'Check the path.');
  }
}
