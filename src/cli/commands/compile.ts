import { UsageError } from '../../errors.ts';
import { builtinPlaybookDir } from '../../playbook/builtin.ts';
import { loadPlaybook } from '../../playbook/load.ts';

export async function runCompile(dir: string, opts: { role?: string; builtin?: boolean }): Promise<number> {
  const playbook = await loadPlaybook(opts.builtin ? builtinPlaybookDir() : dir);
  const roles = [...playbook.roles.values()].map(({ spec, origin }) => ({ origin, ...spec }));
  if (opts.role) {
    const role = roles.find((r) => r.id === opts.role);
    if (!role) throw new UsageError('no-such-role', `no role \`${opts.role}\` in this playbook`, `Known roles: ${roles.map((r) => r.id).sort().join(', ')}.`);
    process.stdout.write(JSON.stringify(role, null, 2) + '\n');
    return 0;
  }
  const errors = playbook.diagnostics.filter((d) => d.severity === 'error').length;
  process.stdout.write(JSON.stringify({ version: 1, roles, model: playbook.model, modelOrigin: playbook.modelOrigin, errors }, null, 2) + '\n');
  return errors > 0 ? 1 : 0;
}
