/**
 * A tiny command layer over Node's own `util.parseArgs`: declared options with help text, choices
 * checked, `--help` generated. Node's parser costs nothing to load, which matters for a CLI whose
 * commands run in CI on every push (a full CLI framework was a fifth of `kao lint`'s start-up).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.ts';

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  description: string;
  /** For string options: the accepted values. */
  choices?: readonly string[];
  default?: string | boolean;
  /** Placeholder shown in help, e.g. `<id>`. */
  value?: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** Positional arguments as shown in help, e.g. `[dir]`. */
  args: string;
  argHelp?: string;
  options: Record<string, OptionSpec>;
  /** Extra lines after the options (exit status, references). */
  epilog?: string;
  /** Loads the command's module only when it runs. */
  run: (values: Record<string, string | boolean | undefined>, positionals: string[]) => Promise<number>;
  /** Commands with sub-commands of their own get argv untouched (then `options` is for help only). */
  runArgv?: (argv: string[]) => Promise<number>;
}

export function helpFor(spec: CommandSpec): string {
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
export function parseCommand(spec: CommandSpec, argv: string[]): { values: Record<string, string | boolean | undefined>; positionals: string[] } | null {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(spec.options)) options[name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError('bad-option', `${spec.name}: ${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '')}`, `Run \`kao ${spec.name} --help\` for the options.`);
  }
  if (parsed.values.help) {
    process.stdout.write(helpFor(spec));
    return null;
  }
  const values: Record<string, string | boolean | undefined> = {};
  for (const [name, o] of Object.entries(spec.options)) {
    const v = (parsed.values as Record<string, string | boolean | undefined>)[name] ?? o.default;
    if (o.choices && typeof v === 'string' && !o.choices.includes(v)) {
      throw new UsageError('bad-choice', `${spec.name}: --${name} must be one of ${o.choices.join(', ')}, not "${v}"`, `Run \`kao ${spec.name} --help\` for the options.`);
    }
    values[name] = v;
  }
  return { values, positionals: parsed.positionals };
}
