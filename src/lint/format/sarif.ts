/** Diagnostics as SARIF 2.1.0, for code-scanning uploads. */
import type { LintResult } from '../lint.ts';

export function formatSarif(result: LintResult, version: string, descriptions: Record<string, string>): string {
  const ruleIds = [...new Set(result.diagnostics.map((d) => d.rule))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'kao',
          version,
          informationUri: 'https://github.com/kyora-agent-os/kyora-agent-os',
          rules: ruleIds.map((id) => ({ id, shortDescription: { text: descriptions[id] ?? id } })),
        },
      },
      results: result.diagnostics.map((d) => ({
        ruleId: d.rule,
        ruleIndex: ruleIds.indexOf(d.rule),
        level: d.severity === 'info' ? 'note' : d.severity,
        message: { text: d.fix ? `${d.message}. Fix: ${d.fix}` : d.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: d.file }, region: { startLine: d.line, startColumn: d.column } } }],
      })),
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
