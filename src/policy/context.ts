/** Builds a role's policy context from a loaded playbook. */
import { UsageError } from '../errors.ts';
import { MODEL_PATH } from '../playbook/builtin.ts';
import { compileChangeSignals, lineSignalIn } from '../playbook/change-signals.ts';
import { declaresStruct, modelStructIn } from '../playbook/gorm-models.ts';
import type { Playbook } from '../playbook/load.ts';
import type { PolicyContext } from './decide.ts';
import { DEFAULT_ALLOWED_HOSTS } from './egress.ts';
import type { FsView } from './fs-view.ts';
import type { RealPath } from './paths.ts';
import { secretMatcher } from './secrets.ts';

/**
 * Where a file defines the database schema in code (an ORM model): by the model's schema line signals,
 * or, for Go, by declaring a struct the repository hands to GORM's AutoMigrate (tagged or not).
 */
function schemaInCode(playbook: Playbook, view: FsView & Required<Pick<FsView, 'readText'>>): (relative: string) => string | null {
  const signals = compileChangeSignals(playbook.model);
  return (relative) => {
    const text = view.readText(relative);
    if (text === null) return null;
    const signalled = lineSignalIn(signals, 'schema', relative, text);
    if (signalled || !view.autoMigrated || !relative.endsWith('.go') || relative.endsWith('_test.go') || !declaresStruct(text)) return signalled;
    const model = modelStructIn(text, view.autoMigrated());
    return model ? `line ${model.line}: ${model.name}, a struct handed to GORM's AutoMigrate` : null;
  };
}

/** `fs` is the file-system view (workspaceFs), or just the symbolic-link resolver. */
export function policyContext(
  playbook: Playbook, roleId: string, lane: string, fs: RealPath | FsView,
  answers?: Pick<PolicyContext, 'approved' | 'denied'>,
): PolicyContext {
  const view: FsView = typeof fs === 'function' ? { realpath: fs } : fs;
  const settings = playbook.model.policy;
  const role = playbook.roles.get(roleId);
  if (!role) {
    throw new UsageError('no-such-role', `no role \`${roleId}\` in this playbook`, `Known roles: ${[...playbook.roles.keys()].sort().join(', ')}.`);
  }
  const lanes: string[] = playbook.model.lanes.map((l) => l.id);
  if (!lanes.includes(lane)) throw new UsageError('no-such-lane', `unknown lane \`${lane}\``, `Lanes: ${lanes.join(', ')}.`);
  const roles = new Map<string, { infer: boolean; human: boolean }>();
  for (const [id, r] of playbook.roles) roles.set(id, { infer: r.spec.infer, human: false });
  for (const r of playbook.model.roles) if (r.kind === 'human') roles.set(r.id, { infer: false, human: true });
  return {
    // A built-in role's rules are cited as such: the repository has no such file.
    role: role.origin === 'builtin' ? { ...role.spec, file: `kao:builtin/${role.spec.file}` } : role.spec,
    roleKind: playbook.model.roles.find((r) => r.id === roleId)?.kind ?? null,
    lane,
    workspace: playbook.root,
    realpath: view.realpath,
    ...(view.expandGlob ? { expandGlob: view.expandGlob } : {}),
    ...(view.hardLinkOf ? { hardLinkOf: view.hardLinkOf } : {}),
    isSecret: secretMatcher(settings?.secrets),
    allowedHosts: [...DEFAULT_ALLOWED_HOSTS, ...(settings?.hosts ?? [])],
    projectCommands: (settings?.commands ?? []).map((c) => c.trim().split(/\s+/)),
    planningWritable: playbook.model.planningWritable,
    schemaPaths: playbook.model.routing?.changeSignals?.filter((c) => c.trigger === 'schema').flatMap((c) => c.paths ?? []) ?? [],
    ...(view.readText ? { schemaInCode: schemaInCode(playbook, { ...view, readText: view.readText }) } : {}),
    roles,
    modelFile: playbook.modelOrigin === 'repo' ? MODEL_PATH : `kao:builtin/${MODEL_PATH}`,
    ...(answers?.approved ? { approved: answers.approved } : {}),
    ...(answers?.denied ? { denied: answers.denied } : {}),
  };
}
