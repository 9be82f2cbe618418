/**
 * Which model a run talks to, the usual way and with no configuration file: the providers' own
 * environment variables — `OPENAI_API_KEY` (and `OPENAI_BASE_URL` for any OpenAI-compatible server such
 * as a local Ollama or vLLM), `ANTHROPIC_API_KEY` (and `ANTHROPIC_BASE_URL`) — and `KAO_MODEL` for the
 * model of every role; `KAO_PROVIDER` picks one when both are configured. Choosing is pure; building
 * the model is the OpenAI Agents SDK's provider for OpenAI, and its AI SDK adapter (`aisdk()` around
 * `@ai-sdk/anthropic`) for Anthropic.
 */
import { OpenAIProvider } from '@openai/agents';
import type { Model } from '@openai/agents';
import { UsageError } from '../errors.ts';

export interface ProviderChoice {
  provider: 'openai' | 'openai-compatible' | 'anthropic';
  model: string;
  baseURL?: string;
  /** OpenAI's Responses API or Chat Completions (what OpenAI-compatible servers speak), or Anthropic's Messages API. */
  api: 'responses' | 'chat' | 'messages';
}

/** Each provider's model when nothing names one. */
const DEFAULT_OPENAI_MODEL = 'gpt-4.1';
const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-4-5';

const PROVIDERS = ['openai', 'anthropic'] as const;

/** `fileDefault`: the models file's `default`, which names the model when KAO_MODEL does not. */
export function providerFromEnv(env: NodeJS.ProcessEnv, fileDefault?: string): ProviderChoice {
  const model = env.KAO_MODEL?.trim() || fileDefault;
  const openaiURL = env.OPENAI_BASE_URL?.trim() || undefined;
  const anthropicURL = env.ANTHROPIC_BASE_URL?.trim() || undefined;
  const openai = Boolean(env.OPENAI_API_KEY || openaiURL);
  const anthropic = Boolean(env.ANTHROPIC_API_KEY || anthropicURL);
  const asked = env.KAO_PROVIDER?.trim().toLowerCase() || undefined;
  if (asked !== undefined && !(PROVIDERS as readonly string[]).includes(asked)) {
    throw new UsageError('bad-provider', `KAO_PROVIDER=${env.KAO_PROVIDER} is not a provider kao knows`, `Set KAO_PROVIDER to ${PROVIDERS.join(' or ')}.`);
  }
  const use = asked ?? (openai ? 'openai' : anthropic ? 'anthropic' : undefined);
  if (use === 'anthropic') {
    if (!anthropic) throw new UsageError('no-provider', 'KAO_PROVIDER=anthropic, but ANTHROPIC_API_KEY is not set', 'Set ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL for a proxy or gateway).');
    return { provider: 'anthropic', model: model ?? DEFAULT_ANTHROPIC_MODEL, api: 'messages', ...(anthropicURL ? { baseURL: anthropicURL } : {}) };
  }
  if (use === 'openai') {
    if (!openai) throw new UsageError('no-provider', 'KAO_PROVIDER=openai, but neither OPENAI_API_KEY nor OPENAI_BASE_URL is set', 'Set OPENAI_API_KEY, or OPENAI_BASE_URL and KAO_MODEL for an OpenAI-compatible server.');
    const api = env.KAO_OPENAI_API === 'responses' || env.KAO_OPENAI_API === 'chat' ? env.KAO_OPENAI_API : undefined;
    if (openaiURL) {
      if (!model) throw new UsageError('no-model', `OPENAI_BASE_URL is set (${openaiURL}) but no model is named`, 'Set KAO_MODEL to a model the server has, e.g. KAO_MODEL=qwen2.5-coder for a local Ollama (or `default:` in .github/agent-os/models.yaml).');
      return { provider: 'openai-compatible', model, baseURL: openaiURL, api: api ?? 'chat' };
    }
    return { provider: 'openai', model: model ?? DEFAULT_OPENAI_MODEL, api: api ?? 'responses' };
  }
  throw new UsageError('no-provider', 'no model provider is configured', 'Set OPENAI_API_KEY (OpenAI) or ANTHROPIC_API_KEY (Anthropic), or OPENAI_BASE_URL and KAO_MODEL for an OpenAI-compatible server such as a local Ollama (OPENAI_BASE_URL=http://127.0.0.1:11434/v1).');
}

/** How long one model request may take before it is given up (then retried, twice), in seconds. */
const DEFAULT_TIMEOUT_S = 300;

/** `KAO_MODEL_TIMEOUT` (seconds) or the default, in milliseconds. */
export function requestTimeoutMs(env: NodeJS.ProcessEnv): number {
  const raw = env.KAO_MODEL_TIMEOUT?.trim();
  if (!raw) return DEFAULT_TIMEOUT_S * 1000;
  const s = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || s <= 0) throw new UsageError('bad-timeout', `KAO_MODEL_TIMEOUT=${raw} is not a number of seconds`, `Set it to e.g. ${DEFAULT_TIMEOUT_S}, or unset it.`);
  return s * 1000;
}

export async function modelFor(choice: ProviderChoice, env: NodeJS.ProcessEnv): Promise<Model> {
  const timeout = requestTimeoutMs(env);
  if (choice.provider === 'anthropic') {
    const [{ aisdk }, { createAnthropic }] = await Promise.all([import('@openai/agents-extensions/ai-sdk'), import('@ai-sdk/anthropic')]);
    // Anthropic's own clients take the base URL without `/v1` (as ANTHROPIC_BASE_URL is usually set); the AI SDK wants it with.
    const baseURL = choice.baseURL ? `${choice.baseURL.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1` : undefined;
    // The AI SDK's providers take a fetch; the time limit rides on it.
    const timed: typeof fetch = (url, init) => fetch(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeout)]) : AbortSignal.timeout(timeout) });
    return aisdk(createAnthropic({ apiKey: env.ANTHROPIC_API_KEY || 'none', fetch: timed, ...(baseURL ? { baseURL } : {}) })(choice.model));
  }
  const { default: OpenAI } = await import('openai');
  // A local server needs no key, but the client insists on one.
  const client = new OpenAI({ apiKey: env.OPENAI_API_KEY || 'none', timeout, maxRetries: 2, ...(choice.baseURL ? { baseURL: choice.baseURL } : {}) });
  return new OpenAIProvider({ openAIClient: client, useResponses: choice.api === 'responses' }).getModel(choice.model);
}

/** "openai-compatible qwen2.5-coder at http://127.0.0.1:11434/v1 (chat completions)", for the run's header. */
export function describeProvider(c: ProviderChoice): string {
  const api = c.api === 'chat' ? 'chat completions' : c.api;
  return `${c.provider} ${c.model}${c.baseURL ? ` at ${c.baseURL}` : ''} (${api})`;
}
