/**
 * `kao hook <client>`: the agent client runs this for every hook event, one process per call, with
 * the event as JSON on stdin. Everything that goes wrong — an unreadable payload, a missing or broken
 * playbook, a store problem, our own bug, or taking too long — becomes an explicit deny (exit 2, the
 * reason on stderr), because the clients run the tool when a hook fails.
 */
import { repositoryRoot } from '../../git/git.ts';
import type { Client } from '../../hooks/payload.ts';
import { failClosed, type HookAnswer } from '../../hooks/respond.ts';
import { readStdin } from '../stdin.ts';

export interface HookCommandOptions {
  role?: string;
  lane?: string;
  dir?: string;
}

/** Well inside every client's timeout (Copilot's default is 30 s, VS Code's 30 s). */
const DEADLINE_MS = 10_000;

export async function runHook(client: Client, opts: HookCommandOptions): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no decision within ${DEADLINE_MS / 1000} s`)), DEADLINE_MS);
    timer.unref();
  });
  let answer: HookAnswer & { stderr?: string };
  try {
    answer = await Promise.race([decide(client, opts), deadline]);
  } catch (e) {
    answer = failClosed(client, (e as Error).message.split('\n')[0] ?? 'unknown error');
  } finally {
    clearTimeout(timer);
  }
  if (answer.stdout) process.stdout.write(answer.stdout);
  if (answer.stderr) process.stderr.write(answer.stderr);
  return answer.exitCode;
}

async function decide(client: Client, opts: HookCommandOptions): Promise<HookAnswer> {
  const raw = await readEvent();
  const [{ readHookCall }, { handleHook }, { loadPlaybook }] = await Promise.all([import('../../hooks/payload.ts'), import('../../hooks/run.ts'), import('../../playbook/load.ts')]);
  const call = readHookCall(raw);
  // The repository is the one the client says it works in, unless --dir names it.
  const root = repositoryRoot(opts.dir ?? call.cwd ?? process.env.CLAUDE_PROJECT_DIR ?? '.');
  const playbook = await loadPlaybook(root);
  return handleHook(client, call, playbook, opts);
}

async function readEvent(): Promise<string> {
  if (process.stdin.isTTY) throw new Error('kao hook reads the client\'s event as JSON on stdin; run it from the client\'s hook configuration (kao init --client)');
  return (await readStdin(16 * 1024 * 1024)).toString('utf8');
}
