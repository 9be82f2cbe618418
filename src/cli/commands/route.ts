import { readFileSync } from 'node:fs';
import { UsageError } from '../../errors.ts';
import { repositoryRoot } from '../../git/git.ts';
import { assertUsable, loadPlaybook, type Playbook } from '../../playbook/load.ts';
import { printMarkdown } from '../output/report.ts';
import { parseBrief } from '../../router/brief.ts';
import { routeContext } from '../../router/context.ts';
import { createRouter } from '../../router/route.ts';
import { readStdin } from '../stdin.ts';

/** A brief is a page of text, not a file dump. */
const MAX_BRIEF_BYTES = 4 * 1024 * 1024;

export interface RouteOptions {
  file?: string;
  format: 'text' | 'markdown' | 'json';
  dir: string;
}

/** `kao route [TEXT] [--file F]`: text from the argument, a file, or stdin. */
export async function runRoute(text: string | undefined, opts: RouteOptions): Promise<number> {
  const input = text ?? (opts.file !== undefined ? await readBrief(opts.file) : process.stdin.isTTY ? undefined : await readBrief('-'));
  const format = opts.file && /\.ya?ml$/i.test(opts.file) ? 'yaml' : opts.file && /\.json$/i.test(opts.file) ? 'json' : undefined;
  if (input === undefined) {
    throw new UsageError('no-brief', 'no task given', 'Pass the task as an argument (`kao route "Add …"`), with --file brief.yaml, or on stdin.');
  }
  const playbook = await loadPlaybook(repositoryRoot(opts.dir));
  assertUsable(playbook);
  const packet = createRouter(routeContext(playbook)).route(parseBrief(input, format, opts.file));
  if (opts.format === 'json') {
    process.stdout.write(JSON.stringify(packet, null, 2) + '\n');
  } else {
    const { renderTaskPacket } = await import('../../router/render.ts');
    printMarkdown(renderTaskPacket(packet, { context: playbookLines(playbook) }), opts.format);
  }
  return 0;
}

/** Which playbook routed the task; with the built-in one (a first run), what a lane and a PO gate are. */
function playbookLines(playbook: Playbook): string[] {
  const own = [...playbook.roles.values()].filter((r) => r.origin === 'repo').length;
  if (own === 0 && playbook.modelOrigin === 'builtin') {
    return ['', 'Playbook: the built-in one (this repository has no role files; `kao init` writes them to .github/ to adapt).',
      'A lane is a stage of the work (planning, implementation, review, validation); a PO gate is a decision only the product owner makes. See docs/routing.md.'];
  }
  return ['', `Playbook: this repository's (${own} role file${own === 1 ? '' : 's'}, ${playbook.modelOrigin === 'repo' ? 'its own operating model' : 'the built-in operating model'}; built-in roles fill the gaps).`];
}

/** A brief is text: a binary file (a NUL byte, or bytes that are not UTF-8) is refused, not routed. */
export async function readBrief(file: string): Promise<string> {
  const name = file === '-' ? 'stdin' : file;
  let bytes: Buffer;
  try {
    bytes = file === '-' ? await readStdin(MAX_BRIEF_BYTES) : readFileSync(file);
  } catch (e) {
    throw new UsageError('unreadable-brief', `cannot read ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file === '-' ? 'Pass a smaller brief.' : 'Check the path.');
  }
  try {
    if (bytes.includes(0)) throw new Error('NUL byte');
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError('binary-brief', `${name} is not a text file (a brief is UTF-8 text, YAML or JSON)`, 'Pass the task in words, or a brief file such as brief.yaml.');
  }
}
