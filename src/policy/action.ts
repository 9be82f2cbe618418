/**
 * A tool call a role proposes, as `kao policy check` and the agent runtime hand it to the policy
 * engine. Defined once as a schema; the type is inferred from it.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());

const path = z.string().check(z.minLength(1));

export const ActionSchema = z.union([
  z.strictObject({ tool: z.enum(['read', 'edit']), path }),
  z.strictObject({ tool: z.literal('search'), query: z.string(), path: z.optional(z.string()) }),
  z.strictObject({ tool: z.literal('execute'), command: z.string().check(z.minLength(1)) }),
  z.strictObject({ tool: z.literal('agent'), target: z.string().check(z.minLength(1)) }),
  z.strictObject({ tool: z.literal('web'), url: z.optional(z.string()) }),
  z.strictObject({ tool: z.literal('todo') }),
  // An MCP tool: `server/tool` (the server is everything before the last slash).
  z.strictObject({ tool: z.string().check(z.regex(/^[^/\s]+(\/[^/\s]+)*\/[^/\s]+$/, 'an MCP tool is named server/tool')), args: z.optional(z.record(z.string(), z.unknown())) }),
]);

export type Action = z.infer<typeof ActionSchema>;

export function parseAction(json: string): { action: Action } | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
  const parsed = ActionSchema.safeParse(data);
  if (parsed.success) return { action: parsed.data };
  const tool = (data as { tool?: unknown })?.tool;
  return {
    error: typeof tool === 'string'
      ? `not a valid "${tool}" action: read and edit need "path", search "query", execute "command", agent "target"; an MCP tool is "server/tool" with optional "args"`
      : 'an action needs a "tool": read, search, edit, execute, agent, web, todo, or server/tool',
  };
}
