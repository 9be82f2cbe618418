/**
 * Every role a file names — in a delegation table, as the implementer, in a handoff or a sub-agent
 * list, as a prompt's agent — must exist: as an agent file, a built-in role, or an operating-model
 * role (by id, display name or alias).
 */
import { roleIdOf } from '../../artifacts/role-names.ts';
import type { RoleRef } from '../../artifacts/spec.ts';
import type { Diagnostic } from '../../diagnostics.ts';
import type { Playbook } from '../../playbook/load.ts';
import type { LintRule } from '../rule.ts';

/** Names VS Code resolves to its own built-in agents, and the people a file may escalate to. */
const CLIENT_AGENTS = new Set(['agent', 'ask', 'edit', 'plan', 'human', 'user']);

function knownRoleIds(pb: Playbook): Set<string> {
  const ids = new Set<string>(CLIENT_AGENTS);
  for (const { spec } of pb.roles.values()) {
    ids.add(spec.id);
    ids.add(roleIdOf(spec.name));
  }
  for (const r of pb.model.roles) {
    ids.add(r.id);
    ids.add(roleIdOf(r.name));
    for (const a of r.aliases ?? []) ids.add(roleIdOf(a));
  }
  return ids;
}

export const roleUndefined: LintRule = {
  emits: ['role-undefined'],
  check(pb) {
    const known = knownRoleIds(pb);
    const out: Diagnostic[] = [];
    const report = (file: string, ref: RoleRef, where: string) => {
      if (known.has(ref.id)) return;
      out.push({
        rule: 'role-undefined', severity: 'error', file, line: ref.line, column: 1,
        message: `${where} names role "${ref.name}", which no agent file or operating-model role defines`,
        fix: `Add an agent file for "${ref.name}", add it to \`roles\` in the operating model, or correct the name.`,
      });
    };
    for (const { artifact, origin } of pb.artifacts) {
      if (origin !== 'repo') continue;
      if ('role' in artifact) {
        const r = artifact.role;
        for (const row of r.delegation) for (const ref of row.roles) report(r.file, ref, `delegation row "${row.pattern}"`);
        if (r.implementer) report(r.file, r.implementer, 'the implementation delegation');
        if (r.escalateTo) report(r.file, r.escalateTo, 'the escalation path');
        for (const ref of r.handoffs) report(r.file, ref, 'a handoff');
        for (const ref of r.subagents) report(r.file, ref, 'the `agents` list');
      } else if (artifact.kind === 'prompt' && artifact.agent) {
        report(artifact.file, { name: artifact.agent, id: roleIdOf(artifact.agent), line: 1 }, 'the prompt\'s `agent`');
      }
    }
    return out;
  },
};

export const roleDuplicate: LintRule = {
  emits: ['role-duplicate-id', 'role-duplicate-name'],
  check(pb) {
    const out: Diagnostic[] = [];
    const byId = new Map<string, string>();
    const byName = new Map<string, string>();
    for (const { artifact, origin } of pb.artifacts) {
      if (origin !== 'repo' || !('role' in artifact)) continue;
      const r = artifact.role;
      const firstId = byId.get(r.id);
      if (firstId) {
        out.push({ rule: 'role-duplicate-id', severity: 'error', file: r.file, line: 1, column: 1,
          message: `role id \`${r.id}\` is already defined by ${firstId}`, fix: 'Rename one of the files: a role id is its file name.' });
      } else byId.set(r.id, r.file);
      const key = r.name.trim().toLowerCase();
      const firstName = byName.get(key);
      if (firstName) {
        out.push({ rule: 'role-duplicate-name', severity: 'error', file: r.file, line: 2, column: 1,
          message: `role name "${r.name}" is already used by ${firstName}; delegation by name becomes ambiguous`, fix: 'Give each role a distinct `name`.' });
      } else byName.set(key, r.file);
    }
    return out;
  },
};
