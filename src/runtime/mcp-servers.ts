/**
 * The MCP servers a run's roles are granted, connected with the official MCP SDK's client: started
 * (stdio) or reached (Streamable HTTP) once per run, their tools listed, and closed when the run stops.
 * A stdio server gets the workspace as cwd and the environment without its secrets, plus what its
 * configuration sets explicitly. A server that is not configured or does not start is reported and
 * left out, as an editor does. I/O edge; deciding each call is policy-tools.ts's.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { VERSION } from '../version.ts';
import type { McpConfig } from './mcp-config.ts';
import { scrubbedEnv } from './workspace-ops.ts';

export interface McpTool {
  server: string;
  name: string;
  description: string;
  /** The tool's JSON Schema for its arguments, as the server lists it. */
  inputSchema: Record<string, unknown>;
  call(args: Record<string, unknown>): Promise<string>;
}

export interface McpConnections {
  /** The servers that were started, and the tools of each. */
  connected: string[];
  tools(server: string): McpTool[];
  /** Servers a role is granted that could not be used, with why: their tools are left out of the run. */
  unavailable: Map<string, string>;
  close(): Promise<void>;
}

/** How long a server may take to start and list its tools, and to answer one call. */
const CONNECT_MS = 30_000;
const CALL_MS = 120_000;

export async function connectMcp(root: string, config: McpConfig, servers: readonly string[]): Promise<McpConnections> {
  const clients: Client[] = [];
  const byServer = new Map<string, McpTool[]>();
  const unavailable = new Map<string, string>();
  const close = async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
  };
  try {
    for (const name of servers) {
      const c = config.servers.get(name);
      if (!c) {
        unavailable.set(name, config.unusable.get(name) ?? `no MCP server "${name}" in .vscode/mcp.json or .mcp.json`);
        continue;
      }
      const transport = c.transport === 'stdio'
        ? new StdioClientTransport({ command: c.command, args: c.args, cwd: root, env: { ...stringEnv(scrubbedEnv()), ...c.env }, stderr: 'ignore' })
        : new StreamableHTTPClientTransport(new URL(c.url), { requestInit: { headers: c.headers } });
      const client = new Client({ name: 'kao-run', version: VERSION });
      try {
        await client.connect(transport, { timeout: CONNECT_MS });
        clients.push(client);
        const listed = (await client.listTools(undefined, { timeout: CONNECT_MS })).tools;
        byServer.set(name, listed.map((t) => ({
          server: name, name: t.name, description: t.description ?? '', inputSchema: t.inputSchema as Record<string, unknown>,
          call: async (args) => resultText(await client.callTool({ name: t.name, arguments: args }, undefined, { timeout: CALL_MS })),
        })));
      } catch (e) {
        await client.close().catch(() => {});
        unavailable.set(name, `${c.file}: \`${c.transport === 'stdio' ? [c.command, ...c.args].join(' ') : c.url}\` could not be started: ${(e as Error).message.split('\n')[0]}`);
      }
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { connected: [...byServer.keys()], tools: (server) => byServer.get(server) ?? [], unavailable, close };
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** A tool result as the model reads it: its text parts, or its structured content; an error says so. */
function resultText(result: Awaited<ReturnType<Client['callTool']>>): string {
  const parts = Array.isArray(result.content) ? result.content : [];
  const text = parts.map((p) => (p.type === 'text' ? p.text : `[${p.type}]`)).join('\n')
    || (result.structuredContent !== undefined ? JSON.stringify(result.structuredContent) : '');
  return result.isError ? `the tool failed: ${text}` : text;
}
