/**
 * PO approvals for `kao check`, a file in the repository (`.github/agent-os/approvals.yaml`): a gate
 * counts as approved when an entry names its decision and (if it names refs) a commit being checked
 * by a prefix of its id. (Approvals of a run's tool calls live in the store: `kao approve`.)
 */
import * as z from 'zod/mini';
import { readYamlConfig } from '../config-file.ts';
import { GATE_DECISIONS } from '../router/task-packet.ts';
import { APPROVALS_PATH } from './check.ts';

const ApprovalsSchema = z.strictObject({
  approvals: z.array(z.strictObject({
    decision: z.enum(GATE_DECISIONS),
    by: z.string().check(z.minLength(1)),
    at: z.optional(z.union([z.string(), z.date()])),
    note: z.optional(z.string()),
    /** Commits (or refs) the approval covers; none = any. */
    refs: z.optional(z.array(z.string().check(z.minLength(4, 'a ref names at least 4 characters of a commit')))),
  })),
});

export type Approval = z.infer<typeof ApprovalsSchema>['approvals'][number];

/**
 * The approvals file as `text` (read from the commit being checked; null when it has none). Callers
 * import this module only when there is a file (it loads YAML).
 */
export function readApprovals(root: string, text: string | null): Approval[] {
  const file = { path: APPROVALS_PATH, code: 'bad-approvals', hint: 'Each entry needs `decision` (a PO decision id) and `by` (who approved).' };
  return readYamlConfig(root, file, ApprovalsSchema, text)?.approvals ?? [];
}

/** Approvals by someone the product owners file lists, and those that do not count. */
export function byProductOwners(approvals: Approval[], owners: readonly { id: string }[]): { counted: Approval[]; ignored: Approval[] } {
  const listed = (by: string) => owners.some((o) => o.id.trim().toLowerCase() === by.trim().toLowerCase());
  return { counted: approvals.filter((a) => listed(a.by)), ignored: approvals.filter((a) => !listed(a.by)) };
}
