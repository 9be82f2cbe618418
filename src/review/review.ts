/**
 * `kao check --review`: after the rules, a model reads the change and names the gates it needs that
 * the rules missed (an auth flow changed through a boolean, a tenant filter moved into a helper, a
 * report's number computed another way). The provider is the one `kao run` uses. Its answer only
 * adds gates, each at lines the diff changes (review-answer.ts).
 */
import type { ChangedFile } from '../check/diff.ts';
import type { Commit } from '../check/commits.ts';
import type { OperatingModel } from '../playbook/operating-model.ts';
import { secretMatcher } from '../policy/secrets.ts';
import { readModelsFile } from '../runtime/models-file.ts';
import { describeProvider, providerFromEnv } from '../runtime/providers.ts';
import { askModel } from './ask-model.ts';
import { acceptReview } from './review-answer.ts';
import { reviewInput } from './review-input.ts';

export interface Reviewer {
  /** The provider and model, as `kao run` names them. */
  describe: string;
  /** Evidence by trigger for the gates the model adds to `raised`. */
  review(files: readonly ChangedFile[], model: OperatingModel, raised: readonly string[], commits: readonly Commit[]): Promise<Map<string, string[]>>;
}

/** The model the environment (and `.github/agent-os/models.yaml`'s default) configures; none is a usage error. */
export function reviewerFor(root: string, env: NodeJS.ProcessEnv): Reviewer {
  const choice = providerFromEnv(env, readModelsFile(root)?.default);
  return {
    describe: describeProvider(choice),
    review: async (files, model, raised, commits) => acceptReview(await askModel(choice, env, inputFor(files, model, raised, commits)), files, model),
  };
}

/** What the model is sent for this change: the playbook's gates, and its secret list kept out. */
export function inputFor(files: readonly ChangedFile[], model: OperatingModel, raised: readonly string[], commits: readonly Commit[]): string {
  const gates = model.decisions.map((d) => ({ id: d.id, description: d.description }));
  return reviewInput(files, gates, raised, commits, { isSecret: secretMatcher(model.policy?.secrets) });
}
