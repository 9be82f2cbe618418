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
import * as z from 'zod/mini';
import { readYamlConfig } from '../config-file.ts';
import { UsageError } from '../errors.ts';
import { tryGit } from '../git/git.ts';
import { PRODUCT_OWNERS_PATH } from '../os-paths.ts';

export { PRODUCT_OWNERS_PATH };
const EXAMPLE = `Create ${PRODUCT_OWNERS_PATH} with \`productOwners: [you@example.com]\` (a YAML list of identities, usually emails).`;

const ProductOwnersSchema = z.strictObject({
  productOwners: z.array(z.string().check(z.trim(), z.minLength(1, 'an identity must not be empty'))),
});

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function readProductOwners(root: string): string[] {
  const owners = readYamlConfig(root, { path: PRODUCT_OWNERS_PATH, code: 'bad-product-owners', hint: EXAMPLE }, ProductOwnersSchema);
  if (!owners) throw new UsageError('no-product-owners', `nobody may answer PO gates: ${PRODUCT_OWNERS_PATH} does not exist`, EXAMPLE);
  return owners.productOwners;
}

/** Who is answering, from the flag, the environment, or git. */
function whoIsAnswering(root: string, as: string | undefined): string {
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
