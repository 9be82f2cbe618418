/**
 * Where the OS keeps its own files in a repository. One place, because the policy engine protects
 * exactly these from agents.
 */
/** The local store: approvals and the audit log (`kao.db`). */
export const STORE_DIR = '.agent-os';
/** PO approvals of a diff's gates, for `kao check`. */
export const APPROVALS_PATH = '.github/agent-os/approvals.yaml';
/** Who may answer PO gates. */
export const PRODUCT_OWNERS_PATH = '.github/agent-os/product-owners.yaml';
