/**
 * Who may answer PO gates, and who is answering. The product owners are listed in the repository:
 *
 *   # .github/agent-os/product-owners.yaml
 *   productOwners:
 *     - alice@example.com
 *     - bob@example.com
 *
 * Identities are compared trimmed and case-insensitively (they are usually email addresses). The
 * answerer is `--as WHO`, else $KAO_USER, else `git config user.email`. None of these is
 * authentication: they name who answered for the audit log. What keeps an agent from answering
 * its own gate is the policy engine, which protects this file and the store from agent edits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as z from 'zod/mini';
import { UsageError } from '../errors.ts';
import { tryGit } from '../git/git.ts';
import { PRODUCT_OWNERS_PATH } from '../os-paths.ts';

export { PRODUCT_OWNERS_PATH };
const EXAMPLE = `Create ${PRODUCT_OWNERS_PATH} with \`productOwners: [you@example.com]\` (a YAML list of identities, usually emails).`;

const ProductOwnersSchema = z.strictObject({
  productOwners: z.array(z.string().check(z.trim(), z.minLength(1, 'an identity must not be empty'))),
});

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function readProductOwners(root: string): string[] {
  let text: string;
  try {
    text = readFileSync(join(root, PRODUCT_OWNERS_PATH), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError('bad-product-owners', `cannot read ${PRODUCT_OWNERS_PATH}: ${(e as Error).message}`);
    throw new UsageError('no-product-owners', `nobody may answer PO gates: ${PRODUCT_OWNERS_PATH} does not exist`, EXAMPLE);
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (e) {
    throw new UsageError('bad-product-owners', `${PRODUCT_OWNERS_PATH}: invalid YAML: ${(e as Error).message.split('\n')[0]}`, EXAMPLE);
  }
  const parsed = ProductOwnersSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError('bad-product-owners', `${PRODUCT_OWNERS_PATH}: ${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`, EXAMPLE);
  }
  return parsed.data.productOwners;
}

/** Who is answering, from the flag, the environment, or git. */
export function whoIsAnswering(root: string, as: string | undefined): string {
  const who = as?.trim() || process.env.KAO_USER?.trim() || gitEmail(root);
  if (!who) throw new UsageError('no-identity', 'cannot tell who is answering', 'Pass --as you@example.com, set KAO_USER, or set `git config user.email`.');
  return who;
}

/** The answerer as listed in the product owners file; an identity not listed may not answer. */
export function authorisedAnswerer(root: string, as: string | undefined): string {
  const who = whoIsAnswering(root, as);
  const owners = readProductOwners(root);
  const listed = owners.find((o) => same(o, who));
  if (!listed) {
    throw new UsageError('not-a-product-owner', `${who} is not a product owner, so may not answer PO gates`,
      `Product owners are listed in ${PRODUCT_OWNERS_PATH} (${owners.length === 0 ? 'now empty' : owners.join(', ')}); answer as one of them with --as, or ask one to.`);
  }
  return listed;
}

/** Undefined when git is missing or no email is configured: the caller says what to do. */
function gitEmail(root: string): string | undefined {
  return tryGit(['config', 'user.email'], root)?.trim() || undefined;
}
