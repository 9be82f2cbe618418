/**
 * Rules about one role's own text and tools: what it says about itself must agree with what it is
 * allowed to do, and a Lead must say what it may not do and when it stops for the PO.
 */
import { MACHINE_RULES } from '../../artifacts/enforceable-rules.ts';
import type { RoleSpec } from '../../artifacts/spec.ts';
import { grantedTools } from '../../artifacts/tools.ts';
import type { Diagnostic } from '../../diagnostics.ts';
import type { Playbook } from '../../playbook/load.ts';
import type { LintRule } from '../rule.ts';

function* ownRoles(pb: Playbook): Generator<RoleSpec> {
  for (const { artifact, origin } of pb.artifacts) if (origin === 'repo' && 'role' in artifact) yield artifact.role;
}

export const readonlyRoleWrites: LintRule = {
  emits: ['readonly-role-writes'],
  check(pb) {
    const out: Diagnostic[] = [];
    for (const r of ownRoles(pb)) {
      if (r.readOnlyLine === null) continue;
      const granted = grantedTools(r.tools);
      // A role without `tools` has every tool the client offers, so it writes too.
      const inherits = !r.toolsDeclared;
      const writes = (['edit', 'execute'] as const).filter((t) => inherits || granted.has(t));
      if (writes.length === 0) continue;
      const at = r.tools.find((t) => t.kind === 'all' || (t.kind === 'builtin' && (t.tool === 'edit' || t.tool === 'execute')));
      out.push({
        rule: 'readonly-role-writes', severity: 'error', file: r.file, line: at?.line ?? 1, column: 1,
        message: `role "${r.name}" calls itself read-only (line ${r.readOnlyLine}) but ${inherits ? 'inherits every tool' : `lists ${writes.map((w) => `\`${w}\``).join(' and ')}`}`,
        fix: inherits ? 'Add a `tools` line without edit or execute tools.' : `Remove ${writes.join(' and ')} from \`tools\`, or stop calling the role read-only.`,
      });
    }
    return out;
  },
};

export const agentCallsPrompt: LintRule = {
  emits: ['agent-calls-prompt'],
  check(pb) {
    const out: Diagnostic[] = [];
    for (const r of ownRoles(pb)) {
      for (const call of r.promptCalls) {
        out.push({
          rule: 'agent-calls-prompt', severity: 'warning', file: r.file, line: call.line, column: 1,
          message: 'the agent is told to run a prompt file; prompt files are launched by a human, never by an agent',
          fix: 'Move the prompt\'s instructions into a skill or an instructions file the agent may read, or hand the step to the PO.',
        });
      }
    }
    return out;
  },
};

export const leadSections: LintRule = {
  emits: ['lead-missing-forbidden', 'lead-missing-escalation'],
  check(pb) {
    const kinds = new Map(pb.model.roles.map((r) => [r.id, r.kind]));
    const out: Diagnostic[] = [];
    for (const r of ownRoles(pb)) {
      const kind = kinds.get(r.id);
      const isLead = kind === 'lead' || kind === 'orchestrator' || (kind === undefined && /\blead\b/i.test(r.name));
      if (!isLead) continue;
      if (r.forbidden.length === 0) {
        out.push({ rule: 'lead-missing-forbidden', severity: 'warning', file: r.file, line: 1, column: 1,
          message: `lead role "${r.name}" has no Forbidden Actions, so nothing it may not do can be enforced`,
          fix: 'Add a "## Forbidden Actions" section with one bullet per forbidden action.' });
      }
      if (r.escalation.length === 0) {
        out.push({ rule: 'lead-missing-escalation', severity: 'warning', file: r.file, line: 1, column: 1,
          message: `lead role "${r.name}" has no Escalation Path, so it never knows when to stop for the PO`,
          fix: 'Add a "## Escalation Path" section listing when to escalate to the PO.' });
      }
    }
    return out;
  },
};

export const forbiddenNotEnforced: LintRule = {
  emits: ['forbidden-not-enforced'],
  check(pb) {
    const out: Diagnostic[] = [];
    for (const r of ownRoles(pb)) {
      for (const f of r.forbidden) {
        if (f.rule) continue;
        out.push({
          rule: 'forbidden-not-enforced', severity: 'info', file: r.file, line: f.line, column: 1,
          message: `forbidden action "${f.text}" is not enforced: it matches none of the OS's machine rules, so only the model's good will keeps it`,
          fix: `Rephrase it in terms of an enforceable rule (${MACHINE_RULES.map((m) => m.id).join(', ')}), or accept it as guidance.`,
        });
      }
    }
    return out;
  },
};

export const toolsUnrestricted: LintRule = {
  emits: ['tools-unrestricted'],
  check(pb) {
    const out: Diagnostic[] = [];
    for (const r of ownRoles(pb)) {
      if (r.toolsDeclared) continue;
      out.push({
        rule: 'tools-unrestricted', severity: 'warning', file: r.file, line: 1, column: 1,
        message: `role "${r.name}" has no \`tools\` key, so the client gives it every tool (and kao's policy judges it with every tool)`,
        fix: 'List the tools the role needs, e.g. `tools: [read, search, edit]`.',
      });
    }
    return out;
  },
};

export const toolNotGranted: LintRule = {
  emits: ['tool-not-granted'],
  check(pb) {
    const out: Diagnostic[] = [];
    for (const r of ownRoles(pb)) {
      if (!r.toolsDeclared || r.tools.some((t) => t.kind === 'all')) continue;
      const granted = grantedTools(r.tools);
      const said = new Set<string>();
      for (const m of r.toolMentions) {
        const ok = m.kind === 'builtin'
          ? m.tool === null || granted.has(m.tool) || r.tools.some((t) => t.kind === 'builtin' && t.raw.replace(/\(.*$/s, '') === m.raw)
          : m.kind === 'mcp' && r.tools.some((t) => t.kind === 'mcp' && t.server === m.server && (t.name === '*' || t.name === m.name));
        if (ok || said.has(`${m.raw}:${m.line}`)) continue;
        said.add(`${m.raw}:${m.line}`);
        const what = m.kind === 'builtin' ? `\`${m.tool}\`` : m.kind === 'mcp' ? `\`${m.server}/*\` or \`${m.raw}\`` : `\`${m.raw}\``;
        out.push({
          rule: 'tool-not-granted', severity: 'warning', file: r.file, line: m.line, column: 1,
          message: `the text tells role "${r.name}" to use \`${m.raw}\`, which its \`tools\` do not grant; the client will not offer it`,
          fix: `Add ${what} to \`tools\`, or change the instruction.`,
        });
      }
    }
    return out;
  },
};

export const toolUnknown: LintRule = {
  emits: ['tool-unknown'],
  check(pb) {
    const out: Diagnostic[] = [];
    for (const { artifact, origin } of pb.artifacts) {
      if (origin !== 'repo') continue;
      const tools = 'role' in artifact ? artifact.role.tools : artifact.kind === 'prompt' ? artifact.tools : artifact.kind === 'skill' ? artifact.allowedTools : [];
      for (const t of tools) {
        if (t.kind !== 'unknown') continue;
        out.push({
          rule: 'tool-unknown', severity: 'warning', file: artifact.file, line: t.line, column: 1,
          message: `unknown tool \`${t.raw}\`; clients silently ignore tools they do not provide`,
          fix: 'Use a built-in tool (read, search, edit, execute, agent, web, todo), a `server/tool` MCP name, or `server/*`.',
        });
      }
    }
    return out;
  },
};
