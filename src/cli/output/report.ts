/**
 * How a command that prints a markdown report (a task packet, a check result) prints it: rendered text
 * on a terminal, markdown when piped into a file or a pull-request comment, unless `--format` says.
 */
import { UsageError } from '../../errors.ts';
import { colorEnabled } from './color.ts';
import { markdownToTerminal } from './terminal-text.ts';

/** `--format` as given, `--json`, else text on a terminal and markdown otherwise. */
export function reportFormat<F extends string>(command: string, format: F | undefined, json: boolean): F | 'json' | 'text' | 'markdown' {
  if (json && format !== undefined && format !== 'json') throw new UsageError('conflicting-options', `${command}: --json and --format ${format} ask for two formats`, 'Use one of them.');
  if (json) return 'json';
  return format ?? (process.stdout.isTTY ? 'text' : 'markdown');
}

export function printMarkdown(markdown: string, format: 'text' | 'markdown'): void {
  process.stdout.write(format === 'text' ? markdownToTerminal(markdown, { color: colorEnabled(), width: process.stdout.columns ?? 100 }) : markdown);
}
