/**
 * Where a repository's store lives: `.agent-os/kao.db` under the repository's top folder (the git
 * root when the folder is in a git checkout, else the folder itself). The store is local state, not
 * source: the folder gets a .gitignore for the database files the first time the store is made.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

import { STORE_DIR } from '../os-paths.ts';

export { STORE_DIR };
export const STORE_FILE = `${STORE_DIR}/kao.db`;

/** Opens the repository's store; with `create: false`, returns null when there is none yet. */
async function openRepoStore(root: string, options: { create: boolean }): Promise<Store | null> {
  const file = join(root, STORE_FILE);
  if (!existsSync(file)) {
    if (!options.create) return null;
    try {
      mkdirSync(join(root, STORE_DIR), { recursive: true });
      const ignore = join(root, STORE_DIR, '.gitignore');
      if (!existsSync(ignore)) writeFileSync(ignore, '# kao\'s local store (approvals and the audit log); see `kao audit`\nkao.db\nkao.db-*\n');
    } catch (e) {
      throw new UsageError('store-unwritable', `cannot create ${STORE_DIR}/ in ${root}: ${(e as Error).message}`, 'Check the repository folder is writable and .agent-os is a folder.');
    }
  }
  return openSqliteStore(file, { display: STORE_FILE });
}

/** Opens the store for one piece of work and always closes it; null when there is none and `create` is false. */
export async function withRepoStore<T>(root: string, create: boolean, fn: (store: Store) => Promise<T>): Promise<T | null> {
  const store = await openRepoStore(root, { create });
  if (!store) return null;
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
