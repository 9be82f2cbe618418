/**
 * What a use of a program would do, and the option reader every catalogue entry shares. Pure.
 */
import type { SimpleCommand, Word } from '../shell/parse.ts';

export type GateDecision = 'dependencies' | 'schema';

export type Effect =
  | { kind: 'read'; path: Word; why: string }
  | { kind: 'write'; path: Word; why: string }
  | { kind: 'delete'; path: Word; why: string }
  /** Another program run with these words (a wrapper's command, find -exec, xargs). */
  | { kind: 'run'; words: Word[]; stdin: SimpleCommand['stdin']; input?: string }
  /** A command line given as a string (`sh -c`, `env -S`, `eval`, `script -c`). */
  | { kind: 'line'; text: string }
  /** A script file run as a program: the project's code when it is in the workspace. */
  | { kind: 'script'; path: Word; why: string }
  /** A network request; `upload` is what is sent (a file, or data given on the command line). */
  | { kind: 'net'; target: string; upload?: Word | 'data'; why: string }
  | { kind: 'gate'; decision: GateDecision; why: string }
  | { kind: 'deny'; rule: string; why: string }
  | { kind: 'ask'; rule: string; why: string };

export interface Use {
  program: string;
  args: Word[];
  stdin: SimpleCommand['stdin'];
  input?: string;
}

export type Handler = (use: Use) => Effect[];

export interface OptionSpec {
  /** Options that take a value (`-o`, `--output`). */
  value?: readonly string[];
  /** Options known to take no value. */
  flags?: readonly string[];
  /** Every other option is harmless too (tools whose options can neither write nor run code). */
  any?: boolean;
  /** Options stop at the first operand (git-style: `cmd -x sub --y`). */
  stopAtOperand?: boolean;
}

export interface Options {
  /** Each option given, by its spelling (`-o`, `--output`), with its value or `true`. */
  opts: Map<string, string | true>;
  operands: Word[];
  /** Options the spec does not know: the program is not fully understood. */
  unknown: string[];
}

export const word = (text: string): Word => ({ text, dynamic: false, glob: false, brace: false, tilde: false, assignment: false });
/** A word whose value only the running command knows (xargs input, find's `{}`). */
export const unknownWord = (text: string): Word => ({ ...word(text), dynamic: true });

export function readOptions(args: readonly Word[], spec: OptionSpec): Options {
  const out: Options = { opts: new Map(), operands: [], unknown: [] };
  // Arrays, not sets: most uses have an option or two, and building a set per call costs more.
  const takes = spec.value ?? [];
  const known = spec.flags ?? [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const a = w.text;
    if (a === '--') {
      out.operands.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-' || (w.dynamic && !/^-[\w-]+$/.test(a))) {
      out.operands.push(w);
      if (spec.stopAtOperand) {
        out.operands.push(...args.slice(i + 1));
        break;
      }
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (takes.includes(name)) out.opts.set(name, eq > 0 ? a.slice(eq + 1) : args[++i]?.text ?? '');
      else if (known.includes(name) || spec.any) out.opts.set(name, eq > 0 ? a.slice(eq + 1) : true);
      else out.unknown.push(name);
      continue;
    }
    // Bundled short options: -abc, and -ofile / -o file for one that takes a value.
    for (let k = 1; k < a.length; k++) {
      const name = `-${a[k]}`;
      if (takes.includes(name)) {
        out.opts.set(name, k + 1 < a.length ? a.slice(k + 1) : args[++i]?.text ?? '');
        break;
      }
      if (known.includes(name) || spec.any || /^-\d+$/.test(a)) out.opts.set(name, true);
      else out.unknown.push(name);
      if (/^-\d+$/.test(a)) break; // head -5
    }
  }
  return out;
}

export const has = (o: Options, ...names: string[]) => names.some((n) => o.opts.has(n));
export const valueOf = (o: Options, ...names: string[]): string | undefined => {
  for (const n of names) {
    const v = o.opts.get(n);
    if (typeof v === 'string') return v;
  }
  return undefined;
};

/** The program is known but this use of it is not: ask, naming what was not understood. */
export function unknownOptions(program: string, o: Options): Effect[] {
  return o.unknown.length ? [{ kind: 'ask', rule: 'command-unknown-option', why: `kao does not know what ${program} ${o.unknown.join(' ')} does` }] : [];
}
