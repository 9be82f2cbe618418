/** Where the built-in playbook ships: `playbook/` at the package root, beside `src/` and `dist/`. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function builtinPlaybookDir(): string {
  if (cached) return cached;
  // Bundled: dist/kao.js; from source: src/playbook/builtin.ts. Walk up to the package root.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'playbook');
    if (existsSync(join(candidate, '.github', 'agent-os', 'operating-model.yaml'))) return (cached = candidate);
    dir = dirname(dir);
  }
  throw new Error('the built-in playbook is missing from this installation of kyora-agent-os');
}

export const MODEL_PATH = '.github/agent-os/operating-model.yaml';
