// Providers (issue 14): which model a run uses comes from the ecosystem's own environment variables,
// and the real provider code paths run against a local HTTP server that speaks the providers' wire
// formats (OpenAI's Chat Completions, as Ollama and vLLM do, and Responses API; Anthropic's Messages)
// with scripted replies: no network, no key.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { Agent, run, setTracingDisabled, tool } from '@openai/agents';
import * as z from 'zod';
import { describeProvider, modelFor, providerFromEnv } from '../src/runtime/providers.ts';
import { UsageError } from '../src/errors.ts';

setTracingDisabled(true);

test('the provider and model come from OPENAI_API_KEY, OPENAI_BASE_URL and KAO_MODEL; nothing configured is a clear error', () => {
  assert.deepEqual(providerFromEnv({ OPENAI_API_KEY: 'sk-x' }), { provider: 'openai', model: 'gpt-4.1', api: 'responses' });
  assert.deepEqual(providerFromEnv({ OPENAI_API_KEY: 'sk-x', KAO_MODEL: 'gpt-4.1-mini' }).model, 'gpt-4.1-mini');
  const local = providerFromEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', KAO_MODEL: 'qwen2.5-coder' });
  assert.deepEqual(local, { provider: 'openai-compatible', model: 'qwen2.5-coder', baseURL: 'http://127.0.0.1:11434/v1', api: 'chat' });
  assert.equal(describeProvider(local), 'openai-compatible qwen2.5-coder at http://127.0.0.1:11434/v1 (chat completions)');
  const refused = (env: NodeJS.ProcessEnv, message: RegExp) => assert.throws(() => providerFromEnv(env), (e: unknown) => e instanceof UsageError && message.test(e.message + (e.hint ?? '')));
  refused({}, /no model provider is configured.*OPENAI_API_KEY/s);
  refused({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }, /no model is named.*KAO_MODEL/s);
  // Anthropic's variables, as its own clients read them; KAO_PROVIDER picks when both are set.
  assert.deepEqual(providerFromEnv({ ANTHROPIC_API_KEY: 'sk-ant' }), { provider: 'anthropic', model: 'claude-sonnet-4-5', api: 'messages' });
  assert.deepEqual(providerFromEnv({ ANTHROPIC_API_KEY: 'sk-ant', ANTHROPIC_BASE_URL: 'http://127.0.0.1:8080', KAO_MODEL: 'claude-opus-4-1' }), { provider: 'anthropic', model: 'claude-opus-4-1', api: 'messages', baseURL: 'http://127.0.0.1:8080' });
  assert.equal(providerFromEnv({ ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'o' }).provider, 'openai');
  assert.equal(providerFromEnv({ ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'o', KAO_PROVIDER: 'anthropic' }).provider, 'anthropic');
  refused({ OPENAI_API_KEY: 'o', KAO_PROVIDER: 'anthropic' }, /ANTHROPIC_API_KEY is not set/);
  refused({ OPENAI_API_KEY: 'o', KAO_PROVIDER: 'gemini' }, /not a provider kao knows.*openai or anthropic/s);
});

/** A local server answering each POST with the next scripted body, recording what it was sent. */
async function scriptedServer(path: string, replies: unknown[]) {
  const requests: { url: string; auth: string | undefined; headers: IncomingMessage['headers']; body: any }[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    requests.push({ url: req.url ?? '', auth: req.headers.authorization, headers: req.headers, body: JSON.parse(raw || '{}') });
    const reply = replies.shift();
    if (req.url !== path || reply === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `unexpected ${req.url}` } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return { url, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const echo = tool({ name: 'read', description: 'Read a file', parameters: z.object({ path: z.string() }), execute: async ({ path }) => `contents of ${path}` });

test('an OpenAI-compatible server (Chat Completions, as a local Ollama speaks it) runs the agent loop: a tool call, its result, the answer', async () => {
  const usage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 };
  const server = await scriptedServer('/v1/chat/completions', [
    { id: 'c1', object: 'chat.completion', created: 1, model: 'qwen2.5-coder', usage, choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read', arguments: '{"path":"go.mod"}' } }] } }] },
    { id: 'c2', object: 'chat.completion', created: 2, model: 'qwen2.5-coder', usage, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'The module is example.com/shop.' } }] },
  ]);
  try {
    const choice = providerFromEnv({ OPENAI_BASE_URL: server.url, KAO_MODEL: 'qwen2.5-coder' });
    const agent = new Agent({ name: 'backend-implementer', instructions: 'Answer from the files.', tools: [echo], model: await modelFor(choice, {}) });
    const result = await run(agent, 'Which module is this?');
    assert.equal(result.finalOutput, 'The module is example.com/shop.');
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0]!.body.model, 'qwen2.5-coder');
    assert.deepEqual(server.requests[0]!.body.tools.map((t: any) => t.function.name), ['read']);
    const toolResult = server.requests[1]!.body.messages.find((m: any) => m.role === 'tool');
    assert.equal(toolResult.content, 'contents of go.mod');
    assert.equal(result.state.usage.totalTokens, 34);
  } finally {
    await server.close();
  }
});

test('OpenAI\'s Responses API runs the same loop, with the key sent as a bearer token', async () => {
  const usage = { input_tokens: 10, output_tokens: 4, total_tokens: 14, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } };
  const server = await scriptedServer('/v1/responses', [
    { id: 'resp_1', object: 'response', created_at: 1, model: 'gpt-4.1', status: 'completed', usage, output: [{ type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'read', arguments: '{"path":"README.md"}', status: 'completed' }] },
    { id: 'resp_2', object: 'response', created_at: 2, model: 'gpt-4.1', status: 'completed', usage, output: [{ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'It is a shop.', annotations: [] }] }] },
  ]);
  try {
    const choice = { ...providerFromEnv({ OPENAI_API_KEY: 'sk-test' }), baseURL: server.url };
    const agent = new Agent({ name: 'backend-implementer', instructions: 'Answer from the files.', tools: [echo], model: await modelFor(choice, { OPENAI_API_KEY: 'sk-test' }) });
    const result = await run(agent, 'What is this?');
    assert.equal(result.finalOutput, 'It is a shop.');
    assert.equal(server.requests[0]!.auth, 'Bearer sk-test');
    assert.equal(server.requests[0]!.body.model, 'gpt-4.1');
    const output = server.requests[1]!.body.input.find((i: any) => i.type === 'function_call_output');
    assert.equal(output.output, 'contents of README.md');
  } finally {
    await server.close();
  }
});

test('Anthropic\'s Messages API runs the same loop through the SDK\'s AI SDK adapter: the key in x-api-key, tools as input_schema, the tool result back as tool_result', async () => {
  const usage = { input_tokens: 11, output_tokens: 6 };
  const server = await scriptedServer('/v1/messages', [
    { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', stop_reason: 'tool_use', stop_sequence: null, usage, content: [{ type: 'tool_use', id: 'toolu_1', name: 'read', input: { path: 'go.mod' } }] },
    { id: 'msg_2', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', stop_reason: 'end_turn', stop_sequence: null, usage, content: [{ type: 'text', text: 'The module is example.com/shop.' }] },
  ]);
  try {
    // As ANTHROPIC_BASE_URL is usually written: the host, without /v1.
    const env = { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: server.url.replace(/\/v1$/, '') };
    const choice = providerFromEnv(env);
    assert.equal(describeProvider(choice), `anthropic claude-sonnet-4-5 at ${env.ANTHROPIC_BASE_URL} (messages)`);
    const agent = new Agent({ name: 'backend-implementer', instructions: 'Answer from the files.', tools: [echo], model: await modelFor(choice, env) });
    const result = await run(agent, 'Which module is this?');
    assert.equal(result.finalOutput, 'The module is example.com/shop.');
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0]!.headers['x-api-key'], 'sk-ant-test');
    assert.equal(server.requests[0]!.body.model, 'claude-sonnet-4-5');
    assert.equal(server.requests[0]!.body.system?.[0]?.text ?? server.requests[0]!.body.system, 'Answer from the files.');
    assert.deepEqual(server.requests[0]!.body.tools.map((t: any) => [t.name, t.input_schema.required]), [['read', ['path']]]);
    const toolResult = server.requests[1]!.body.messages.flatMap((m: any) => (Array.isArray(m.content) ? m.content : [])).find((c: any) => c.type === 'tool_result');
    assert.equal(toolResult.tool_use_id, 'toolu_1');
    assert.match(JSON.stringify(toolResult.content), /contents of go\.mod/);
    assert.equal(result.state.usage.totalTokens, 34);
  } finally {
    await server.close();
  }
});
