/**
 * `kao init`: copies the built-in playbook into a repository's .github/. Existing files are kept
 * (and so are roles the repository already defines elsewhere) unless --force; every file is written
 * to a temporary name and renamed, so an interrupted init never leaves half a file.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { discoverArtifacts } from '../../artifacts/discover.ts';
import { roleIdFromPath } from '../../artifacts/role-names.ts';
import { UsageError } from '../../errors.ts';
import type { Client } from '../../hooks/payload.ts';
import { hookFile } from '../../hooks/install.ts';
import { tryGit } from '../../git/git.ts';
import { APPROVALS_PATH, PRODUCT_OWNERS_PATH } from '../../os-paths.ts';
import { builtinPlaybookDir, MODEL_PATH } from '../../playbook/builtin.ts';
import { normaliseKey } from '../../store/signatures.ts';

export interface InitOptions {
  force?: boolean;
  json?: boolean;
  client?: Client;
  /** The product owner's identity (default: git config user.email). */
  po?: string;
  /** The product owner's public SSH key file (default: ~/.ssh/id_ed25519.pub when it exists). */
  poKey?: string;
  /** Also write the CI workflow for this system. */
  ci?: 'github';
}

export function runInit(dir: string, opts: InitOptions): number {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UsageError('no-such-dir', `not a directory: ${dir}`, 'Create the folder first, or run `kao init` inside your repository.');
  }
  if (opts.client) return initClient(root, opts.client, Boolean(opts.json));
  const source = builtinPlaybookDir();
  const files = [
    ...readdirSync(join(source, '.github', 'agents')).filter((f) => f.endsWith('.agent.md')).sort().map((f) => `.github/agents/${f}`),
    MODEL_PATH,
    '.github/agent-os/api-gate.yaml',
  ];
  const existingRoles = new Map(
    discoverArtifacts(root).found.filter((f) => f.kind === 'agent' || f.kind === 'claude-agent' || f.kind === 'chatmode').map((f) => [roleIdFromPath(f.path), f.path]),
  );
  const written: string[] = [];
  const kept: { file: string; because: string }[] = [];
  // The OS's own files: who may answer gates (with their key), where diff approvals go, and CI.
  const generated = new Map<string, string>([[APPROVALS_PATH, APPROVALS_TEMPLATE]]);
  const owners = productOwnersFile(root, opts);
  if (owners) generated.set(PRODUCT_OWNERS_PATH, owners);
  else kept.push({ file: PRODUCT_OWNERS_PATH, because: 'no identity: pass --po you@example.com (or set git config user.email)' });
  if (opts.ci === 'github') generated.set('.github/workflows/kao.yml', GITHUB_WORKFLOW);
  for (const [rel, text] of generated) {
    const target = join(root, rel);
    if (existsSync(target) && !opts.force) {
      kept.push({ file: rel, because: 'exists (use --force to overwrite)' });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.kao-${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, target);
    written.push(rel);
  }
  for (const rel of files) {
    const target = join(root, rel);
    const roleId = rel.endsWith('.agent.md') ? roleIdFromPath(rel) : null;
    const other = roleId ? existingRoles.get(roleId) : undefined;
    if (existsSync(target) && !opts.force) {
      kept.push({ file: rel, because: 'exists (use --force to overwrite)' });
      continue;
    }
    if (other && other !== rel) {
      kept.push({ file: rel, because: `role \`${roleId}\` is already defined by ${other}` });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.kao-${process.pid}.tmp`;
    writeFileSync(tmp, readFileSync(join(source, rel)));
    renameSync(tmp, target);
    written.push(rel);
  }
  if (opts.json) {
    process.stdout.write(JSON.stringify({ written, kept }, null, 2) + '\n');
  } else {
    for (const f of written) process.stdout.write(`wrote ${f}\n`);
    for (const k of kept) process.stdout.write(`kept  ${k.file}: ${k.because}\n`);
    process.stdout.write(`${written.length} written, ${kept.length} kept. Next: \`kao lint ${dir === '.' ? '' : dir}\`\n`.replace(' `\n', '`\n'));
  }
  return 0;
}

/** The client's hook configuration, merged into the file the repository already has. */
function initClient(root: string, client: Client, json: boolean): number {
  const file = hookFile(client);
  const target = join(root, file.path);
  let existing: unknown;
  if (existsSync(target)) {
    try {
      existing = JSON.parse(readFileSync(target, 'utf8'));
    } catch (e) {
      throw new UsageError('bad-hook-config', `${file.path} is not valid JSON (${(e as Error).message}); kao will not overwrite it`, 'Fix the file, then run `kao init --client` again.');
    }
  }
  const { config, added } = file.merge(existing);
  if (added.length) {
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.kao-${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`);
    renameSync(tmp, target);
  }
  if (json) process.stdout.write(`${JSON.stringify({ file: file.path, added }, null, 2)}\n`);
  else {
    process.stdout.write(added.length ? `wrote ${file.path}: kao decides ${added.join(', ')}\n` : `kept  ${file.path}: kao's hooks are already there\n`);
    process.stdout.write('Next: set policy.defaultRole in .github/agent-os/operating-model.yaml (or --role in the hook command) for clients that do not say which agent runs; see README "Guard your agents".\n');
  }
  return 0;
}

const APPROVALS_TEMPLATE = `# PO approvals of a change's gates, reviewed with the change (read by \`kao check\` from the commit checked).
# Each entry: decision (a PO decision id), by (a product owner in product-owners.yaml), note, refs (optional commits).
approvals: []
`;

const GITHUB_WORKFLOW = `name: kao
on: pull_request
permissions:
  contents: read
  pull-requests: write
  security-events: write
jobs:
  kao:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: kyora-agent-os/kyora-agent-os@main
`;

/** product-owners.yaml for the person running init: their identity and, when found, their public key. */
function productOwnersFile(root: string, opts: InitOptions): string | null {
  const id = opts.po?.trim() || tryGit(['config', 'user.email'], root)?.trim();
  if (!id) return null;
  const keyFile = opts.poKey ?? join(process.env.HOME ?? '', '.ssh', 'id_ed25519.pub');
  let key: string | null = null;
  if (existsSync(keyFile)) key = normaliseKey(readFileSync(keyFile, 'utf8'));
  else if (opts.poKey) throw new UsageError('no-such-key', `no public key at ${opts.poKey}`, 'Pass the .pub file of the key you will sign approvals with.');
  return [
    '# Who may answer PO gates, and the public SSH keys their answers are signed with (README "Signed approvals").',
    'productOwners:',
    key ? `  - id: ${JSON.stringify(id)}\n    keys: [${JSON.stringify(key)}]` : `  - ${JSON.stringify(id)}   # add keys: ["ssh-ed25519 AAAA…"] to be able to answer`,
    '',
  ].join('\n');
}
