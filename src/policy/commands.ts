/**
 * What a simple command would do, in the terms the policy cares about. Pure.
 */
import { basename, type SimpleCommand } from './shell.ts';

export type CommandEffect =
  | { kind: 'destructive'; reason: string }
  | { kind: 'dependency'; reason: string }
  | { kind: 'migration'; reason: string }
  | { kind: 'env-injection'; reason: string }
  | { kind: 'self-approval'; reason: string }
  | { kind: 'writes'; paths: string[] };

const DELETERS = new Set(['rm', 'shred', 'unlink', 'rmdir', 'rimraf', 'del', 'trash']);

/** Variables that change what a program loads or where git writes: setting them is a bypass. */
const DANGEROUS_VARS = /^(LD_PRELOAD|LD_LIBRARY_PATH|DYLD_[A-Z_]+|PATH|NODE_OPTIONS|PYTHONPATH|PYTHONSTARTUP|BASH_ENV|ENV|PROMPT_COMMAND|GIT_DIR|GIT_WORK_TREE|GIT_CONFIG[A-Z_]*|GIT_SSH_COMMAND|GIT_EXEC_PATH|IFS)=/;

export function effectsOf(cmd: SimpleCommand, isTempPath: (p: string) => boolean): CommandEffect[] {
  const effects: CommandEffect[] = [];
  for (const a of cmd.assignments) {
    if (DANGEROUS_VARS.test(a)) effects.push({ kind: 'env-injection', reason: `sets ${a.split('=')[0]}, which changes what the command loads or where it writes` });
  }
  const [program0, ...args] = cmd.argv;
  if (!program0) return effects;
  const program = basename(program0);
  const sub = args.find((a) => !a.startsWith('-')) ?? '';
  const has = (...flags: string[]) => args.some((a) => flags.includes(a) || flags.some((f) => f.length === 2 && /^-[a-zA-Z]+$/.test(a) && a.includes(f[1]!)));

  if (program === 'git') effects.push(...gitEffects(args));
  // Answering a PO gate is the PO's act; an agent running `kao approve` would approve itself.
  if ((program === 'kao' || (program === 'node' && /kao(\.js)?$/.test(args[0] ?? ''))) && args.some((a) => /^(approve|deny)$/.test(a))) {
    effects.push({ kind: 'self-approval', reason: 'kao approve/deny answers a PO gate, which only the PO may do' });
  }
  if (DELETERS.has(program)) {
    const targets = args.filter((a) => !a.startsWith('-'));
    const outside = targets.filter((t) => !isTempPath(t));
    // Under xargs the targets come from input, so no literal target proves anything.
    if (outside.length || cmd.wrappers.includes('xargs')) {
      effects.push({ kind: 'destructive', reason: `${program} deletes ${outside.join(' ') || 'the files it is given'}, outside temporary folders` });
    }
  }
  if (program === 'find' && (has('-delete') || args.includes('-exec') && args.some((a) => /^(rm|shred)$/.test(basename(a))))) {
    effects.push({ kind: 'destructive', reason: 'find deletes the files it finds' });
  }
  if (program === 'dd' && args.some((a) => a.startsWith('of='))) effects.push({ kind: 'destructive', reason: 'dd overwrites a file or device' });
  if (['mkfs', 'wipefs', 'truncate'].includes(program)) effects.push({ kind: 'destructive', reason: `${program} destroys data` });
  if ((program === 'mv' || program === 'cp' || program === 'tee' || program === 'install' || program === 'ln') && args.length) {
    const operands = args.filter((a, i) => !a.startsWith('-') && !(i > 0 && /^(-t|--target-directory)$/.test(args[i - 1]!)));
    const target = args[args.findIndex((a) => a === '-t' || a === '--target-directory') + 1] ?? args.find((a) => a.startsWith('--target-directory='))?.split('=')[1];
    // mv also removes its sources; tee writes every file it names.
    const paths = program === 'tee' ? operands : target !== undefined && args.some((a) => /^(-t|--target-directory)/.test(a)) ? [target, ...(program === 'mv' ? operands : [])] : program === 'mv' ? operands : operands.slice(-1);
    effects.push({ kind: 'writes', paths: paths.filter(Boolean) });
  }
  if (program === 'sed' && args.some((a) => /^(-i|--in-place)/.test(a) || /^-[a-zA-Z]*i/.test(a))) effects.push({ kind: 'writes', paths: args.filter((a) => !a.startsWith('-')).slice(1) });

  const install = dependencyInstall(program, sub, args);
  if (install) effects.push({ kind: 'dependency', reason: install });
  const migration = migrationRun(program, args);
  if (migration) effects.push({ kind: 'migration', reason: migration });
  return effects;
}

/** Settings that make git run a program of the agent's choosing. */
const GIT_PROGRAM_SETTINGS = /^(core\.hooksPath|core\.sshCommand|core\.fsmonitor|core\.editor|core\.pager|alias\.|diff\..*\.textconv|filter\.|credential\.helper)/i;

function gitEffects(args: string[]): CommandEffect[] {
  // Global options come before the subcommand; -C and -c take a value.
  let i = 0;
  const settings: string[] = [];
  while (i < args.length && args[i]!.startsWith('-')) {
    if (args[i] === '-c') settings.push(args[i + 1] ?? '');
    if (args[i] === '-C' || args[i] === '-c' || args[i] === '--git-dir' || args[i] === '--work-tree' || args[i] === '--namespace') i++;
    else if (args[i]!.startsWith('--config-env') || args[i]!.startsWith('--git-dir=') || args[i]!.startsWith('--work-tree=')) settings.push(args[i]!);
    i++;
  }
  if (settings.some((c) => GIT_PROGRAM_SETTINGS.test(c.replace(/^--config-env=/, '')) || /^--(git-dir|work-tree)=/.test(c))) {
    return [{ kind: 'env-injection', reason: 'git -c sets a program git will run, or points git at another repository' }];
  }
  const sub = args[i] ?? '';
  const rest = args.slice(i + 1);
  // Git accepts bundled short flags (-fu) and unambiguous prefixes of long options (--har).
  const flag = (...f: string[]) => rest.some((a) => f.some((x) => {
    if (a === x || a.startsWith(`${x}=`)) return true;
    if (x.length === 2 && /^-[a-zA-Z]{2,}$/.test(a)) return a.includes(x[1]!);
    return x.startsWith('--') && a.startsWith('--') && a.length >= 4 && x.startsWith(a.split('=')[0]!);
  }));
  const out = (reason: string): CommandEffect[] => [{ kind: 'destructive', reason }];
  if (sub === 'push' && (flag('--force', '-f', '--force-with-lease', '--mirror', '--delete', '-d') || rest.some((a) => a.startsWith('+') || a.startsWith(':')))) return out('force-pushing or deleting a remote branch rewrites shared history');
  if (sub === 'reset' && flag('--hard', '--merge', '--keep')) return out('git reset --hard throws work away');
  if (sub === 'rebase' || sub === 'filter-branch' || sub === 'filter-repo' || sub === 'replace') return out(`git ${sub} rewrites history`);
  if (sub === 'commit' && flag('--amend')) return out('git commit --amend rewrites the last commit');
  if (sub === 'clean' && rest.some((a) => /^-[a-zA-Z]*f/.test(a) || a === '--force')) return out('git clean -f deletes untracked files');
  if (sub === 'checkout' && (rest.includes('--') || rest.includes('.')) && !rest.includes('-b')) return out('git checkout -- discards uncommitted changes');
  if (sub === 'restore' && !flag('--staged')) return out('git restore discards uncommitted changes');
  if (sub === 'branch' && flag('-D', '--delete', '-d')) return out('deleting a branch');
  if (sub === 'tag' && flag('-d', '--delete')) return out('deleting a tag');
  if (sub === 'update-ref' || (sub === 'reflog' && rest.includes('expire')) || (sub === 'gc' && flag('--prune'))) return out(`git ${sub} can destroy history`);
  if (sub === 'config' && rest.some((a) => GIT_PROGRAM_SETTINGS.test(a))) {
    return [{ kind: 'env-injection', reason: 'git config sets a program git will run' }];
  }
  return [];
}

function dependencyInstall(program: string, sub: string, args: string[]): string | null {
  // `python -m pip install x` is pip.
  if (/^python[\d.]*$/.test(program) && args[0] === '-m' && args[1]) return dependencyInstall(args[1], args.slice(2).find((a) => !a.startsWith('-')) ?? '', args.slice(2));
  const named = args.filter((a) => !a.startsWith('-') && a !== sub);
  if (['npm', 'pnpm', 'yarn', 'bun'].includes(program) && ['update', 'upgrade', 'up'].includes(sub)) return `${program} ${sub} changes dependency versions`;
  if (['npm', 'pnpm', 'bun'].includes(program) && ['install', 'i', 'add', 'in', 'ins'].includes(sub) && named.length > 0) return `${program} ${sub} adds ${named.join(', ')}`;
  if (program === 'yarn' && sub === 'add') return `yarn add adds ${named.join(', ')}`;
  if (['pip', 'pip3', 'uv', 'pipx', 'poetry'].includes(program) && ['install', 'add'].includes(sub) && named.length > 0 && !args.includes('-r') && !args.includes('-e')) return `${program} ${sub} adds ${named.join(', ')}`;
  if (program === 'go' && (sub === 'get' || (sub === 'install' && named.some((n) => n.includes('@'))))) return `go ${sub} adds ${named.join(', ')}`;
  if (program === 'cargo' && (sub === 'add' || sub === 'install')) return `cargo ${sub} adds ${named.join(', ')}`;
  if (['gem', 'composer'].includes(program) && ['install', 'require'].includes(sub) && named.length > 0) return `${program} ${sub} adds ${named.join(', ')}`;
  if (['apt', 'apt-get', 'brew', 'apk', 'dnf', 'yum'].includes(program) && ['install', 'add'].includes(sub)) return `${program} installs system packages`;
  return null;
}

function migrationRun(program: string, args: string[]): string | null {
  const line = [program, ...args].join(' ');
  if (/\b(prisma\s+(migrate|db\s+push)|knex\s+migrate|sequelize\s+db:migrate|typeorm\s+migration:run|alembic\s+(upgrade|downgrade)|goose\s+(up|down)|migrate\s+(-path|up|down)|flyway\s+migrate|liquibase\s+update|rails\s+db:migrate|rake\s+db:migrate|manage\.py\s+migrate|dbmate\s+(up|migrate))\b/.test(line)) {
    return `${line} changes the database schema`;
  }
  if (/^(npm|pnpm|yarn)$/.test(program) && args.some((a) => /^(db:)?migrat/.test(a))) return `${line} runs migrations`;
  if (/^(psql|mysql|sqlite3|mariadb|sqlcmd|cockroach)$/.test(program) && args.some((a) => /\b(create|alter|drop|truncate)\s+(table|index|schema|column|database)\b|\b(add|drop)\s+column\b/i.test(a))) return `${program} runs schema-changing SQL`;
  return null;
}
