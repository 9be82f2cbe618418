/**
 * A tool call a role proposes, as `kao policy check` and the agent runtime hand it to the policy
 * engine. Defined once as a schema; the type is inferred from it.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());

const path = z.string().check(z.minLength(1));

const BUILT_IN = {
  read: z.strictObject({ tool: z.enum(['read', 'edit']), path }),
  search: z.strictObject({ tool: z.literal('search'), query: z.string(), path: z.optional(z.string()) }),
  execute: z.strictObject({ tool: z.literal('execute'), command: z.string().check(z.minLength(1)) }),
  agent: z.strictObject({ tool: z.literal('agent'), target: z.string().check(z.minLength(1)) }),
  web: z.strictObject({ tool: z.literal('web'), url: z.optional(z.string()) }),
  todo: z.strictObject({ tool: z.literal('todo') }),
};
// An MCP tool: `server/tool` (the server is everything before the last slash).
const McpActionSchema = z.strictObject({ tool: z.string().check(z.regex(/^[^/\s]+(\/[^/\s]+)*\/[^/\s]+$/, 'an MCP tool is named server/tool')), args: z.optional(z.record(z.string(), z.unknown())) });

export const ActionSchema = z.union([BUILT_IN.read, BUILT_IN.search, BUILT_IN.execute, BUILT_IN.agent, BUILT_IN.web, BUILT_IN.todo, McpActionSchema]);

/** The one schema an action's `tool` can match, so a check tries one shape, not each in turn. */
function schemaFor(tool: unknown): z.ZodMiniType {
  if (typeof tool !== 'string') return ActionSchema;
  if (tool === 'edit') return BUILT_IN.read;
  return Object.hasOwn(BUILT_IN, tool) ? BUILT_IN[tool as keyof typeof BUILT_IN] : McpActionSchema;
}

export type Action = z.infer<typeof ActionSchema>;

/** Deeper JSON than any tool call has is refused before anything walks it recursively. */
const MAX_NESTING = 64;

export function parseAction(json: string): { action: Action } | { error: string } {
  const data = parseJson(json);
  return 'error' in data ? data : actionFrom(data.value);
}

/** JSON text → value, refusing nesting deeper than any tool call has before anything walks it. */
export function parseJson(json: string): { value: unknown } | { error: string } {
  // Fewer characters than the limit cannot nest past it: only long input is scanned.
  if (json.length > MAX_NESTING * 2 && nesting(json) > MAX_NESTING) return { error: `the action is nested more than ${MAX_NESTING} levels deep` };
  try {
    return { value: JSON.parse(json) };
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
}

/** An already parsed value, checked to be an action. */
export function actionFrom(data: unknown): { action: Action } | { error: string } {
  const parsed = schemaFor((data as { tool?: unknown } | null)?.tool).safeParse(data);
  if (parsed.success) return { action: parsed.data as Action };
  const tool = (data as { tool?: unknown })?.tool;
  return {
    error: typeof tool === 'string'
      ? `not a valid "${tool}" action: read and edit need "path", search "query", execute "command", agent "target"; an MCP tool is "server/tool" with optional "args"`
      : 'an action needs a "tool": read, search, edit, execute, agent, web, todo, or server/tool',
  };
}

/** The deepest bracket nesting of a JSON text, counted without parsing it (strings skipped). */
function nesting(json: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 34) {
      for (i++; i < json.length && json.charCodeAt(i) !== 34; i++) if (json.charCodeAt(i) === 92) i++;
    } else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}
