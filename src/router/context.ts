/** What the router needs from a loaded playbook: the model, the role specs and the repository's own delegation rows. */
import type { Playbook } from '../playbook/load.ts';
import type { RouteContext } from './route.ts';

export function routeContext(playbook: Playbook): RouteContext {
  const roles = new Map([...playbook.roles].map(([id, r]) => [id, r.spec]));
  // Only the repository's role files: the built-in roles' tables are the model's own triggers already.
  const rows = [...playbook.roles.values()]
    .filter((r) => r.origin === 'repo')
    .flatMap((r) => r.spec.delegation.map((row) => ({ file: r.spec.file, owner: r.spec.id, row })));
  return { model: playbook.model, roles, rows };
}
