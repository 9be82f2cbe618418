/**
 * Which nouns name a tenant in a repository that does not say so in its operating model: the
 * tenant-like nouns its schema points at from several tables. A `family_id` on three tables makes
 * the family the tenant of a household-finance app, as `project` is in a monitoring service and
 * `workspace` in most SaaS products. Pure: the caller reads the schema files.
 */
import type { OperatingModel } from '../playbook/operating-model.ts';

/** Nouns that name who owns data in multi-tenant products; any other noun is never taken for one. */
const TENANT_NOUNS = new Set(['workspace', 'business', 'tenant', 'organization', 'organisation', 'org', 'team', 'company', 'family', 'household', 'project']);

/** Where schemas are written, in the stacks kao reads (git pathspec globs: no braces). */
export const SCHEMA_FILES = [
  '**/db/schema.rb', '**/*.prisma', '**/models.py', '**/models/**/*.py',
  '**/models/**/*.go', '**/model/**/*.go', '**/migrations/**/*.sql', '**/db/schema.ts', '**/db/schema.js', '**/db/schema/**/*.ts',
  '**/database/migrations/**/*.php',
];

/** A foreign key in one stack's schema language, with the noun it points at in group 1. */
const FOREIGN_KEYS: RegExp[] = [
  /\bt\.(?:references|belongs_to)\s+[:"']([a-z]\w*)/, // Rails: t.references :family
  /\bt\.\w+\s+[:"']([a-z]\w*?)_id\b/, // Rails: t.uuid "family_id"
  /^\s*([a-z]\w*?)Id\s+(?:String|Int|BigInt)\b/, // Prisma: projectId String
  /\bmodels\.ForeignKey\(\s*["']?(?:\w+\.)?([A-Z]\w*)/, // Django: models.ForeignKey(Project, …)
  /\bForeignKey\(\s*["']([a-z]\w*?)s?\.id["']/, // SQLAlchemy: ForeignKey("projects.id")
  /^\s*([A-Z]\w*?)ID\s+\*?(?:u?int\d*|string|uuid\.UUID)\b/, // GORM: WorkspaceID uint
  /\b([a-z]\w*?)_id\b[^,]*\breferences\b/i, // SQL: workspace_id uuid REFERENCES workspaces
  /["']([a-z]\w*?)_id["']\s*\)/, // Drizzle: text("workspace_id")
  /\$table->\w+\(\s*["']([a-z]\w*?)_id["']/, // Laravel: $table->foreignId('team_id')
];

/** How many foreign keys must point at a noun before it is taken for the tenant. */
const MIN_REFERENCES = 3;

/** Tenant nouns pointed at by foreign keys in these schema lines, most referenced first. */
export function inferTenantLevels(schemaLines: Iterable<string>): string[] {
  const counts = new Map<string, number>();
  for (const line of schemaLines) {
    for (const re of FOREIGN_KEYS) {
      const noun = re.exec(line)?.[1]?.toLowerCase();
      if (noun && TENANT_NOUNS.has(noun)) {
        counts.set(noun, (counts.get(noun) ?? 0) + 1);
        break;
      }
    }
  }
  return [...counts].filter(([, n]) => n >= MIN_REFERENCES).sort((a, b) => b[1] - a[1]).map(([noun]) => noun);
}

/** Whether any of these lines names a tenant noun at all (so the schema need not be read otherwise). */
export function mentionsTenantNoun(lines: Iterable<string>): boolean {
  const re = new RegExp(`\\b(?:${[...TENANT_NOUNS].join('|')})(?:_?ids?)?\\b`, 'i');
  for (const l of lines) if (re.test(l)) return true;
  return false;
}

/** The model with these levels added to the ones it declares (declared first). */
export function withTenantLevels(model: OperatingModel, levels: readonly string[]): OperatingModel {
  const declared = model.constraints?.tenantModel?.levels ?? [];
  const added = levels.filter((l) => !declared.includes(l));
  if (added.length === 0) return model;
  const tenantModel = { levels: [...declared, ...added], pathParameters: model.constraints?.tenantModel?.pathParameters ?? [] };
  return { ...model, constraints: { ...model.constraints, tenantModel } };
}
