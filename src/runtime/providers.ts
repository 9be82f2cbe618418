/**
 * Which model a run talks to, the usual way and with no configuration file: OpenAI's environment
 * variables (`OPENAI_API_KEY`, and `OPENAI_BASE_URL` for any OpenAI-compatible server such as a local
 * Ollama or vLLM) and `KAO_MODEL` for the model of every role. Choosing is pure; building the model is
 * the OpenAI Agents SDK's provider. Anthropic is recognised and refused with a clear message until its
 * adapter is wired (issue 14).
 */
import { OpenAIProvider } from '@openai/agents';
import type { Model } from '@openai/agents';
import { UsageError } from '../errors.ts';

export interface ProviderChoice {
  provider: 'openai' | 'openai-compatible';
  model: string;
  baseURL?: string;
  /** OpenAI's Responses API, or Chat Completions (what OpenAI-compatible servers speak). */
  api: 'responses' | 'chat';
}

/** OpenAI's own default when nothing names a model. */
const DEFAULT_OPENAI_MODEL = 'gpt-4.1';

/** `fileDefault`: the models file's `default`, which names the model when KAO_MODEL does not. */
export function providerFromEnv(env: NodeJS.ProcessEnv, fileDefault?: string): ProviderChoice {
  const model = env.KAO_MODEL?.trim() || fileDefault;
  const baseURL = env.OPENAI_BASE_URL?.trim() || undefined;
  const api = env.KAO_OPENAI_API === 'responses' || env.KAO_OPENAI_API === 'chat' ? env.KAO_OPENAI_API : undefined;
  if (env.OPENAI_API_KEY || baseURL) {
    if (baseURL) {
      if (!model) throw new UsageError('no-model', `OPENAI_BASE_URL is set (${baseURL}) but no model is named`, 'Set KAO_MODEL to a model the server has, e.g. KAO_MODEL=qwen2.5-coder for a local Ollama (or `default:` in .github/agent-os/models.yaml).');
      return { provider: 'openai-compatible', model, baseURL, api: api ?? 'chat' };
    }
    return { provider: 'openai', model: model ?? DEFAULT_OPENAI_MODEL, api: api ?? 'responses' };
  }
  if (env.ANTHROPIC_API_KEY) {
    throw new UsageError('provider-unavailable', 'ANTHROPIC_API_KEY is set, but this version of kao runs agents on OpenAI and OpenAI-compatible servers only', 'Set OPENAI_API_KEY (or OPENAI_BASE_URL and KAO_MODEL for a local server); Anthropic support is planned.');
  }
  throw new UsageError('no-provider', 'no model provider is configured', 'Set OPENAI_API_KEY (OpenAI), or OPENAI_BASE_URL and KAO_MODEL for an OpenAI-compatible server such as a local Ollama (OPENAI_BASE_URL=http://127.0.0.1:11434/v1).');
}

export async function modelFor(choice: ProviderChoice, env: NodeJS.ProcessEnv): Promise<Model> {
  // A local server needs no key, but the client insists on one.
  const provider = new OpenAIProvider({ apiKey: env.OPENAI_API_KEY || 'none', useResponses: choice.api === 'responses', ...(choice.baseURL ? { baseURL: choice.baseURL } : {}) });
  return provider.getModel(choice.model);
}

/** "openai-compatible qwen2.5-coder at http://127.0.0.1:11434/v1 (chat completions)", for the run's header. */
export function describeProvider(c: ProviderChoice): string {
  return `${c.provider} ${c.model}${c.baseURL ? ` at ${c.baseURL}` : ''} (${c.api === 'chat' ? 'chat completions' : 'responses'})`;
}
