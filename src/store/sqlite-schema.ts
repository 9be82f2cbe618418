/**
 * The SQLite store's schema as an ordered list of migrations. A database records the migrations
 * applied to it in `schema_migrations`; opening one applies the missing ones in a single
 * transaction (with an audit entry), so a crash mid-upgrade leaves the old schema, never half of
 * the new one. Migrations are append-only: a released one is never edited, a change is a new one.
 */
import type { DatabaseSync } from 'node:sqlite';
import { UsageError } from '../errors.ts';

/** `PRAGMA application_id` of a kao store ("KAO" + 1), so a foreign SQLite file is recognised. */
const APPLICATION_ID = 0x4b414f01;

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, approval requests and the hash-chained audit log',
    sql: `
      PRAGMA application_id = ${APPLICATION_ID};
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE approval_requests (
        id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id),
        role TEXT NOT NULL,
        decision TEXT NOT NULL,
        action TEXT NOT NULL,         -- canonical JSON of the proposed action
        action_hash TEXT NOT NULL,    -- sha256 of that text
        packet TEXT NOT NULL,         -- the approval-needed packet (context, options, risks) as JSON
        requested_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied')),
        answered_by TEXT,
        answered_at TEXT,
        answer_text TEXT,             -- the note of an approval, the reason of a denial
        CHECK ((status = 'pending') = (answered_by IS NULL AND answered_at IS NULL)),
        CHECK (status <> 'denied' OR answer_text IS NOT NULL)
      ) STRICT;
      -- One open request per run, decision and exact action; after a denial the action may be asked again.
      CREATE UNIQUE INDEX approval_requests_open ON approval_requests (run_id, decision, action_hash) WHERE status <> 'denied';
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        type TEXT NOT NULL,           -- copies of the event's fields, for queries; verify checks them
        run_id TEXT,
        event TEXT NOT NULL,          -- canonical JSON of the event
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_by_run ON audit (run_id, seq);
      -- The last entry written. Appends continue from it, not from the last row, so a deleted tail
      -- leaves a gap that verify reports instead of being papered over by the next entry.
      CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      -- Append-only for kao itself; whoever drops these to tamper is still caught by the hash chain.
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  {
    version: 2,
    description: 'agent runs: status and the sealed state a paused run resumes from',
    sql: `
      CREATE TABLE agent_runs (
        run_id TEXT PRIMARY KEY REFERENCES runs (id),
        task TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'finished', 'failed')),
        sealed TEXT,                  -- the sealed run state (JSON) while the run can be resumed
        reason TEXT,
        usage TEXT,                   -- JSON: requests and tokens so far
        output TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX agent_runs_by_update ON agent_runs (updated_at);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

const BOOTSTRAP = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT`;

/** The schema version on disk: 0 for a new file; an error for a file that is not a kao store. */
function schemaVersion(db: DatabaseSync, display: string): number {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all().map((r) => r.name);
  const appId = Number(db.prepare('PRAGMA application_id').get()?.application_id ?? 0);
  if ((appId !== 0 && appId !== APPLICATION_ID) || (tables.length > 0 && !tables.includes('schema_migrations'))) {
    throw new UsageError('not-a-kao-store', `${display} is an SQLite database, but not a kao store`, 'Move it aside or point --dir at the repository whose store you mean.');
  }
  if (!tables.includes('schema_migrations')) return 0;
  return Number(db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get()?.v ?? 0);
}

/**
 * Brings the schema up to date. `record` appends the migration's audit entry inside the same
 * transaction. Checked first without a write lock, so opening an up-to-date store never waits.
 */
export function migrate(db: DatabaseSync, display: string, at: string, record: (from: number, to: number) => void): void {
  if (tooNew(schemaVersion(db, display), display) === SCHEMA_VERSION) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    // Another process may have migrated between the check and the lock: read the version again.
    const from = tooNew(schemaVersion(db, display), display);
    if (from < SCHEMA_VERSION) {
      db.exec(BOOTSTRAP);
      for (const m of MIGRATIONS.filter((x) => x.version > from)) {
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(m.version, m.description, at);
      }
      record(from, SCHEMA_VERSION);
    }
    db.exec('COMMIT');
  } catch (e) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

function tooNew(version: number, display: string): number {
  if (version > SCHEMA_VERSION) {
    throw new UsageError(
      'store-too-new',
      `${display} has schema version ${version}, newer than this kao understands (${SCHEMA_VERSION})`,
      'A newer kao wrote it: upgrade kao (npm install kyora-agent-os@latest) rather than replacing the store.',
    );
  }
  return version;
}
