/**
 * A paused run's state as the store keeps it: the SDK's serialised RunState, sealed with the version
 * of the playbook it ran under and the hash of the state text. Resuming opens the seal and fails
 * closed, with the reason, when the playbook changed since (the rules the run was decided under are
 * gone) or the state text is not the one sealed. The seal catches an edited state, not a rewritten
 * state and hash together: that needs the hash kept elsewhere too (the audit chain). Pure.
 */
import { UsageError } from '../errors.ts';
import { canonicalJson, sha256Hex } from '../store/canonical.ts';
import type { Playbook } from '../playbook/load.ts';
import type { SealedRun } from '../store/store.ts';

export const RUN_ENVELOPE_FORMAT = 1;

/** The playbook's content as one hash: the operating model and every role's compiled spec. */
export function playbookVersion(playbook: Pick<Playbook, 'model' | 'roles'>): string {
  const roles = [...playbook.roles].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, r]) => [id, r.origin, r.spec]);
  return sha256Hex(canonicalJson({ model: playbook.model, roles }));
}

export function sealRun(state: string, playbook: string): SealedRun {
  return { format: RUN_ENVELOPE_FORMAT, playbook, stateHash: sha256Hex(state), state };
}

/** The state text of a sealed run, or a refusal saying why it cannot be resumed. */
export function openRun(sealed: unknown, currentPlaybook: string): string {
  const s = sealed as Partial<SealedRun> | null;
  if (!s || typeof s !== 'object' || s.format !== RUN_ENVELOPE_FORMAT || typeof s.state !== 'string' || typeof s.stateHash !== 'string' || typeof s.playbook !== 'string') {
    throw new UsageError('run-state-unreadable', 'the saved run is not a run state this kao can read', 'Start the task again; the audit log keeps what the old run did.');
  }
  if (sha256Hex(s.state) !== s.stateHash) {
    throw new UsageError('run-state-tampered', 'the saved run state does not match its hash: it was changed after it was saved', 'Do not resume it; start the task again, and check `kao audit verify`.');
  }
  if (s.playbook !== currentPlaybook) {
    throw new UsageError('run-playbook-changed', 'the playbook changed since this run paused, so the rules it was decided under no longer hold', 'Start the task again under the current playbook (or restore the playbook the run was started with).');
  }
  return s.state;
}
