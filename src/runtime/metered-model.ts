/**
 * A role's model, counted: every response's token usage is reported (for the audit log, the live view
 * and the run's budget) before the agent loop sees it. The model itself is the SDK's provider model.
 */
import type { Model, ModelRequest, ModelResponse } from '@openai/agents';

/** The model a role talks to: the provider's model, the provider and model names, and how a run shows them. */
export interface RoleModel {
  model: Model;
  provider: string;
  name: string;
  /** "openai gpt-4.1 (responses)". */
  label: string;
  /** US dollars per million tokens in and out, when the models file gives the model a price. */
  price?: { input: number; output: number };
}

export type RoleModels = (roleId: string) => RoleModel;

export interface ModelCall {
  inputTokens: number;
  outputTokens: number;
  /** When the call started and ended (ms since the epoch), for tracing. */
  startedAt: number;
  endedAt: number;
}

export function meteredModel(role: RoleModel, onCall: (call: ModelCall) => Promise<void>): Model {
  const inner = role.model;
  return {
    async getResponse(request: ModelRequest): Promise<ModelResponse> {
      const startedAt = Date.now();
      const response = await inner.getResponse(request);
      await onCall({ inputTokens: response.usage?.inputTokens ?? 0, outputTokens: response.usage?.outputTokens ?? 0, startedAt, endedAt: Date.now() });
      return response;
    },
    // kao runs without streaming; a streamed call is passed through as it is.
    getStreamedResponse: (request) => inner.getStreamedResponse(request),
  };
}
