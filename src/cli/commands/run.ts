/**
 * `kao run "TASK"` runs the team on a task with live agents; `kao run --resume ID` continues a paused
 * run once the PO has answered (or a limit was raised); `kao runs` lists the runs and `kao run show ID`
 * reads one back as a timeline. The provider comes from the environment (providers.ts), the model
 * per role from KAO_MODEL and `.github/agent-os/models.yaml`.
 */
import { UsageError } from '../../errors.ts';
import { repositoryRoot } from '../../git/git.ts';
import { assertUsable, loadPlaybook } from '../../playbook/load.ts';
import type { RoleModel } from '../../runtime/metered-model.ts';
import { modelFromFile, readModelsFile } from '../../runtime/models-file.ts';
import { describeProvider, modelFor, providerFromEnv } from '../../runtime/providers.ts';
import { DEFAULT_LIMITS, resumeRun, startRun, usd, type RunEvent, type RunLimits } from '../../runtime/run-team.ts';
import { withRepoStore } from '../../store/repo.ts';
import { colorEnabled } from '../output/color.ts';
import { terminalProgress } from '../output/progress.ts';
import { eventLines, runsTable, runTimeline } from '../output/run-view.ts';
import type { Playbook } from '../../playbook/load.ts';

export interface RunOptions {
  resume?: string;
  overrideStop: boolean;
  id?: string;
  json: boolean;
  dir: string;
  /** Limits given on the command line; the rest are the defaults. */
  limits: Partial<RunLimits>;
}

/** Exit status: 0 finished, 1 paused (waiting for the PO or a limit) or failed, 2 usage error. */
export async function runRun(task: string | undefined, opts: RunOptions): Promise<number> {
  if ((task === undefined) === (opts.resume === undefined)) {
    throw new UsageError('no-task', task === undefined ? 'no task given' : 'give a task or --resume ID, not both', 'Start a run with `kao run "Add …"`, or continue one with `kao run --resume ID` (`kao runs` lists them).');
  }
  if (opts.overrideStop && opts.resume === undefined) throw new UsageError('bad-option', 'run: --override-stop goes with --resume ID', 'It lets a paused run go past the stop condition it paused on.');
  const root = repositoryRoot(opts.dir);
  const playbook = await loadPlaybook(root);
  assertUsable(playbook);
  const models = await roleModels(playbook, process.env);
  const color = colorEnabled();
  const progress = opts.json ? null : terminalProgress();
  const onEvent = (e: RunEvent) => {
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(e)}\n`);
      return;
    }
    if (e.type === 'model-call') {
      progress?.step(`${e.role} (${e.model}): ${e.usage.inputTokens + e.usage.outputTokens} tokens so far${e.usage.costUsd === undefined ? '' : `, ${usd(e.usage.costUsd)}`}`);
      return;
    }
    progress?.done();
    const text = eventLines(e, color);
    if (text) process.stdout.write(`${text}\n`);
  };
  const outcome = await withRepoStore(root, true, (store) => {
    const run = { playbook, store, models, limits: { ...DEFAULT_LIMITS, ...opts.limits }, onEvent, overrideStop: opts.overrideStop };
    return opts.resume !== undefined ? resumeRun(run, opts.resume) : startRun(run, task!, opts.id);
  });
  progress?.done();
  return outcome!.status === 'finished' ? 0 : 1;
}

/** Each role's model: by the models file, else KAO_MODEL, on the provider the environment names. */
async function roleModels(playbook: Playbook, env: NodeJS.ProcessEnv): Promise<(role: string) => RoleModel> {
  const file = readModelsFile(playbook.root);
  const choice = providerFromEnv(env, file?.default);
  const built = new Map<string, RoleModel>();
  const byRole = new Map<string, RoleModel>();
  for (const [id, role] of playbook.roles) {
    const name = modelFromFile(file, role) ?? choice.model;
    if (!built.has(name)) {
      const c = { ...choice, model: name };
      const price = file?.prices?.[name];
      built.set(name, { model: await modelFor(c, env), provider: c.provider, name, label: describeProvider(c), ...(price ? { price } : {}) });
    }
    byRole.set(id, built.get(name)!);
  }
  return (role) => byRole.get(role) ?? built.values().next().value!;
}

export async function runRuns(opts: { json: boolean; dir: string }): Promise<number> {
  const runs = (await withRepoStore(repositoryRoot(opts.dir), false, (store) => store.listRuns())) ?? [];
  process.stdout.write(opts.json ? `${JSON.stringify({ version: 1, runs }, null, 2)}\n` : runsTable(runs));
  return 0;
}

export async function runShow(id: string | undefined, opts: { json: boolean; dir: string }): Promise<number> {
  if (!id) throw new UsageError('no-run-id', 'run show: which run?', 'Give its id: `kao run show ID` (`kao runs` lists them).');
  const found = await withRepoStore(repositoryRoot(opts.dir), false, async (store) => {
    const run = await store.getRun(id);
    return run ? { run, entries: await store.readAudit({ runId: id }) } : null;
  });
  if (!found) throw new UsageError('no-such-run', `no run ${id} in this repository's store`, 'Run `kao runs` to see the runs and their ids.');
  const { sealed: _state, ...run } = found.run;
  process.stdout.write(opts.json ? `${JSON.stringify({ version: 1, run, entries: found.entries }, null, 2)}\n` : runTimeline(found.run, found.entries));
  return 0;
}
