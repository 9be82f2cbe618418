/**
 * A command line → the simple commands it would run, the files it would write by redirection, and
 * the command substitutions inside it, each judged on its own. Tokenising is shell-quote's (quotes,
 * escapes, operators); on top of it we follow `$(…)`, backticks, `<(…)`, `bash -c '…'`, `eval` and
 * wrappers such as `env`, `sudo`, `xargs`, so an allowed command cannot smuggle another one in.
 */
import { parse, type ParseEntry } from 'shell-quote';

export interface SimpleCommand {
  /** Program and arguments, wrappers removed (`sudo env X=1 rm -rf /` → `rm -rf /`). */
  argv: string[];
  /** `NAME=value` assignments in front of it (and those given to `env`). */
  assignments: string[];
  /** Wrappers that were removed, e.g. `sudo`, `xargs`. */
  wrappers: string[];
}

export interface ParsedCommand {
  commands: SimpleCommand[];
  /** Files written through `>`, `>>`, `&>`, `>|`. */
  writes: string[];
  /** Inline program text given to an interpreter (`python -c`, `node -e`): opaque to us. */
  inlineCode: { interpreter: string; code: string }[];
  /** Reasons the line could not be read with confidence. */
  unreadable: string[];
}

const SEPARATORS = new Set([';', '&&', '||', '|', '&', '|&', ';;', '(', ')', '<(', '>(']);
const WRITE_OPS = new Set(['>', '>>', '>|', '&>', '&>>', '>&']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish']);
const INTERPRETERS: Record<string, string[]> = {
  python: ['-c'], python3: ['-c'], node: ['-e', '--eval', '-p', '--print'], deno: ['eval'], perl: ['-e', '-E'], ruby: ['-e'], php: ['-r'], lua: ['-e'],
};
/** Programs that run the rest of their arguments as a command, with how many option words they take. */
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time', 'coproc']);
const AWKS = new Set(['awk', 'gawk', 'mawk', 'nawk']);
const WRAPPERS = new Set(['busybox', 'sudo', 'doas', 'env', 'nohup', 'time', 'nice', 'ionice', 'timeout', 'xargs', 'exec', 'command', 'builtin', 'stdbuf', 'chroot', 'setsid', 'watch', 'strace', 'unbuffer', 'npx', 'pnpx', 'bunx']);

const MAX_DEPTH = 8;

/** Leaves every `$VAR` as written (an empty environment would erase `rm -rf $HOME`). A proxy object
 *  rather than shell-quote's callback form, which costs twice as much per line. */
const KEEP_VARS = new Proxy({}, { get: (_t, name) => `$${String(name)}`, has: () => true }) as Record<string, string>;

/**
 * Parsing is pure and tokenising costs microseconds, while agents run the same few commands over
 * and over (tests, status, diffs): keep the last results. Callers must not mutate what they get.
 */
const CACHE_SIZE = 512;
const cache = new Map<string, ParsedCommand>();

export function parseCommand(line: string): ParsedCommand {
  const hit = cache.get(line);
  if (hit) {
    cache.delete(line);
    cache.set(line, hit);
    return hit;
  }
  const parsed = parseLine(line, 0);
  cache.set(line, parsed);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return parsed;
}

function parseLine(line: string, depth: number): ParsedCommand {
  const out: ParsedCommand = { commands: [], writes: [], inlineCode: [], unreadable: [] };
  if (depth > MAX_DEPTH) {
    out.unreadable.push('commands nested too deep to read');
    return out;
  }
  // Substitutions run first and wherever they appear, even inside double quotes.
  for (const inner of substitutions(line)) merge(out, parseLine(inner, depth + 1));
  let entries: ParseEntry[];
  try {
    entries = parse(unquotedNewlinesToSemicolons(line), KEEP_VARS);
  } catch (e) {
    out.unreadable.push(`the shell line does not parse: ${(e as Error).message}`);
    return out;
  }
  let words: string[] = [];
  const flush = () => {
    if (words.length > 0) simple(words, out, depth);
    words = [];
  };
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (typeof e === 'string') {
      words.push(e);
    } else if ('op' in e) {
      if (e.op === 'glob') {
        words.push((e as { pattern: string }).pattern);
      } else if (WRITE_OPS.has(e.op)) {
        const target = entries[i + 1];
        if (typeof target === 'string' && !(e.op === '>&' && /^\d+$/.test(target))) out.writes.push(target);
        i++;
      } else if (e.op === '<') {
        i++; // reading a file into a command is the command's business
      } else if (SEPARATORS.has(e.op)) {
        flush();
      } else {
        out.unreadable.push(`shell operator "${e.op}"`);
      }
    }
    // comments end the line for the shell too
    else if ('comment' in e) break;
  }
  flush();
  return out;
}

/** One simple command: strip assignments and wrappers, follow shells and `eval`. */
function simple(words: string[], out: ParsedCommand, depth: number): void {
  const assignments: string[] = [];
  const wrappers: string[] = [];
  let argv = [...words];
  for (;;) {
    // Keywords of compound commands are not programs: `if x; then git push -f; fi` runs git.
    while (argv.length > 0 && KEYWORDS.has(argv[0]!)) argv.shift();
    while (argv.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0]!)) assignments.push(argv.shift()!);
    if (argv[0] === 'export' || argv[0] === 'declare' || argv[0] === 'readonly' || argv[0] === 'typeset' || argv[0] === 'local') {
      assignments.push(...argv.slice(1).filter((a) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)));
      argv = [];
      break;
    }
    const program = basename(argv[0] ?? '');
    if (!WRAPPERS.has(program)) break;
    wrappers.push(program);
    argv.shift();
    // Skip the wrapper's own options (and the value of the few that take one).
    while (argv.length > 0 && (argv[0]!.startsWith('-') || (program === 'timeout' && /^\d/.test(argv[0]!)))) {
      const opt = argv.shift()!;
      if (['-u', '-g', '-n', '-I', '-L', '-P', '-d', '-s', '-C', '--user', '--group'].includes(opt)) argv.shift();
    }
  }
  if (argv.length === 0) {
    if (assignments.length) out.commands.push({ argv: [], assignments, wrappers });
    return;
  }
  if (argv[0]!.startsWith('$')) {
    out.unreadable.push(`the program "${argv[0]}" is only known when the line runs`);
    return;
  }
  const program = basename(argv[0]!);
  const dashC = argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a));
  if (SHELLS.has(program)) {
    // `bash -c '…'` (also bundled: `bash -lc`) runs its argument; any other shell reads a script or stdin.
    if (dashC > 0 && argv[dashC + 1] !== undefined) merge(out, parseLine(argv[dashC + 1]!, depth + 1));
    else out.unreadable.push(`"${argv.join(' ')}" runs a script (a file or its input) whose contents are not known here`);
  } else if (program === 'eval') {
    merge(out, parseLine(argv.slice(1).join(' '), depth + 1));
  } else if (program === 'source' || program === '.') {
    out.unreadable.push(`"${argv.join(' ')}" runs a script file whose contents are not known here`);
  }
  if (program === 'find') {
    // find -exec CMD … ; runs CMD on what it finds.
    argv.forEach((a, i) => {
      if (a === '-exec' || a === '-execdir' || a === '-ok' || a === '-okdir') {
        const end = argv.findIndex((x, j) => j > i && (x === ';' || x === '+' || x === '\\;'));
        simple(argv.slice(i + 1, end === -1 ? undefined : end).filter((x) => x !== '{}'), out, depth + 1);
      }
    });
  }
  const flags = INTERPRETERS[program.replace(/[\d.]+$/, '')] ?? INTERPRETERS[program];
  if (flags) {
    const at = argv.findIndex((a, i) => i > 0 && (flags.includes(a) || flags.some((f) => a.startsWith(`${f}=`) || (f.length === 2 && /^-[a-zA-Z]+$/.test(a) && a.includes(f[1]!)))));
    if (at > 0) out.inlineCode.push({ interpreter: program, code: argv[at]!.includes('=') ? argv[at]!.slice(argv[at]!.indexOf('=') + 1) : argv[at + 1] ?? '' });
  }
  if (AWKS.has(program) && argv.some((a) => /\bsystem\s*\(|\|\s*getline|print\s*>|\bfflush\b/.test(a))) out.inlineCode.push({ interpreter: program, code: argv.find((a) => /system|getline|print\s*>/.test(a))! });
  out.commands.push({ argv, assignments, wrappers });
}

/** shell-quote reads a newline as a space; for the shell it ends a command. */
function unquotedNewlinesToSemicolons(line: string): string {
  if (!line.includes('\n')) return line;
  let quote: '"' | "'" | null = null;
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && quote !== "'") {
      out += c + (line[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === "'" && quote !== '"') quote = quote === "'" ? null : "'";
    else if (c === '"' && quote !== "'") quote = quote === '"' ? null : '"';
    out += c === '\n' && quote === null ? ';' : c;
  }
  return out;
}

/** The text of each `$(…)`, `` `…` ``, `<(…)` and `>(…)`, outside single quotes. */
export function substitutions(line: string): string[] {
  const found: string[] = [];
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && quote !== "'") {
      i++;
      continue;
    }
    if (quote === "'") {
      if (c === "'") quote = null;
      continue;
    }
    if (c === "'" && quote === null) quote = "'";
    else if (c === '"') quote = quote === '"' ? null : '"';
    else if (c === '`') {
      const end = line.indexOf('`', i + 1);
      found.push(line.slice(i + 1, end === -1 ? undefined : end));
      if (end === -1) break;
      i = end;
    } else if ((c === '$' || ((c === '<' || c === '>') && quote === null)) && line[i + 1] === '(' && line[i + 2] !== '(') {
      const end = closing(line, i + 1);
      found.push(line.slice(i + 2, end));
      i = end;
    }
  }
  return found;
}

function closing(line: string, open: number): number {
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    if (line[i] === '(') depth++;
    else if (line[i] === ')' && --depth === 0) return i;
  }
  return line.length;
}

function merge(into: ParsedCommand, from: ParsedCommand): void {
  into.commands.push(...from.commands);
  into.writes.push(...from.writes);
  into.inlineCode.push(...from.inlineCode);
  into.unreadable.push(...from.unreadable);
}

export function basename(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}
