/**
 * Who may answer PO gates, and the keys that prove it. The product owners are listed in the
 * repository, each with the public SSH keys they sign answers with:
 *
 *   # .github/agent-os/product-owners.yaml
 *   productOwners:
 *     - id: alice@example.com
 *       keys: ["ssh-ed25519 AAAAC3Nza… alice@laptop"]
 *     - bob@example.com          # listed, but cannot answer until a key is added
 *
 * Identities are compared trimmed and case-insensitively (they are usually email addresses). The
 * answer is signed with the key given by `--key`, else $KAO_SIGNING_KEY, else git's
 * `user.signingkey`; the owner is whoever that key is listed for (see signatures.ts for why a name
 * alone proves nothing).
 */
import * as z from 'zod/mini';
import { readYamlConfig } from '../config-file.ts';
import { RefusedError, UsageError } from '../errors.ts';
import { tryGit } from '../git/git.ts';
import { PRODUCT_OWNERS_PATH } from '../os-paths.ts';
import { normaliseKey, publicKeyOf } from './signatures.ts';

export { PRODUCT_OWNERS_PATH };
const EXAMPLE = `Create ${PRODUCT_OWNERS_PATH} with \`productOwners: [{id: you@example.com, keys: ["ssh-ed25519 AAAA…"]}]\` (your public key: \`cat ~/.ssh/id_ed25519.pub\`).`;

const identity = z.string().check(z.trim(), z.minLength(1, 'an identity must not be empty'));
const ProductOwnersSchema = z.strictObject({
  productOwners: z.array(z.union([identity, z.strictObject({ id: identity, keys: z.array(z.string().check(z.refine((k) => normaliseKey(k) !== null, 'not an SSH public key (ssh-ed25519 AAAA…)'))) })])),
});

export interface ProductOwner {
  id: string;
  /** Public keys as `type base64`, without comments. */
  keys: string[];
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The listed product owners; null when the file does not exist. `text`: the file as read from a commit. */
export function readProductOwners(root: string, text?: string | null): ProductOwner[] | null {
  const file = readYamlConfig(root, { path: PRODUCT_OWNERS_PATH, code: 'bad-product-owners', hint: EXAMPLE }, ProductOwnersSchema, text);
  return file?.productOwners.map((o) => (typeof o === 'string' ? { id: o, keys: [] } : { id: o.id, keys: o.keys.map((k) => normaliseKey(k)!) })) ?? null;
}

/** The owner listed with this public key. */
export function ownerOfKey(owners: readonly ProductOwner[], publicKey: string): ProductOwner | undefined {
  return owners.find((o) => o.keys.includes(publicKey));
}

export function ownerNamed(owners: readonly ProductOwner[], id: string): ProductOwner | undefined {
  return owners.find((o) => same(o.id, id));
}

/** The key file to sign with: the flag, the environment, or git's SSH signing key. */
function signingKey(root: string, key: string | undefined): string {
  const path = key?.trim() || process.env.KAO_SIGNING_KEY?.trim() || (tryGit(['config', 'gpg.format'], root)?.trim() === 'ssh' ? tryGit(['config', 'user.signingkey'], root)?.trim() : undefined);
  if (!path) {
    throw new UsageError('no-signing-key', 'answering a PO gate needs your SSH key, to sign the answer',
      `Pass --key ~/.ssh/id_ed25519 (or set KAO_SIGNING_KEY); its public key must be listed for you in ${PRODUCT_OWNERS_PATH}.`);
  }
  return path.replace(/^~(?=\/)/, process.env.HOME ?? '~');
}

/** The product owner answering, proved by the key they sign with, and that key's file. */
export function authorisedSigner(root: string, opts: { key?: string; as?: string }): { owner: ProductOwner; keyPath: string } {
  const owners = readProductOwners(root);
  if (!owners) throw new UsageError('no-product-owners', `nobody may answer PO gates: ${PRODUCT_OWNERS_PATH} does not exist`, EXAMPLE);
  const keyPath = signingKey(root, opts.key);
  const publicKey = publicKeyOf(keyPath);
  const owner = ownerOfKey(owners, publicKey);
  if (!owner) {
    const unkeyed = owners.filter((o) => o.keys.length === 0).map((o) => o.id);
    throw new RefusedError('not-a-product-owner', `the key ${keyPath} is not listed for any product owner, so it may not answer PO gates`,
      `List its public key (${publicKey.slice(0, 40)}…) under your entry in ${PRODUCT_OWNERS_PATH}${unkeyed.length ? ` (listed without a key: ${unkeyed.join(', ')})` : ''}, or ask a product owner to answer.`);
  }
  if (opts.as && !same(opts.as, owner.id)) {
    throw new RefusedError('not-this-owner', `--as ${opts.as} does not match the key's owner ${owner.id}`, 'Leave out --as: the key says who is answering.');
  }
  return { owner, keyPath };
}
