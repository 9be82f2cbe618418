/**
 * One model call for `kao check --review`: the review's instructions and input to the model the
 * environment configures (the same providers as `kao run`), the answer read as `ReviewAnswerSchema`
 * (a structured output where the provider supports one). No tools: the model reads, it acts on
 * nothing. The I/O edge of the review.
 */
import { Agent, Runner } from '@openai/agents';
import { UsageError } from '../errors.ts';
import { type ProviderChoice, modelFor } from '../runtime/providers.ts';
import { REVIEW_INSTRUCTIONS } from './review-input.ts';
import { type ReviewAnswer, ReviewAnswerSchema } from './review-answer.ts';

export async function askModel(choice: ProviderChoice, env: NodeJS.ProcessEnv, input: string): Promise<ReviewAnswer> {
  const agent = new Agent({ name: 'gate-review', instructions: REVIEW_INSTRUCTIONS, outputType: ReviewAnswerSchema, model: await modelFor(choice, env) });
  let result;
  try {
    result = await new Runner({ tracingDisabled: true, workflowName: 'kao check --review' }).run(agent, input, { maxTurns: 1 });
  } catch (e) {
    throw new UsageError('review-failed', `the model review failed: ${(e as Error).message}`, 'Check the provider settings (OPENAI_API_KEY or OPENAI_BASE_URL and KAO_MODEL, or ANTHROPIC_API_KEY), or run kao check without --review.');
  }
  const parsed = ReviewAnswerSchema.safeParse(result.finalOutput);
  if (!parsed.success) throw new UsageError('review-failed', 'the model\'s review is not a list of gates with their lines', 'Try a model that supports structured output, or run kao check without --review.');
  return parsed.data;
}
