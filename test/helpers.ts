import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED = resolve(REPO, '..', 'shared');
export const SEED = join(SHARED, 'seed', 'backend-lead.agent.md');
export const CORPUS = join(SHARED, 'corpus', 'agents');
export const BIN = join(REPO, 'bin', 'kao.js');

export function tempDir(prefix = 'kao-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs the built CLI as a user would, as a separate process. */
export function kao(args: string[], cwd = REPO): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI in its own process, without blocking this one (a server in this process can answer it). No OpenAI key from the machine leaks in. */
export function kaoAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', OPENAI_API_KEY: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (status) => done({ status: status ?? -1, stdout, stderr }));
  });
}

/** Writes files (path → text) under root, creating folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
}

/** An ed25519 key pair made by ssh-keygen in a temp folder: the private key's path and its public key. */
export function poKey(comment = 'po'): { key: string; pub: string } {
  const key = join(tempDir('kao-key-'), 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', key]);
  return { key, pub: readFileSync(`${key}.pub`, 'utf8').trim() };
}

/** product-owners.yaml: owners with a key can answer; owners given without one are listed only. */
export function productOwnersYaml(owners: { id: string; pub?: string }[]): string {
  return `productOwners:\n${owners.map((o) => (o.pub ? `  - id: ${o.id}\n    keys: ["${o.pub}"]\n` : `  - ${o.id}\n`)).join('')}`;
}
