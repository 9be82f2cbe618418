/**
 * Who answered a PO gate is proved, not asserted: the answer is signed with the product owner's SSH
 * key and verified against the public keys listed for them in product-owners.yaml, the way git
 * verifies SSH-signed commits (`ssh-keygen -Y sign` / `-Y verify`, namespace `kao-approval`). An agent
 * runs as the same user as the PO, so a name (`--as`, git's email) proves nothing; a signature needs
 * the private key. I/O edge: ssh-keygen is spawned directly, never through a shell.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';

export const NAMESPACE = 'kao-approval';

export interface SignedFields {
  requestId: string;
  runId: string;
  role: string;
  decision: string;
  actionHash: string;
  answer: 'approved' | 'denied';
  /** The note of an approval or the reason of a denial. */
  text: string;
}

/** The exact bytes that are signed: every field that gives the answer its meaning. */
export function answerPayload(f: SignedFields): string {
  return [`kao-approval v1`, `request ${f.requestId}`, `run ${f.runId}`, `role ${f.role}`, `decision ${f.decision}`, `action ${f.actionHash}`, `answer ${f.answer}`, `text ${JSON.stringify(f.text)}`, ''].join('\n');
}

function sshKeygen(args: string[], input?: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('ssh-keygen', args, { input, encoding: 'utf8', timeout: 30_000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new UsageError('ssh-keygen-missing', 'signing and checking approvals needs ssh-keygen (OpenSSH), which is not installed', 'Install OpenSSH (the openssh-client package on Debian).');
  }
  return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** `type base64` of a key file: the .pub beside a private key, or derived from it. */
export function publicKeyOf(keyPath: string): string {
  if (!existsSync(keyPath)) throw new UsageError('no-such-key', `no key file at ${keyPath}`, 'Pass the private key you sign approvals with, e.g. --key ~/.ssh/id_ed25519.');
  const pub = existsSync(`${keyPath}.pub`) ? readFileSync(`${keyPath}.pub`, 'utf8') : sshKeygen(['-y', '-f', keyPath]).stdout;
  const key = normaliseKey(pub);
  if (!key) throw new UsageError('bad-key', `${keyPath} is not an SSH key ssh-keygen can read`, 'Create one with `ssh-keygen -t ed25519`.');
  return key;
}

/** `ssh-ed25519 AAAA… comment` → `ssh-ed25519 AAAA…` (the comment is not part of the key). */
export function normaliseKey(text: string): string | null {
  const m = /(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)\s+([A-Za-z0-9+/=]+)/.exec(text);
  return m ? `${m[1]} ${m[2]}` : null;
}

export function signAnswer(payload: string, keyPath: string): string {
  const r = sshKeygen(['-Y', 'sign', '-n', NAMESPACE, '-f', keyPath, '-q'], payload);
  if (r.status !== 0 || !r.stdout.includes('BEGIN SSH SIGNATURE')) {
    throw new UsageError('signing-failed', `could not sign the answer with ${keyPath}: ${r.stderr.trim().split('\n')[0] || 'ssh-keygen failed'}`,
      'Use an SSH private key you can unlock (ssh-agent holds passphrase-protected keys).');
  }
  return r.stdout.trim();
}

/** Process-wide: the same signature is checked once however many decisions ask about it. */
const verified = new Map<string, boolean>();

/** Whether `signature` over `payload` was made by one of `keys`, for `principal`. */
export function verifyAnswer(payload: string, signature: string, principal: string, keys: readonly string[]): boolean {
  if (keys.length === 0 || !signature.includes('BEGIN SSH SIGNATURE')) return false;
  const cacheKey = `${principal}\n${keys.join('\n')}\n${signature}\n${payload}`;
  const hit = verified.get(cacheKey);
  if (hit !== undefined) return hit;
  const dir = mkdtempSync(join(tmpdir(), 'kao-verify-'));
  try {
    // The principal is quoted so an identity with spaces or commas stays one name.
    writeFileSync(join(dir, 'allowed_signers'), keys.map((k) => `"${principal.replace(/"/g, '')}" namespaces="${NAMESPACE}" ${k}\n`).join(''));
    writeFileSync(join(dir, 'answer.sig'), `${signature}\n`);
    const r = sshKeygen(['-Y', 'verify', '-f', join(dir, 'allowed_signers'), '-I', principal.replace(/"/g, ''), '-n', NAMESPACE, '-s', join(dir, 'answer.sig')], payload);
    verified.set(cacheKey, r.status === 0);
    return r.status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
