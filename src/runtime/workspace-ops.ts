/**
 * What the runtime's tools do once the policy allows them: read and write files in the workspace,
 * search its text, run a command with a time limit, an output cap, the workspace as cwd and the
 * environment's secrets removed, and fetch a web page. I/O edge; the deciding is done before any of this is called.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { listFiles } from '../fs-walk.ts';

/** Files larger than this are read in part: a model gains nothing from a 50 MB dump. */
const READ_LIMIT = 256 * 1024;

/** The workspace path a tool argument names; a path that leaves it is refused (the policy already denies it). */
function inside(root: string, path: string): string {
  const full = resolve(root, path);
  if (full !== root && !full.startsWith(root + sep)) throw new Error(`${path} is outside the workspace`);
  return full;
}

export function readText(root: string, path: string): string {
  const full = inside(root, path);
  const text = readFileSync(full, 'utf8');
  return text.length > READ_LIMIT ? `${text.slice(0, READ_LIMIT)}\n… (${statSync(full).size} bytes; the first ${READ_LIMIT} shown)` : text;
}

/** Written whole, through a temporary file, so a crash never leaves half a file. */
export function writeText(root: string, path: string, content: string): string {
  const full = inside(root, path);
  mkdirSync(dirname(full), { recursive: true });
  const temp = `${full}.kao-${process.pid}.tmp`;
  writeFileSync(temp, content);
  renameSync(temp, full);
  return `wrote ${relative(root, full)} (${Buffer.byteLength(content)} bytes)`;
}

/** Lines holding `query` (plain text, case-insensitive), as `path:line: text`, at most `max`. */
export function searchText(root: string, query: string, max = 50): string {
  const needle = query.toLowerCase();
  const hits: string[] = [];
  for (const file of listFiles(root, { maxDepth: 12 })) {
    let text: string;
    try {
      if (statSync(file).size > READ_LIMIT) continue;
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (text.includes('\0') || !text.toLowerCase().includes(needle)) continue;
    text.split('\n').forEach((line, i) => {
      if (hits.length < max && line.toLowerCase().includes(needle)) hits.push(`${relative(root, file)}:${i + 1}: ${line.trim().slice(0, 200)}`);
    });
    if (hits.length >= max) break;
  }
  return hits.length ? hits.join('\n') : `no match for "${query}"`;
}

/** Environment variables that hold credentials: never passed to a command an agent runs. */
const SECRET_ENV = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|SESSION|COOKIE)/i;

export function scrubbedEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !SECRET_ENV.test(k)));
}

export interface ExecuteLimits { timeoutMs: number; outputBytes: number }

/** Runs a command line with bash in the workspace; output is capped, and a command that runs too long is killed. */
export function executeCommand(root: string, command: string, limits: ExecuteLimits): Promise<string> {
  return new Promise((done) => {
    const child = spawn('bash', ['-c', command], { cwd: root, env: scrubbedEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let dropped = 0;
    const take = (chunk: Buffer) => {
      const room = limits.outputBytes - Buffer.byteLength(out);
      if (room > 0) out += chunk.toString('utf8', 0, Math.min(room, chunk.length));
      dropped += Math.max(0, chunk.length - Math.max(room, 0));
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL'); // the whole process group: `sleep` under bash too
      } catch {
        child.kill('SIGKILL');
      }
    }, limits.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      done(`could not run: ${e.message}`);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const tail = dropped > 0 ? `\n… (${dropped} more bytes of output left out)` : '';
      done(`${out}${tail}\n${timedOut ? `killed after ${limits.timeoutMs / 1000} s` : `exit code ${code}`}`);
    });
  });
}

/** What a web fetch may take: a page of text, not a download. */
const FETCH_LIMITS = { timeoutMs: 30_000, bytes: 256 * 1024 };

/**
 * Fetches a URL the policy allowed, as text. A redirect is not followed: its target is a new URL the
 * policy must judge, so the model is told where it points and fetches it with a call of its own.
 */
export async function fetchText(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(FETCH_LIMITS.timeoutMs), headers: { 'user-agent': 'kao-run' } });
  } catch (e) {
    return `could not fetch ${url}: ${(e as Error).name === 'TimeoutError' ? `no answer in ${FETCH_LIMITS.timeoutMs / 1000} s` : (e as Error).message}`;
  }
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel();
    return `HTTP ${res.status}: redirected to ${res.headers.get('location') ?? '(no location)'}; fetch that URL to follow it`;
  }
  const type = res.headers.get('content-type') ?? '';
  if (type && !/^text\/|json|xml|yaml|javascript/i.test(type)) {
    await res.body?.cancel();
    return `HTTP ${res.status}: ${type} is not text; not read`;
  }
  const reader = res.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size > FETCH_LIMITS.bytes) {
      cut = true;
      await reader.cancel();
      break;
    }
  }
  const text = Buffer.concat(chunks).subarray(0, FETCH_LIMITS.bytes).toString('utf8');
  return `HTTP ${res.status}\n${text}${cut ? `\n… (cut at ${FETCH_LIMITS.bytes} bytes)` : ''}`;
}

