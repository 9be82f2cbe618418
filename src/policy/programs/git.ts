/**
 * git, sub-command by sub-command: what it reads, writes or throws away, which settings make it run a
 * program, and which spellings rewrite shared history. A sub-command not listed (an alias, a plugin)
 * is not understood and asks. Pure.
 */
import { type Effect, type Handler, readOptions, word } from './options.ts';
import type { Word } from '../shell/parse.ts';

/** `-c` settings that make git run a program, or read config from elsewhere. */
const PROGRAM_SETTINGS = /^(core\.(hookspath|sshcommand|fsmonitor|editor|pager|askpass|gitproxy|worktree)|alias\.|diff\..*\.(textconv|command)|filter\.|credential\.|merge\..*\.driver|sequence\.editor|gpg\.program|gpg\..*\.program|uploadpack\.packobjectshook|include\.|includeif\.|protocol\..*\.allow|remote\..*\.(uploadpack|receivepack|proxy)|http\..*proxy|url\.)/i;
/** Settings that only change how output looks. */
const HARMLESS_SETTINGS = /^(color\.|core\.quotepath|core\.pager=(cat|less)?$|user\.(name|email)|log\.|diff\.(renames|algorithm|noprefix|mnemonicprefix|context)|advice\.|init\.defaultbranch|commit\.gpgsign=false|i18n\.|format\.pretty|pager\.[a-z]+=(false|cat)$)/i;

const READ_ONLY = new Set(['status', 'diff', 'log', 'show', 'blame', 'rev-parse', 'rev-list', 'ls-files', 'ls-tree', 'describe', 'shortlog', 'grep', 'reflog', 'cat-file', 'show-ref', 'for-each-ref', 'name-rev', 'merge-base', 'whatchanged', 'diff-tree', 'diff-files', 'diff-index', 'count-objects', 'var', 'version', 'help', 'check-ignore', 'check-attr', 'annotate', 'cherry', 'range-diff', 'verify-commit', 'fsck']);

const deny = (why: string): Effect => ({ kind: 'deny', rule: 'no-destructive-commands', why });
const discard = (why: string): Effect => ({ kind: 'deny', rule: 'no-destructive-commands', why });

export const git: Handler = ({ args }) => {
  // Global options come before the sub-command; -C and -c take a value.
  let i = 0;
  const effects: Effect[] = [];
  while (i < args.length && args[i]!.text.startsWith('-')) {
    const a = args[i]!.text;
    if (a === '-c' || a === '--config-env' || a.startsWith('--config-env=')) {
      const setting = a.startsWith('--config-env=') ? a.slice(13) : args[++i]?.text ?? '';
      if (PROGRAM_SETTINGS.test(setting) || a.startsWith('--config-env')) effects.push({ kind: 'deny', rule: 'env-injection', why: `git -c ${setting} makes git run a program or read settings from elsewhere` });
      else if (!HARMLESS_SETTINGS.test(setting)) effects.push({ kind: 'ask', rule: 'command-unknown-option', why: `kao does not know what git -c ${setting} changes` });
    } else if (a === '-C') {
      effects.push({ kind: 'read', path: args[++i] ?? word(''), why: 'git -C works in that folder' });
    } else if (/^--(exec-path|git-dir|work-tree|namespace|super-prefix)(=|$)/.test(a)) {
      effects.push({ kind: 'deny', rule: 'env-injection', why: `git ${a.split('=')[0]} points git at other programs or another repository` });
      if (!a.includes('=')) i++;
    } else if (!/^(--no-pager|--paginate|-p|-P|--no-replace-objects|--bare|--literal-pathspecs|--no-optional-locks|--glob-pathspecs|--noglob-pathspecs|--icase-pathspecs)$/.test(a)) {
      effects.push({ kind: 'ask', rule: 'command-unknown-option', why: `kao does not know the git option ${a}` });
    }
    i++;
  }
  const sub = args[i]?.text ?? '';
  const rest = args.slice(i + 1);
  return [...effects, ...subcommand(sub, rest)];
};

function subcommand(sub: string, rest: Word[]): Effect[] {
  const o = readOptions(rest, { any: true, value: ['-m', '--message', '-F', '--file', '-C', '-c', '--author', '--date', '-b', '-B', '--branch', '--format', '--pretty', '-S', '-G', '--grep', '--since', '--until', '--depth', '-o', '--origin', '-u', '--upstream', '--set-upstream-to', '--exec', '--onto', '-s', '--strategy', '-X', '--strategy-option', '--template', '--reference', '--jobs', '-j', '--receive-pack', '--upload-pack'] });
  // git takes an unambiguous prefix of a long option (--har is --hard): a given prefix counts as the option.
  const flag = (...names: string[]) => names.some((n) => o.opts.has(n) || (n.startsWith('--') && [...o.opts.keys()].some((k) => k.startsWith('--') && k.length >= 4 && n.startsWith(k))));
  const paths = () => o.operands.filter((w) => !w.text.includes(':') || /^[./]/.test(w.text));
  const effects: Effect[] = [];
  if (flag('--exec', '--receive-pack', '--upload-pack', '--template') || (sub === 'rebase' && flag('-x'))) {
    effects.push({ kind: 'deny', rule: 'env-injection', why: `git ${sub} with that option runs a program of the caller's choosing` });
  }
  if ((sub === 'commit' || sub === 'push' || sub === 'merge' || sub === 'am' || sub === 'rebase') && flag('--no-verify', '-n') && sub !== 'rebase') {
    effects.push({ kind: 'ask', rule: 'hooks-bypass', why: `git ${sub} --no-verify skips the repository's hooks` });
  }
  if (READ_ONLY.has(sub)) {
    // `git show REV:path` and `git cat-file -p REV:path` read a file from the history.
    for (const w of o.operands) {
      const colon = w.text.indexOf(':');
      if (colon >= 0 && !w.text.startsWith(':/')) effects.push({ kind: 'read', path: { ...w, text: w.text.slice(colon + 1) || '.' }, why: `git ${sub} prints it from the history` });
    }
    if (sub === 'grep' || sub === 'blame' || sub === 'annotate') for (const p of o.operands.slice(sub === 'grep' ? 1 : 0)) if (!p.text.includes(':')) effects.push({ kind: 'read', path: p, why: `git ${sub} reads it` });
    if (sub === 'reflog' && o.operands[0]?.text === 'expire' || sub === 'fsck' && flag('--lost-found')) effects.push(deny(`git ${sub} ${o.operands[0]?.text ?? ''} can destroy history`));
    if (sub === 'diff' && flag('--output')) effects.push({ kind: 'write', path: word(String(o.opts.get('--output'))), why: 'git diff --output writes it' });
    return effects;
  }
  switch (sub) {
    case 'add': case 'stage':
      return [...effects, ...paths().map((p) => ({ kind: 'read', path: p, why: 'git add stages it' }) as Effect)];
    case 'commit':
      if (flag('--amend')) effects.push(deny('git commit --amend rewrites the last commit'));
      if (flag('-F', '--file')) effects.push({ kind: 'read', path: word(String(o.opts.get('-F') ?? o.opts.get('--file'))), why: 'git commit takes the message from it' });
      return effects;
    case 'push':
      if (flag('--force', '-f', '--force-with-lease', '--force-if-includes', '--mirror', '--delete', '-d', '--prune') || o.operands.some((w) => w.text.startsWith('+') || w.text.startsWith(':'))) effects.push(deny('force-pushing or deleting a remote branch rewrites shared history'));
      return effects;
    case 'fetch': case 'pull': case 'clone': case 'remote': case 'ls-remote': case 'submodule':
      if (sub === 'pull' && flag('--rebase', '-r')) return effects;
      if (sub === 'remote' && ['add', 'set-url', 'remove', 'rm', 'rename'].includes(o.operands[0]?.text ?? '')) effects.push({ kind: 'ask', rule: 'git-remote-change', why: 'changing a remote changes where pushes go' });
      if (sub === 'clone') effects.push({ kind: 'write', path: o.operands[1] ?? word('.'), why: 'git clone writes the repository into it' });
      return effects;
    case 'branch': case 'tag':
      if (flag('-D', '-d', '--delete', '-f', '--force', '-M', '-m', '--move')) effects.push(deny(`deleting, moving or forcing a ${sub}`));
      return effects;
    case 'switch': case 'checkout':
      if (flag('-f', '--force', '--discard-changes', '-B', '--orphan')) return [...effects, discard(`git ${sub} with that option throws uncommitted work away`)];
      // Paths after `--` (or a path given as the target) are overwritten from the index.
      if (rest.some((w) => w.text === '--') || (sub === 'checkout' && o.operands.length > 1) || o.operands.some((w) => w.text === '.')) return [...effects, discard(`git ${sub} -- PATH discards uncommitted changes to it`)];
      return effects;
    case 'restore':
      return [...effects, ...(flag('--staged', '-S') && !flag('--worktree', '-W') ? [] : [discard('git restore discards uncommitted changes')])];
    case 'reset':
      return [...effects, ...(flag('--hard', '--merge', '--keep') ? [discard('git reset --hard throws work away')] : [])];
    case 'clean':
      return [...effects, ...(flag('-f', '--force') && !flag('-n', '--dry-run') ? [discard('git clean -f deletes untracked files')] : [])];
    case 'stash':
      if (['drop', 'clear'].includes(o.operands[0]?.text ?? '')) return [...effects, discard(`git stash ${o.operands[0]!.text} throws stashed work away`)];
      // push/pop/apply rewrite the working tree from stored changes.
      return [...effects, { kind: 'write', path: word('.'), why: `git stash ${o.operands[0]?.text ?? 'push'} rewrites files in the working tree` }];
    case 'rm': case 'mv':
      return [...effects, ...o.operands.map((p) => ({ kind: sub === 'rm' ? 'delete' : 'write', path: p, why: `git ${sub} changes it` }) as Effect)];
    case 'apply': case 'am':
      if (flag('--check', '--stat', '--numstat', '--summary')) return effects;
      return [...effects, { kind: 'ask', rule: 'command-unknown-operands', why: `git ${sub} edits the files named inside the patch, which kao does not read` }];
    case 'merge': case 'cherry-pick': case 'revert':
      return effects;
    case 'rebase': case 'filter-branch': case 'filter-repo': case 'replace': case 'update-ref': case 'gc': case 'prune': case 'worktree':
      if (sub === 'worktree' && ['list'].includes(o.operands[0]?.text ?? '')) return effects;
      if (sub === 'worktree' && o.operands[0]?.text === 'add') return [...effects, { kind: 'write', path: o.operands[1] ?? word('.'), why: 'git worktree add writes a checkout into it' }];
      return [...effects, deny(`git ${sub} rewrites or throws away history`)];
    case 'config':
      if (o.operands.length <= 1 || flag('--get', '--get-all', '--get-regexp', '-l', '--list')) return effects;
      return [...effects, PROGRAM_SETTINGS.test(o.operands[0]!.text) ? { kind: 'deny', rule: 'env-injection', why: 'git config sets a program git will run' } : { kind: 'ask', rule: 'git-config-change', why: `git config changes ${o.operands[0]!.text}` }];
    case 'init':
      return effects;
    default:
      return [...effects, { kind: 'ask', rule: 'command-unknown', why: `kao does not know the git sub-command "${sub}" (an alias or plugin runs code)` }];
  }
}
