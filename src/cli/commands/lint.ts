import { builtinPlaybookDir } from '../../playbook/builtin.ts';
import { loadPlaybook } from '../../playbook/load.ts';
import { formatSarif } from '../../lint/format/sarif.ts';
import { formatText } from '../../lint/format/text.ts';
import { colorEnabled } from '../output/color.ts';
import { lintPlaybook } from '../../lint/lint.ts';
import { RULE_CATALOG } from '../../lint/rule-catalog.ts';
import { VERSION } from '../../version.ts';

export interface LintOptions {
  format: 'text' | 'json' | 'sarif';
  builtin?: boolean;
  builtinRoles?: boolean;
  quiet?: boolean;
}

/** JSON output contract version; bump on any incompatible change. */
export const LINT_JSON_VERSION = 1;

export async function runLint(dir: string, opts: LintOptions): Promise<number> {
  const root = opts.builtin ? builtinPlaybookDir() : dir;
  const playbook = await loadPlaybook(root, { builtin: opts.builtinRoles !== false });
  const result = lintPlaybook(playbook);
  if (opts.quiet) result.diagnostics = result.diagnostics.filter((d) => d.severity === 'error');
  const out =
    opts.format === 'json'
      ? JSON.stringify({ version: LINT_JSON_VERSION, root: opts.builtin ? '<builtin>' : dir, ...result }, null, 2) + '\n'
      : opts.format === 'sarif'
        ? formatSarif(result, VERSION, Object.fromEntries(Object.entries(RULE_CATALOG).map(([k, v]) => [k, v.description])))
        : formatText(result, colorEnabled());
  process.stdout.write(out);
  return result.summary.errors > 0 ? 1 : 0;
}
