/**
 * Diagnostics for people: `file:line:col severity rule message`, then the fix hint indented. At most
 * `maxProblems` are printed (errors first); the summary line always counts them all.
 */
import type { Diagnostic } from '../../diagnostics.ts';
import type { LintResult } from '../lint.ts';
import { hiddenLine, mostSevere } from '../../problem-cap.ts';

export function formatText(result: LintResult, color: boolean, maxProblems = Infinity): string {
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sev = (d: Diagnostic) => d.severity === 'error' ? paint(31, 'error') : d.severity === 'warning' ? paint(33, 'warning') : paint(36, 'info');
  const shown = mostSevere(result.diagnostics, maxProblems);
  const lines = shown.map((d) =>
    `${d.file}:${d.line}:${d.column} ${sev(d)} ${paint(2, d.rule)} ${d.message}${d.fix ? `\n    ${paint(2, 'fix:')} ${d.fix}` : ''}`);
  const { files, errors, warnings, infos } = result.summary;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  lines.push(...hiddenLine(shown.length, result.diagnostics.length));
  lines.push(`${plural(files, 'artifact')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${infos} info`);
  return lines.join('\n') + '\n';
}
