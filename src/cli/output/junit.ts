/**
 * JUnit XML from SARIF, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines):
 * one test suite per file, one failing test case per result (its rule, line and message). A clean
 * run is one passing case, so the report says something was checked. Pure.
 */
interface SarifLog {
  runs?: { tool?: { driver?: { name?: string } }; results?: { ruleId?: string; level?: string; message?: { text?: string }; locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number; startColumn?: number } } }[] }[] }[];
}

/** XML 1.0 text: the five entities escaped, characters XML cannot carry dropped. */
const xml = (s: string) =>
  s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export function sarifToJunit(sarif: string, what: string): string {
  const log = JSON.parse(sarif) as SarifLog;
  const byFile = new Map<string, string[]>();
  for (const run of log.runs ?? []) {
    for (const r of run.results ?? []) {
      const where = r.locations?.[0]?.physicalLocation;
      const file = where?.artifactLocation?.uri ?? '(no file)';
      const line = where?.region?.startLine;
      const at = `${file}${line ? `:${line}${where?.region?.startColumn ? `:${where.region.startColumn}` : ''}` : ''}`;
      const text = r.message?.text ?? '';
      const level = r.level ?? 'warning';
      const cases = byFile.get(file) ?? [];
      cases.push(`    <testcase classname="${xml(file)}" name="${xml(`${r.ruleId ?? 'kao'} at ${at}`)}">\n      <failure type="${xml(level)}" message="${xml(text.split('\n')[0] ?? '')}">${xml(`${level} ${r.ruleId ?? ''} ${at}\n${text}`)}</failure>\n    </testcase>`);
      byFile.set(file, cases);
    }
  }
  const suites = [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, cases]) =>
    `  <testsuite name="${xml(file)}" tests="${cases.length}" failures="${cases.length}" errors="0">\n${cases.join('\n')}\n  </testsuite>`);
  if (suites.length === 0) suites.push(`  <testsuite name="${xml(what)}" tests="1" failures="0" errors="0">\n    <testcase classname="kao" name="${xml(what)}"/>\n  </testsuite>`);
  const total = [...byFile.values()].reduce((n, c) => n + c.length, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kao" tests="${Math.max(total, 1)}" failures="${total}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}
