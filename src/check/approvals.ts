/**
 * PO approvals for `kao check`, a file in the repository (`.github/agent-os/approvals.yaml`): a gate
 * counts as approved when an entry names its decision and (if it names refs) a commit being checked
 * by a prefix of its id. (Approvals of a run's tool calls live in the store: `kao approve`.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as z from 'zod/mini';
import { UsageError } from '../errors.ts';
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

/** Reads the approvals file; callers import this module only when the file exists (it loads YAML). */
export function readApprovals(root: string): Approval[] {
  const path = join(root, APPROVALS_PATH);
  let data: unknown;
  try {
    data = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError('bad-approvals', `${APPROVALS_PATH}: invalid YAML: ${(e as Error).message.split('\n')[0]}`, 'Fix the file; each entry needs `decision` and `by`.');
  }
  const parsed = ApprovalsSchema.safeParse(data ?? { approvals: [] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError('bad-approvals', `${APPROVALS_PATH}: ${issue.path.join('.')}: ${issue.message}`, 'Each entry needs `decision` (a PO decision id) and `by` (who approved).');
  }
  return parsed.data.approvals;
}

