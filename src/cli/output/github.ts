/**
 * GitHub Actions workflow commands from SARIF: each result becomes an `::error`/`::warning`/`::notice`
 * annotation on its file and line, as the pull request's "Files changed" tab shows them. Pure.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
interface SarifLog {
  runs?: { results?: { ruleId?: string; level?: string; message?: { text?: string }; locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number; startColumn?: number } } }[] }[] }[];
}

const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', note: 'notice', none: 'notice' };

/** Values escape %, CR and LF; properties also `:` and `,` (the runner's own encoding). */
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function sarifToAnnotations(sarif: string): string {
  const log = JSON.parse(sarif) as SarifLog;
  const lines: string[] = [];
  for (const run of log.runs ?? []) {
    for (const r of run.results ?? []) {
      const where = r.locations?.[0]?.physicalLocation;
      const props = [
        where?.artifactLocation?.uri ? `file=${property(where.artifactLocation.uri)}` : '',
        where?.region?.startLine ? `line=${where.region.startLine}` : '',
        where?.region?.startColumn ? `col=${where.region.startColumn}` : '',
        r.ruleId ? `title=${property(`kao ${r.ruleId}`)}` : '',
      ].filter(Boolean).join(',');
      lines.push(`::${LEVEL[r.level ?? 'warning'] ?? 'warning'}${props ? ` ${props}` : ''}::${data(r.message?.text ?? '')}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
