/**
 * The catalogue: every program kao understands, with the effects of a use of it. A program that is
 * not here, a program named by an expansion, or an option a program's entry does not know is not
 * understood, and the decision is `ask`. Wrappers (env, sudo, timeout, nice, xargs…), shells and
 * interpreters are modelled here because what they do is run something else: the inner command is
 * handed back as a `run` or `line` effect and judged like any other. Pure.
 */
import type { SimpleCommand, Word } from '../shell/parse.ts';
import { FILE_PROGRAMS } from './files.ts';
import { git } from './git.ts';
import { NETWORK_PROGRAMS } from './network.ts';
import { type Effect, type Handler, readOptions, unknownWord, type Use, valueOf, word } from './options.ts';
import { PACKAGE_PROGRAMS, packageRunner } from './packages.ts';

/** Variables that change what a program loads or runs, or where git and the shell read settings. */
const DANGEROUS_VARIABLES = /^(LD_[A-Z_]+|DYLD_[A-Z_]+|PATH|NODE_OPTIONS|NODE_PATH|PYTHONPATH|PYTHONSTARTUP|PYTHONHOME|PERL5OPT|PERL5LIB|RUBYOPT|RUBYLIB|BASH_ENV|ENV|ZDOTDIR|PROMPT_COMMAND|PS4|SHELLOPTS|BASHOPTS|IFS|CDPATH|GLOBIGNORE|GIT_[A-Z_]+|EDITOR|VISUAL|PAGER|MANPAGER|GIT_PAGER|LESSOPEN|LESSCLOSE|SSH_ASKPASS|SUDO_ASKPASS|BROWSER|npm_config_[a-z_]+|NPM_CONFIG_[A-Z_]+|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|GOFLAGS|CGO_[A-Z_]+|RUSTC_WRAPPER|RUSTFLAGS|CC|CXX|MAKEFLAGS|TAR_OPTIONS|GZIP|XDG_CONFIG_HOME|HOME)$/;

export function dangerousVariable(name: string): boolean {
  return DANGEROUS_VARIABLES.test(name);
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'mksh', 'tcsh', 'csh']);

/** Options with which an interpreter runs code given on the command line, or loads a module first. */
const NODE_CODE = /^(-e|--eval|-p|--print|-pe|-r|--require|--import|--loader|--experimental-loader)(=|$)/;
const INLINE_CODE: Record<string, RegExp> = {
  node: NODE_CODE, nodejs: NODE_CODE, tsx: NODE_CODE, 'ts-node': NODE_CODE, bun: /^(-e|--eval|-p|--print|-r|--preload)(=|$)/,
  python: /^-[a-zA-Z]*c/, perl: /^-[a-zA-Z]*[eEMx]/, ruby: /^-[a-zA-Z]*[er]/, php: /^-[rBRFEd]/, lua: /^-[el]/, Rscript: /^-e$/, deno: /^$/,
};
/** Interpreter options that take a value as the next word. */
const VALUE_OPTIONS = ['-W', '-X', '-C', '--conditions', '--input-type', '--title', '--stack-size', '--cpu-prof-dir', '--heap-prof-dir', '--env-file', '--env-file-if-exists'];

const ask = (rule: string, why: string): Effect => ({ kind: 'ask', rule, why });
const opaqueCode = (why: string): Effect => ask('command-runs-code', why);
const script = (path: Word, program: string): Effect[] => [{ kind: 'read', path, why: `${program} runs it` }, { kind: 'script', path, why: `${program} runs it` }];

/** Python modules that are the project's tools; any other `python -m` is code kao does not know. */
const PYTHON_MODULES: Record<string, string> = { pytest: 'pytest', pip: 'pip', black: 'black', isort: 'isort', ruff: 'ruff', alembic: 'alembic', unittest: 'pytest' };

/** node, python, perl…: a script file of the workspace is the project's code; inline or piped code is not read. */
const interpreter: Handler = ({ program, args, stdin }) => {
  const family = /^python/.test(program) ? 'python' : program;
  if (family === 'python' && args[0]?.text === '-m') {
    const tool = PYTHON_MODULES[args[1]?.text ?? ''];
    return tool ? [{ kind: 'run', words: [word(tool), ...args.slice(2)], stdin }] : [opaqueCode(`python -m ${args[1]?.text ?? ''} runs a module kao does not know`)];
  }
  const code = INLINE_CODE[family] ?? /^$/;
  const effects: Effect[] = [];
  let i = 0;
  for (; i < args.length && args[i]!.text.startsWith('-') && args[i]!.text !== '-'; i++) {
    const a = args[i]!.text;
    if (a === '--') {
      i++;
      break;
    }
    if (code.test(a)) return [opaqueCode(`${program} ${a} runs code given on the command line`)];
    const name = a.split('=')[0]!;
    if (name === '--env-file' || name === '--env-file-if-exists') effects.push({ kind: 'read', path: word(a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1]?.text ?? ''), why: `${program} loads it into the environment` });
    if (VALUE_OPTIONS.includes(name) && !a.includes('=')) i++;
  }
  const target = args[i];
  if ((family === 'deno' || family === 'bun') && target) {
    if (['test', 'fmt', 'lint', 'check', 'bench', 'install'].includes(target.text)) return target.text === 'install' ? [{ kind: 'gate', decision: 'dependencies', why: `${program} install` }] : effects;
    if (target.text === 'run') return args[i + 1] ? [...effects, ...script(args[i + 1]!, program)] : [opaqueCode(`${program} run with nothing to run`)];
  }
  if (!target || target.text === '-') return [opaqueCode(stdin ? `${program} runs code from its input, which kao does not read` : `${program} opens an interactive prompt`)];
  if (target.dynamic) return [opaqueCode(`${program} runs a script named only when the command runs`)];
  // kao itself, run by its file (node bin/kao.js approve…), is judged as kao.
  if (/(^|\/)(kao(\.js)?|kyora-agent-os\/bin\/[\w.-]+)$/.test(target.text)) return [{ kind: 'run', words: [word('kao'), ...args.slice(i + 1)], stdin }];
  // Django's manage.py: migrate and flush change or empty the database.
  if (/(^|\/)manage\.py$/.test(target.text)) {
    const command = args[i + 1]?.text ?? '';
    if (/^(flush|sqlflush|reset_db|dbshell)$/.test(command)) return [{ kind: 'deny', rule: 'no-destructive-commands', why: `manage.py ${command} empties or opens the database` }];
    if (/^(migrate|makemigrations|squashmigrations)$/.test(command)) effects.push({ kind: 'gate', decision: 'schema', why: `manage.py ${command} changes the database schema` });
  }
  return [...effects, ...script(target, program)];
};

/** sh -c '…' runs its string; a shell with a script file runs the file; with piped input, what came down the pipe. */
const shell: Handler = ({ program, args, stdin, input }) => {
  const o = readOptions(args, { any: true, value: ['-o', '+o', '-O', '+O', '--rcfile', '--init-file'], stopAtOperand: true });
  const c = args.findIndex((w) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(w.text));
  if (c >= 0) {
    const text = args[c + 1];
    if (!text || text.dynamic) return [opaqueCode(`${program} -c runs a command built when the line runs`)];
    return [{ kind: 'line', text: text.text }];
  }
  if (o.opts.has('--rcfile') || o.opts.has('--init-file')) return [opaqueCode(`${program} reads a start-up file`)];
  const [file] = o.operands;
  if (file && !file.dynamic) return script(file, program);
  if (stdin === 'heredoc' && input !== undefined) return [{ kind: 'line', text: input }];
  return [opaqueCode(stdin ? `${program} runs commands from its input, which kao does not read` : `${program} opens an interactive shell`)];
};

/** A wrapper: its own options (some take a value), then the command it runs. */
function wrapper(value: string[], opts: { leadingNumber?: boolean; assignments?: boolean; inline?: string[]; deny?: string } = {}): Handler {
  return ({ program, args, stdin }) => {
    if (opts.deny) return [{ kind: 'deny', rule: 'privilege-escalation', why: opts.deny }];
    let i = 0;
    const effects: Effect[] = [];
    while (i < args.length) {
      const a = args[i]!.text;
      if (a === '--') {
        i++;
        break;
      }
      if (opts.inline?.some((f) => a === f || a.startsWith(`${f}=`))) {
        const text = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1]?.text;
        if (text === undefined || args[i + (a.includes('=') ? 0 : 1)]!.dynamic) return [opaqueCode(`${program} ${a} runs a command built when the line runs`)];
        return [...effects, { kind: 'line', text }];
      }
      if (opts.assignments && /^[A-Za-z_]\w*=/.test(a)) {
        const name = a.slice(0, a.indexOf('='));
        if (dangerousVariable(name)) effects.push({ kind: 'deny', rule: 'env-injection', why: `${program} sets ${name}, which changes what the command loads or runs` });
        i++;
        continue;
      }
      if (!a.startsWith('-') && !(a.startsWith('+') && program === 'nice')) break;
      const name = a.split('=')[0]!;
      if (value.includes(name) && !a.includes('=')) i++;
      else if (!value.includes(name) && !/^-[a-zA-Z]+$/.test(a) && !/^--[a-z-]+$/.test(name) && !/^-\d+$/.test(a)) effects.push(ask('command-unknown-option', `kao does not know ${program} ${a}`));
      if (program === 'env' && (name === '-C' || name === '--chdir')) effects.push({ kind: 'read', path: args[i] ?? word(''), why: 'env -C runs the command in it' });
      i++;
    }
    // timeout DURATION, watch -n N: a number before the command.
    if (opts.leadingNumber && /^\d/.test(args[i]?.text ?? '')) i++;
    const inner = args.slice(i);
    if (inner.length === 0) return program === 'env' && effects.length === 0 ? [{ kind: 'deny', rule: 'secret-read', why: 'env prints the environment, which holds tokens and keys' }] : effects;
    return [...effects, { kind: 'run', words: inner, stdin }];
  };
}

/** xargs runs its command with operands read from input: those operands are unknown here. */
const xargs: Handler = ({ args, stdin }) => {
  const o = readOptions(args, { value: ['-I', '-i', '-n', '--max-args', '-P', '--max-procs', '-d', '--delimiter', '-L', '--max-lines', '-E', '-e', '-s', '--max-chars', '-a', '--arg-file'], flags: ['-0', '--null', '-r', '--no-run-if-empty', '-t', '--verbose', '-p', '--interactive', '-x', '--exit'], stopAtOperand: true });
  const file = valueOf(o, '-a', '--arg-file');
  const effects: Effect[] = file ? [{ kind: 'read', path: word(file), why: 'xargs reads operands from it' }] : [];
  if (o.unknown.length) effects.push(ask('command-unknown-option', `kao does not know xargs ${o.unknown.join(' ')}`));
  const inner = o.operands.length ? o.operands : [word('echo')];
  const replace = valueOf(o, '-I', '-i');
  const words = replace ? inner.map((w) => (w.text.includes(replace) ? { ...w, dynamic: true } : w)) : [...inner, unknownWord('{input}')];
  return [...effects, { kind: 'run', words, stdin }];
};

const WRAPPERS: Record<string, Handler> = {
  env: wrapper(['-u', '--unset', '-C', '--chdir', '-P', '--default-signal', '--ignore-signal', '--block-signal'], { assignments: true, inline: ['-S', '--split-string'] }),
  nice: wrapper(['-n', '--adjustment']), ionice: wrapper(['-c', '--class', '-n', '--classdata', '-p', '-P', '-u']), nohup: wrapper([]), time: wrapper(['-f', '--format', '-o', '--output']),
  timeout: wrapper(['-s', '--signal', '-k', '--kill-after'], { leadingNumber: true }), stdbuf: wrapper(['-i', '-o', '-e', '--input', '--output', '--error']),
  setsid: wrapper([]), watch: wrapper(['-n', '--interval', '-d', '--differences'], {}), strace: wrapper(['-o', '-e', '-p', '-s', '-u']), ltrace: wrapper(['-o', '-e', '-p']),
  unbuffer: wrapper([]), exec: wrapper(['-a']), command: ({ args, stdin }) => (/^-[vV]$/.test(args[0]?.text ?? '') ? [] : [{ kind: 'run', words: args.filter((w) => w.text !== '-p'), stdin }]),
  builtin: ({ args, stdin }) => [{ kind: 'run', words: args, stdin }], busybox: ({ args, stdin }) => [{ kind: 'run', words: args, stdin }],
  script: wrapper(['-E', '--echo', '-I', '--log-in', '-O', '--log-out', '-T', '--log-timing', '-B', '--log-io'], { inline: ['-c', '--command'] }),
  flock: ({ args, stdin }) => {
    const c = args.findIndex((w) => w.text === '-c' || w.text === '--command');
    if (c >= 0) return args[c + 1] && !args[c + 1]!.dynamic ? [{ kind: 'line', text: args[c + 1]!.text }] : [opaqueCode('flock -c runs a command built when the line runs')];
    const o = readOptions(args, { value: ['-w', '--timeout', '-E', '--conflict-exit-code'], any: true, stopAtOperand: true });
    return o.operands.length > 1 ? [{ kind: 'run', words: o.operands.slice(1), stdin }] : [];
  },
  sudo: wrapper([], { deny: 'sudo runs the command as another user, outside the agent\'s rights' }), doas: wrapper([], { deny: 'doas runs the command as another user' }),
  su: wrapper([], { deny: 'su runs a shell as another user' }), pkexec: wrapper([], { deny: 'pkexec runs the command as another user' }), chroot: wrapper([], { deny: 'chroot runs the command in another root' }),
  xargs,
  eval: ({ args }) => (args.some((w) => w.dynamic) ? [opaqueCode('eval runs a command built when the line runs')] : [{ kind: 'line', text: args.map((w) => w.text).join(' ') }]),
  source: ({ args }) => (args[0] && !args[0].dynamic ? [{ kind: 'read', path: args[0], why: 'source runs it in this shell' }, opaqueCode(`source runs ${args[0].text} in the current shell`)] : [opaqueCode('source runs a file named when the line runs')]),
  '.': ({ args }) => (args[0] && !args[0].dynamic ? [{ kind: 'read', path: args[0], why: '. runs it in this shell' }, opaqueCode(`. runs ${args[0].text} in the current shell`)] : [opaqueCode('. runs a file named when the line runs')]),
  export: ({ args }) => args.flatMap((w): Effect[] => {
    const name = w.text.split('=')[0]!;
    if (w.text === '-p' || args.length === 0) return [{ kind: 'deny', rule: 'secret-read', why: 'export -p prints the environment' }];
    return dangerousVariable(name) && !w.text.startsWith('-') ? [{ kind: 'deny', rule: 'env-injection', why: `export ${name} changes what later commands load or run` }] : [];
  }),
  alias: () => [opaqueCode('alias defines a command that runs later')],
  trap: () => [opaqueCode('trap runs a command later')],
  crontab: () => [{ kind: 'deny', rule: 'persistence', why: 'crontab schedules commands to run later, outside the session' }],
  at: () => [{ kind: 'deny', rule: 'persistence', why: 'at schedules a command to run later' }],
  systemctl: () => [ask('command-unknown', 'systemctl changes system services')],
  docker: () => [ask('command-unknown', 'docker runs containers kao does not see into')],
  kubectl: () => [ask('command-unknown', 'kubectl acts on a cluster')],
  aws: () => [ask('command-unknown', 'the AWS CLI acts on cloud resources')], gcloud: () => [ask('command-unknown', 'gcloud acts on cloud resources')], az: () => [ask('command-unknown', 'az acts on cloud resources')],
  vi: () => [ask('command-runs-code', 'an editor run from a command line writes files kao cannot follow')], vim: () => [ask('command-runs-code', 'an editor run from a command line writes files kao cannot follow')],
  nvim: () => [ask('command-runs-code', 'an editor run from a command line writes files kao cannot follow')], ex: () => [ask('command-runs-code', 'ex edits files by script')],
  nano: () => [ask('command-runs-code', 'an interactive editor')], emacs: () => [ask('command-runs-code', 'an editor run from a command line')], less: FILE_PROGRAMS.more!,
  kill: () => [ask('command-unknown', 'kill stops processes')], pkill: () => [ask('command-unknown', 'pkill stops processes')], killall: () => [ask('command-unknown', 'killall stops processes')],
  open: () => [ask('command-unknown', 'open hands a file or URL to another program')], 'xdg-open': () => [ask('command-unknown', 'xdg-open hands a file or URL to another program')],
};

const PROGRAMS: Record<string, Handler> = {
  ...FILE_PROGRAMS, ...PACKAGE_PROGRAMS, ...NETWORK_PROGRAMS, ...WRAPPERS, git,
  ...Object.fromEntries([...SHELLS].map((s) => [s, shell])),
  ...Object.fromEntries(['node', 'nodejs', 'python', 'python2', 'python3', 'perl', 'ruby', 'php', 'deno', 'tsx', 'ts-node', 'lua', 'Rscript'].map((p) => [p, interpreter])),
  // bun is both a package manager and a runtime: `bun test`/`bun add` go to the package entry.
  bun: (use) => (['run', 'x'].includes(use.args[0]?.text ?? '') || !use.args[0] || use.args[0].text.includes('.') ? interpreter(use) : PACKAGE_PROGRAMS.bun!(use)),
};

export interface CommandEffects {
  effects: Effect[];
  /** The program as the catalogue knows it, for messages. */
  program: string;
}

/** The effects of one simple command: its assignments, redirections and the program's own. */
export function commandEffects(cmd: SimpleCommand, judgeProgram = true): CommandEffects {
  const effects: Effect[] = [];
  for (const a of cmd.assignments) {
    if (dangerousVariable(a.name)) effects.push({ kind: 'deny', rule: 'env-injection', why: `sets ${a.name}, which changes what the command loads or runs` });
  }
  for (const r of cmd.redirects) {
    if ((r.op === '>&' || r.op === '<&') && /^(\d+|-)$/.test(r.target.text)) continue;
    if (r.op === '<') effects.push({ kind: 'read', path: r.target, why: 'the command reads it' });
    else effects.push({ kind: 'write', path: r.target, why: 'the command writes it' });
  }
  const [first, ...args] = cmd.words;
  if (!first || !judgeProgram) return { effects, program: '' };
  if (first.dynamic || first.glob || first.brace || first.tilde) {
    return { effects: [...effects, ask('command-program-unknown', `the program "${first.text}" is only known when the line runs`)], program: first.text };
  }
  const slash = first.text.lastIndexOf('/');
  const program = slash >= 0 ? first.text.slice(slash + 1) : first.text;
  // An installed package's program runs as that package: known tools are judged as themselves.
  if (/(^|\/)node_modules\/\.bin\//.test(first.text)) return { effects: [...effects, ...packageRunner('node_modules/.bin', [word(program), ...args])], program };
  // A path to a program of the workspace (./gradlew, scripts/test.sh) runs the project's own code.
  if (slash >= 0 && !/^\/(usr\/(local\/)?)?s?bin\//.test(first.text)) {
    return { effects: [...effects, ...script(first, 'the command')], program };
  }
  const use: Use = { program, args, stdin: cmd.stdin, ...(cmd.input !== undefined ? { input: cmd.input } : {}) };
  const handler = Object.hasOwn(PROGRAMS, program) ? PROGRAMS[program] : /^python\d/.test(program) ? interpreter : undefined;
  if (!handler) return { effects: [...effects, ask('command-unknown', `kao does not know what the program "${program}" does`)], program };
  return { effects: [...effects, ...handler(use)], program };
}

