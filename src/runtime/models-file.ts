/**
 * `.github/agent-os/models.yaml`: which model each role talks to, when not the one `KAO_MODEL` names
 * for all. A role is mapped by its id (`roles`), else by its role file's own `model:` value
 * (`aliases`: a client's model name such as "Claude Sonnet 4" to the provider's), else the file's
 * `default`. The provider itself comes from the environment (providers.ts). Reading is the edge;
 * choosing is pure.
 */
import * as z from 'zod/mini';
import { readYamlConfig } from '../config-file.ts';
import type { EffectiveRole } from '../playbook/load.ts';

export const MODELS_PATH = '.github/agent-os/models.yaml';

const name = z.string().check(z.trim(), z.minLength(1, 'a model name must not be empty'));
const perMillion = z.number().check(z.nonnegative('a price is 0 or more US dollars per million tokens'));
const ModelsFileSchema = z.strictObject({
  default: z.optional(name),
  roles: z.optional(z.record(z.string(), name)),
  aliases: z.optional(z.record(z.string(), name)),
  /** US dollars per million tokens, by the provider's model name: what `kao run` counts as cost. */
  prices: z.optional(z.record(z.string(), z.strictObject({ input: perMillion, output: perMillion }))),
});
export type ModelsFile = z.infer<typeof ModelsFileSchema>;

const HINT = 'Write e.g. `default: gpt-4.1-mini`, `roles: {backend-implementer: qwen2.5-coder}`, `aliases: {"Claude Sonnet 4": claude-sonnet-4}`, `prices: {gpt-4.1: {input: 2, output: 8}}` (see README "Run the team").';

export function readModelsFile(root: string): ModelsFile | null {
  return readYamlConfig(root, { path: MODELS_PATH, code: 'bad-models-file', hint: HINT }, ModelsFileSchema);
}

/** The model for a role by the file, or undefined when the file says nothing about it. */
export function modelFromFile(file: ModelsFile | null, role: EffectiveRole): string | undefined {
  if (!file) return undefined;
  const own = role.spec.model === null ? [] : [role.spec.model].flat();
  return file.roles?.[role.spec.id] ?? own.map((m) => file.aliases?.[m]).find((m) => m !== undefined) ?? file.default;
}
