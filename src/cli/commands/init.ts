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
import { builtinPlaybookDir, MODEL_PATH } from '../../playbook/builtin.ts';

export function runInit(dir: string, opts: { force?: boolean; json?: boolean; client?: Client }): number {
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
