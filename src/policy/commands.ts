/**
 * What a simple command would do, in the terms the policy cares about. Pure.
 */
import { basename, type SimpleCommand } from './shell.ts';

export type CommandEffect =
  | { kind: 'destructive'; reason: string }
  | { kind: 'dependency'; reason: string }
  | { kind: 'migration'; reason: string }
  | { kind: 'env-injection'; reason: string }
  | { kind: 'writes'; paths: string[] };

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
  if (program === 'rm' || program === 'shred' || program === 'unlink' || program === 'rmdir') {
    const targets = args.filter((a) => !a.startsWith('-'));
    const outside = targets.filter((t) => !isTempPath(t));
    if (outside.length) effects.push({ kind: 'destructive', reason: `${program} deletes ${outside.join(' ')}, outside temporary folders` });
  }
  if (program === 'find' && (has('-delete') || args.includes('-exec') && args.some((a) => /^(rm|shred)$/.test(basename(a))))) {
    effects.push({ kind: 'destructive', reason: 'find deletes the files it finds' });
  }
  if (program === 'dd' && args.some((a) => a.startsWith('of='))) effects.push({ kind: 'destructive', reason: 'dd overwrites a file or device' });
  if (['mkfs', 'wipefs', 'truncate'].includes(program)) effects.push({ kind: 'destructive', reason: `${program} destroys data` });
  if ((program === 'mv' || program === 'cp' || program === 'tee' || program === 'install' || program === 'ln') && args.length) {
    const dest = program === 'tee' ? args.filter((a) => !a.startsWith('-')) : [args.filter((a) => !a.startsWith('-')).at(-1)!];
    effects.push({ kind: 'writes', paths: dest.filter(Boolean) });
  }
  if (program === 'sed' && has('-i', '--in-place')) effects.push({ kind: 'writes', paths: args.filter((a) => !a.startsWith('-')).slice(1) });

  const install = dependencyInstall(program, sub, args);
  if (install) effects.push({ kind: 'dependency', reason: install });
  const migration = migrationRun(program, args);
  if (migration) effects.push({ kind: 'migration', reason: migration });
  return effects;
}

function gitEffects(args: string[]): CommandEffect[] {
  const sub = args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? '';
  const rest = args.slice(args.indexOf(sub) + 1);
  const flag = (...f: string[]) => rest.some((a) => f.includes(a) || f.some((x) => a.startsWith(`${x}=`)));
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
  if (sub === 'config' && rest.some((a) => /^(core\.hooksPath|core\.sshCommand|core\.fsmonitor|alias\.)/.test(a))) {
    return [{ kind: 'env-injection', reason: 'git config sets a program git will run' }];
  }
  return [];
}

function dependencyInstall(program: string, sub: string, args: string[]): string | null {
  const named = args.filter((a) => !a.startsWith('-') && a !== sub);
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
  return null;
}
