/** A check result as a pull-request comment (markdown) and as SARIF 2.1.0. Pure. */
import { renderTaskPacket } from '../router/render.ts';
import { type CheckResult, checkPasses } from './check.ts';

export function renderCheckComment(r: CheckResult): string {
  if (r.changes.length === 0) return `## kao check: nothing to check\n\nNo changes in ${r.base}...${r.head}: no roles, lanes or PO gates are needed.\n`;
  const pass = checkPasses(r);
  const body = renderTaskPacket(r, {
    heading: `kao check: ${pass ? 'all PO gates approved' : 'PO approval needed'}`,
    context: [`${r.changes.length} changed file${r.changes.length === 1 ? '' : 's'} in ${r.base}...${r.head}`],
    gateStatus: true,
  });
  return pass ? body : body.replace('### PO gates\n\n', '### PO gates\n\nRecord each approval in `.github/agent-os/approvals.yaml` (`decision`, `by`), then run the check again.\n\n');
}

export function renderCheckSarif(r: CheckResult, version: string): string {
  const unapproved = r.gates.filter((g) => g.when === 'now' && !g.approved);
  // Evidence that is not a changed file (a commit, an API finding) has no place in the diff to point at.
  const changed = new Set(r.changes.map((c) => c.path));
  const results = unapproved.flatMap((g) => (g.evidence?.length ? g.evidence : ['']).map((e) => {
    const m = /^(.*?)(?::(\d+))?(?: .*)?$/.exec(e)!;
    return {
      ruleId: `po-gate-${g.decision}`,
      level: 'error',
      message: { text: `PO approval needed (${g.decision}): ${g.reason}` },
      locations: m[1] && changed.has(m[1]) ? [{ physicalLocation: { artifactLocation: { uri: m[1] }, region: { startLine: Number(m[2] ?? 1) } } }] : [],
    };
  }));
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'kao', version, rules: [...new Set(unapproved.map((g) => g.decision))].map((d) => ({ id: `po-gate-${d}`, shortDescription: { text: `needs the PO's ${d} decision` } })) } },
      results,
    }],
  }, null, 2) + '\n';
}
