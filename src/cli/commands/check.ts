import { resolve } from 'node:path';
import { APPROVALS_PATH, checkDiff, checkPasses } from '../../check/check.ts';
import { isGraphqlSchemaPath, isSpecFile } from '../../check/spec-paths.ts';
import { isManifest } from '../../check/dependencies.ts';
import { type ChangedFile, type Checkout, readDiff, resolveCheckout } from '../../check/diff.ts';
import { inferTenantLevels, mentionsTenantNoun, SCHEMA_FILES, withTenantLevels } from '../../check/tenant-levels.ts';
import { autoMigratedModels, autoMigrateGrep, gormFieldChanges, mayChangeFields } from '../../playbook/gorm-models.ts';
import type { OperatingModel } from '../../playbook/operating-model.ts';
import { UsageError } from '../../errors.ts';
import { gitAsync, showFile, tryGit } from '../../git/git.ts';
import { PRODUCT_OWNERS_PATH } from '../../os-paths.ts';
import type { Approval } from '../../check/approvals.ts';
import type { Reviewer } from '../../review/review.ts';
import { assertUsable, loadPlaybook } from '../../playbook/load.ts';
import { routeContext } from '../../router/context.ts';
import { createRouter } from '../../router/route.ts';
import { VERSION } from '../../version.ts';
import { sarifToJunit } from '../output/junit.ts';
import { sarifToAnnotations } from '../output/github.ts';
import { printMarkdown } from '../output/report.ts';
import { terminalProgress } from '../output/progress.ts';

export interface CheckOptions {
  base?: string;
  head: string;
  format: 'text' | 'markdown' | 'json' | 'sarif' | 'github' | 'junit';
  /** `none`: report, but exit 0 even when a gate needs approval (a report-only CI step). */
  failOn?: 'gate' | 'none';
  /** Text and markdown: only the gates that need approval, one line each. */
  quiet?: boolean;
  /** Also ask the configured model which other gates the change needs (docs/routing.md, "Model review"). */
  review?: boolean;
  /** Print what --review would send to the model, send nothing, and exit 0. */
  reviewInput?: boolean;
  dir: string;
}

/** Exit 0 when every gate the diff needs is approved, 1 when not. */
export async function runCheck(opts: CheckOptions): Promise<number> {
  if (!opts.base) throw new UsageError('no-base', 'kao check needs --base REF (the branch the change goes into)', 'For example: kao check --base origin/main');
  const { root, ...refs } = resolveCheckout(resolve(opts.dir), opts.base, opts.head);
  // A review that cannot reach a model says so before any work is done.
  const reviewer = opts.review ? (await import('../../review/review.ts')).reviewerFor(root, process.env) : null;
  const progress = terminalProgress();
  try {
    return await check({ ...opts, base: opts.base }, root, refs, progress.step, reviewer);
  } finally {
    progress.done();
  }
}

async function check(opts: CheckOptions & { base: string }, root: string, refs: Omit<Checkout, 'root'>, progress: (message: string) => void, reviewer: Reviewer | null): Promise<number> {
  progress(`reading the diff ${opts.base}...${opts.head} and the playbook`);
  // The diff and the log run in git while the playbook loads here.
  const range = refs.fromNothing ? refs.head : `${refs.base}..${refs.head}`;
  const [files, log, approvalsText, playbook] = await Promise.all([
    readDiff(root, refs, isManifest, { base: opts.base, head: opts.head }),
    // One record per commit (RS-separated): sha, subject and body (US-separated).
    gitAsync(['log', '--format=%H%x1f%s%x1f%b%x1e', range], root),
    // Approvals are read from the commit being checked (null: none recorded).
    gitAsync(['show', `${refs.head}:${APPROVALS_PATH}`], root).catch(() => null),
    loadPlaybook(root),
  ]);
  const messages = log.split('\x1e').map((r) => r.replace(/^\n/, '')).filter(Boolean).map((r) => {
    const [sha = '', subject = '', body = ''] = r.split('\x1f');
    return { sha, subject, body };
  });
  progress(`routing ${files.length} changed files`);
  assertUsable(playbook);
  const router = createRouter(routeContext(playbook));
  // Approvals count only when given by someone the product owners file lists at the base (a change
  // cannot list its own approver). The YAML parser loads only when there is a file to read.
  let approvals: Approval[] = [];
  let ignored: Approval[] = [];
  if (approvalsText !== null) {
    const { byProductOwners, readApprovals } = await import('../../check/approvals.ts');
    const { readProductOwners } = await import('../../store/product-owners.ts');
    const owners = readProductOwners(root, showFile(root, refs.base, PRODUCT_OWNERS_PATH)) ?? [];
    ({ counted: approvals, ignored } = byProductOwners(readApprovals(root, approvalsText), owners));
  }
  const commits = [...messages.map((c) => c.sha), refs.head];
  // Only a diff that touches an API description pays for loading and comparing specs. One kept under
  // another name is known by its opening line, at head (at base when the change deletes it).
  const specs = files.filter((f) => isSpecFile(f.from ?? f.path, (p) => showFile(root, f.status === 'deleted' || f.from ? refs.base : refs.head, p)));
  if (specs.length > 0) progress('comparing the changed API descriptions with the base');
  const breaking = [
    ...(specs.length > 0 ? await (await import('../../check/api-contract.ts')).breakingContractEvidence(root, refs.base, refs.head, specs) : []),
    ...(await graphqlSchemaChanges(root, refs, files, progress)),
  ];
  const model = withRepositoryTenants(root, refs.head, playbook.model, files);
  const fromCode = new Map([['breaking-contract', breaking], ['schema', untaggedGormFields(root, refs.head, files)]]);
  const checkRefs = { base: opts.base, head: opts.head, commits };
  let result = checkDiff(files, router, model, checkRefs, approvals, fromCode, messages);
  const raisedNow = () => result.gates.filter((g) => g.when === 'now').map((g) => g.decision);
  if (opts.reviewInput) {
    process.stdout.write(`${(await import('../../review/review.ts')).inputFor(files, model, raisedNow(), messages)}\n`);
    return 0;
  }
  if (reviewer && files.length > 0) {
    progress(`asking ${reviewer.describe} which other gates the change needs`);
    // The review only adds: its evidence joins the rules', and the check is planned again with both.
    for (const [trigger, evidence] of await reviewer.review(files, model, raisedNow(), messages)) fromCode.set(trigger, [...(fromCode.get(trigger) ?? []), ...evidence]);
    result = checkDiff(files, router, model, checkRefs, approvals, fromCode, messages);
  }
  for (const gate of result.gates) {
    const notCounted = ignored.filter((a) => a.decision === gate.decision && !gate.approved);
    if (notCounted.length) gate.reason += ` — an approval by ${notCounted.map((a) => a.by).join(', ')} does not count: not a product owner in ${PRODUCT_OWNERS_PATH} at ${opts.base}`;
  }
  if (opts.format === 'json') process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    const { renderCheckComment, renderCheckSarif } = await import('../../check/render.ts');
    if (opts.format === 'sarif') process.stdout.write(renderCheckSarif(result, VERSION));
    else if (opts.format === 'github') process.stdout.write(sarifToAnnotations(renderCheckSarif(result, VERSION)));
    else if (opts.format === 'junit') process.stdout.write(sarifToJunit(renderCheckSarif(result, VERSION), 'kao check'));
    else if (opts.quiet) {
      for (const g of result.gates.filter((x) => x.when === 'now' && !x.approved)) {
        // A path that also appears with its line (`f` and `f:3`) is said once, with the line.
        const evidence = (g.evidence ?? []).filter((e, _i, all) => !all.some((o) => o !== e && o.startsWith(`${e}:`)));
        process.stdout.write(`${g.decision}: needs the PO's approval — ${evidence.join(', ') || g.reason}\n`);
      }
    } else printMarkdown(renderCheckComment(result), opts.format);
  }
  return checkPasses(result) || opts.failOn === 'none' ? 0 : 1;
}

/**
 * The model with the tenants the repository's schema points at, when the diff names a tenant-like
 * noun at all (otherwise the schema is not read). One `git grep` over the schema files at `head`.
 */
function withRepositoryTenants(root: string, head: string, model: OperatingModel, files: ChangedFile[]): OperatingModel {
  if (!mentionsTenantNoun(files.flatMap((f) => [...f.added, ...(f.removed ?? [])].map((l) => l.text)))) return model;
  const found = tryGit(['grep', '-h', '-I', '-E', '-e', '_id|Id|ID|ForeignKey|references|belongs_to', head, '--', ...SCHEMA_FILES.map((g) => `:(glob)${g}`)], root);
  return found === null ? model : withTenantLevels(model, inferTenantLevels(found.split('\n')));
}

/**
 * Breaking changes to the GraphQL schema files the diff touches. The changed files are built alone
 * first; when they use types defined in files the diff leaves alone, every schema file of the
 * repository at that ref is read (`git ls-tree`, then each file). graphql-js loads only here.
 */
async function graphqlSchemaChanges(root: string, refs: Omit<Checkout, 'root'>, files: ChangedFile[], progress: (message: string) => void): Promise<string[]> {
  const changed = files.filter((f) => isGraphqlSchemaPath(f.path) || (f.from !== undefined && isGraphqlSchemaPath(f.from)));
  if (changed.length === 0 || refs.fromNothing) return [];
  progress('comparing the changed GraphQL schema files with the base');
  const { buildSchemaOf, graphqlBreakingEvidence } = await import('../../check/graphql-contract.ts');
  const side = (ref: string, paths: string[]) => paths.flatMap((path) => {
    const text = showFile(root, ref, path);
    return text === null ? [] : [{ path, text }];
  });
  const schemaAt = (ref: string, paths: string[]) => {
    const own = side(ref, paths);
    if (own.length === 0) return null;
    return buildSchemaOf(own) ?? buildSchemaOf(side(ref, (tryGit(['ls-tree', '-r', '--name-only', ref], root) ?? '').split('\n').filter(isGraphqlSchemaPath)));
  };
  // A schema that did not build at base is one nobody could call; a new one breaks no client.
  const before = schemaAt(refs.base, changed.map((f) => f.from ?? f.path));
  if (!before) return [];
  const kept = changed.filter((f) => f.status !== 'deleted');
  if (kept.length === 0) return changed.map((f) => `${f.path} deleted (the GraphQL types it defined go with it)`);
  const after = schemaAt(refs.head, kept.map((f) => f.path));
  return after ? graphqlBreakingEvidence(before, after) : [];
}

/**
 * Fields added to or removed from the structs the repository hands to GORM's AutoMigrate, where no
 * `gorm:` tag marks them. Read only when the diff changes Go code: one `git grep` for the calls at
 * `head`, then each changed Go file's text.
 */
function untaggedGormFields(root: string, head: string, files: ChangedFile[]): string[] {
  const goFiles = files.filter((f) => f.path.endsWith('.go') && !f.path.endsWith('_test.go') && f.status !== 'deleted' && mayChangeFields(f));
  if (goFiles.length === 0) return [];
  const calls = tryGit(autoMigrateGrep([head]), root);
  const models = calls === null ? new Set<string>() : autoMigratedModels(calls.split('\n'));
  if (models.size === 0) return [];
  return goFiles.flatMap((f) => {
    const text = showFile(root, head, f.path);
    return text === null ? [] : gormFieldChanges(f, text, models);
  });
}
