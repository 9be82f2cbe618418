/**
 * Optional OpenTelemetry export of a run, with the GenAI semantic conventions: one `invoke_agent` span
 * per process working on the run, a `chat {model}` span per model call (provider, model, tokens) and an
 * `execute_tool {tool}` span per tool call (with kao's decision and rule). On when the standard
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (or `…_TRACES_ENDPOINT`) is set, sent as OTLP/HTTP by the OpenTelemetry
 * SDK's own exporter, which reads the other standard variables (headers, protocol) itself. Loaded only
 * then, so a run without it pays nothing.
 */
import type { Span, Tracer } from '@opentelemetry/api';
import type { Action } from '../policy/action.ts';
import type { Decision } from '../policy/decide.ts';
import { describeAction } from '../store/store.ts';

export interface RunTelemetry {
  modelCall(c: { role: string; provider: string; model: string; startedAt: number; endedAt: number; inputTokens: number; outputTokens: number }): void;
  /** A decided tool call; the span ends with its result, or now when it was not run. */
  toolDecided(role: string, action: Action, d: Decision): void;
  toolDone(role: string, action: Action, bytes: number): void;
  /** Ends the run's span with the status it reached and sends everything. */
  finish(status: string, reason?: string): Promise<void>;
}

/** Provider names as the conventions spell them (`gen_ai.provider.name`). */
const PROVIDER_NAME: Record<string, string> = { openai: 'openai', 'openai-compatible': 'openai', anthropic: 'anthropic' };

export async function runTelemetry(env: NodeJS.ProcessEnv, runId: string, orchestrator: string): Promise<RunTelemetry | null> {
  if (!(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) || env.OTEL_SDK_DISABLED === 'true') return null;
  const [api, { TracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/api'), import('@opentelemetry/sdk-trace'), import('@opentelemetry/exporter-trace-otlp-http'), import('@opentelemetry/resources'),
  ]);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || 'kao' }),
    // The URL as the specification builds it from the two variables; headers and the rest the exporter reads itself.
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || `${env.OTEL_EXPORTER_OTLP_ENDPOINT!.replace(/\/+$/, '')}/v1/traces` }) })],
  });
  const tracer: Tracer = provider.getTracer('kao');
  const root = tracer.startSpan(`invoke_agent ${orchestrator}`, {
    kind: api.SpanKind.INTERNAL,
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': orchestrator, 'gen_ai.conversation.id': runId },
  });
  const parent = api.trace.setSpan(api.context.active(), root);
  const open = new Map<string, Span>();
  const key = (role: string, action: Action) => `${role}\n${JSON.stringify(action)}`;
  return {
    modelCall(c) {
      tracer.startSpan(`chat ${c.model}`, {
        kind: api.SpanKind.CLIENT, startTime: c.startedAt,
        attributes: {
          'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': PROVIDER_NAME[c.provider] ?? c.provider, 'gen_ai.request.model': c.model,
          'gen_ai.usage.input_tokens': c.inputTokens, 'gen_ai.usage.output_tokens': c.outputTokens, 'gen_ai.agent.name': c.role, 'gen_ai.conversation.id': runId,
        },
      }, parent).end(c.endedAt);
    },
    toolDecided(role, action, d) {
      const span = tracer.startSpan(`execute_tool ${action.tool}`, {
        kind: api.SpanKind.INTERNAL,
        attributes: {
          'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': action.tool, 'gen_ai.agent.name': role, 'gen_ai.conversation.id': runId,
          'kao.action': describeAction(action), 'kao.decision': d.decision, 'kao.rule': d.rule, 'kao.source': d.source,
        },
      }, parent);
      if (d.decision === 'allow') open.set(key(role, action), span);
      else span.end();
    },
    toolDone(role, action, bytes) {
      const span = open.get(key(role, action));
      open.delete(key(role, action));
      span?.setAttribute('kao.output_bytes', bytes);
      span?.end();
    },
    async finish(status, reason) {
      for (const span of open.values()) span.end();
      root.setAttribute('kao.run.status', status);
      if (status === 'failed') root.setStatus({ code: api.SpanStatusCode.ERROR, ...(reason ? { message: reason } : {}) });
      root.end();
      await provider.shutdown();
    },
  };
}
