/**
 * Roles are referenced by display name in prose and tables ("QA/Test Specialist") and by id in
 * files and the store (`qa-test-specialist`). The id is the name in lower case with every run of
 * other characters turned into one hyphen, so the two meet without an alias table.
 */
export function roleIdOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * `backend-lead.agent.md` → `backend-lead`; `.claude/agents/Code_Reviewer.md` → `code-reviewer`: the
 * file name, in the same id form as names, so ids meet the store's and the packets' rules.
 */
export function roleIdFromPath(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return roleIdOf(base.replace(/\.(agent|chatmode)\.md$/i, '').replace(/\.md$/i, ''));
}
