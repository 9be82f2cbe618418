/**
 * A tiny command layer over Node's own `util.parseArgs`: declared options with help text, choices
 * checked, `--help` generated. Node's parser costs nothing to load, which matters for a CLI whose
 * commands run in CI on every push (a full CLI framework was a fifth of `kao lint`'s start-up).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.ts';
import { nearest } from './suggest.ts';

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  description: string;
  /** For string options: the accepted values. */
  choices?: readonly string[];
  default?: string | boolean;
  /** Placeholder shown in help, e.g. `<id>`. */
  value?: string;
  /** May be given more than once (the value is then a list). */
  multiple?: boolean;
  required?: boolean;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** What `--help` and the parser need of a command: everything but how it runs. */
export type CommandShape = Omit<CommandSpec, 'run' | 'runArgv'>;

export interface ParsedCommand {
  values: OptionValues;
  positionals: string[];
  /** String options in command-line order (for options that qualify the one before them). */
  order: { name: string; value: string }[];
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** Positional arguments as shown in help, e.g. `[dir]`. */
  args: string;
  /** How many positional arguments it takes at most (default 1). */
  maxArgs?: number;
  argHelp?: string;
  options: Record<string, OptionSpec>;
  /** Extra lines after the options (exit status, references). */
  epilog?: string;
  /** Loads the command's module only when it runs. */
  run: (values: OptionValues, positionals: string[]) => Promise<number>;
  /** Commands with sub-commands of their own get argv untouched (then `options` is for help only). */
  runArgv?: (argv: string[]) => Promise<number>;
}

export function helpFor(spec: CommandShape): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.value ?? '<value>'}` : ''}`;
    const extra = [o.choices ? `one of: ${o.choices.join(', ')}` : '', o.default !== undefined && o.type === 'string' ? `default: ${o.default}` : '']
      .filter(Boolean).join('; ');
    return [flag, o.description + (extra ? ` (${extra})` : '')] as const;
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  return [
    `Usage: kao ${spec.name} [options] ${spec.args}`.trimEnd(),
    '',
    spec.summary,
    ...(spec.argHelp ? ['', spec.argHelp] : []),
    '',
    'Options:',
    ...rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`),
    ...(spec.epilog ? ['', spec.epilog] : []),
    '',
  ].join('\n');
}

/** Parses argv for one command; `null` means help was printed. */
export function parseCommand(spec: CommandShape, argv: string[]): ParsedCommand | null {
  const hint = `Run \`kao ${spec.name} --help\` for the options.`;
  const options: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(spec.options)) options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    const message = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    const unknown = /^Unknown option '--([^'=]+)/.exec(message)?.[1];
    const near = unknown === undefined ? undefined : nearest(unknown, Object.keys(options));
    throw new UsageError('bad-option', `${spec.name}: ${message}${near ? `; did you mean --${near}?` : ''}`, hint);
  }
  if (parsed.values.help) {
    process.stdout.write(helpFor(spec));
    return null;
  }
  const values: OptionValues = {};
  for (const [name, o] of Object.entries(spec.options)) {
    const v = (parsed.values as OptionValues)[name] ?? o.default;
    if (o.required && (v === undefined || v === '')) throw new UsageError('missing-option', `${spec.name}: --${name} is required`, hint);
    for (const one of Array.isArray(v) ? v : typeof v === 'string' ? [v] : []) {
      if (o.choices && !o.choices.includes(one)) throw new UsageError('bad-choice', `${spec.name}: --${name} must be one of ${o.choices.join(', ')}, not "${one}"`, hint);
    }
    values[name] = v;
  }
  const order = parsed.tokens.flatMap((t) => (t.kind === 'option' && typeof t.value === 'string' ? [{ name: t.name, value: t.value }] : []));
  return { values, positionals: parsed.positionals, order };
}
