import { UsageError } from '../../errors.ts';
import { detectAreas } from '../../playbook/areas.ts';
import { builtinPlaybookDir } from '../../playbook/builtin.ts';
import { contextFor } from '../../playbook/context.ts';
import { loadPlaybook } from '../../playbook/load.ts';

/** JSON output contract version of `kao compile`. */
export const COMPILE_JSON_VERSION = 1;

export async function runCompile(dir: string, opts: { role?: string; builtin?: boolean; for?: string }): Promise<number> {
  const playbook = await loadPlaybook(opts.builtin ? builtinPlaybookDir() : dir);
  const roles = [...playbook.roles.values()].map(({ spec, origin }) => ({ origin, ...spec }));
  const print = (value: unknown) => process.stdout.write(JSON.stringify(value, null, 2) + '\n');
  if (opts.role) {
    const role = roles.find((r) => r.id === opts.role);
    if (!role) throw new UsageError('no-such-role', `no role \`${opts.role}\` in this playbook`, `Known roles: ${roles.map((r) => r.id).sort().join(', ')}.`);
    print(role);
    return playbook.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  }
  if (opts.for !== undefined) {
    const path = opts.for.replace(/^\.\//, '');
    const ctx = contextFor(path, playbook.artifacts.filter((a) => a.origin === 'repo').map((a) => a.artifact));
    print({
      path,
      instructions: ctx.instructions.map((i) => ({ file: i.file, applyTo: i.applyTo })),
      agentsMd: ctx.agentsMd?.file ?? null,
      overridden: ctx.overridden.map((a) => a.file),
    });
    return playbook.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  }
  const errors = playbook.diagnostics.filter((d) => d.severity === 'error').length;
  print({
    version: COMPILE_JSON_VERSION,
    roles,
    model: playbook.model,
    modelOrigin: playbook.modelOrigin,
    areas: detectAreas(playbook.files, playbook.model.areas),
    errors,
  });
  return errors > 0 ? 1 : 0;
}
