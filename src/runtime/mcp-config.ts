/**
 * The MCP servers the repository's agent clients are configured with — `.vscode/mcp.json` (VS Code:
 * `servers`, JSON with comments) and `.mcp.json` (Claude Code: `mcpServers`) — so a role granted
 * `context7/*` gets the same context7 server in `kao run` as in the editor. `${workspaceFolder}` and
 * `${env:NAME}` are filled in; a value that needs `${input:…}` (asked of the user in the editor)
 * cannot be asked for headless, so that server is reported instead of started with a hole in it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { UsageError } from '../errors.ts';

export type McpServerConfig =
  | { name: string; file: string; transport: 'stdio'; command: string; args: string[]; env: Record<string, string> }
  | { name: string; file: string; transport: 'http'; url: string; headers: Record<string, string> };

/** Where each client keeps its servers, and under which key. */
const FILES = [
  { file: '.vscode/mcp.json', key: 'servers' },
  { file: '.mcp.json', key: 'mcpServers' },
] as const;

export interface McpConfig {
  servers: Map<string, McpServerConfig>;
  /** Servers that cannot be started headless, with why. */
  unusable: Map<string, string>;
}

export function readMcpConfig(root: string, env: NodeJS.ProcessEnv): McpConfig {
  const servers = new Map<string, McpServerConfig>();
  const unusable = new Map<string, string>();
  for (const { file, key } of FILES) {
    let text: string;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      continue;
    }
    const errors: ParseError[] = [];
    const data = parse(text, errors, { allowTrailingComma: true }) as Record<string, unknown> | undefined;
    if (errors[0]) {
      const line = text.slice(0, errors[0].offset).split('\n').length;
      throw new UsageError('bad-mcp-config', `${file}:${line}: ${printParseErrorCode(errors[0].error)}`, 'Fix the JSON; the agent clients cannot read it either.');
    }
    const entries = data?.[key];
    if (!entries || typeof entries !== 'object') continue;
    for (const [name, raw] of Object.entries(entries as Record<string, unknown>)) {
      // The first file that names a server wins, as VS Code's own file comes first.
      if (servers.has(name) || unusable.has(name)) continue;
      const read = serverConfig(name, file, raw, root, env);
      if ('why' in read) unusable.set(name, read.why);
      else servers.set(name, read);
    }
  }
  return { servers, unusable };
}

function serverConfig(name: string, file: string, raw: unknown, root: string, env: NodeJS.ProcessEnv): McpServerConfig | { why: string } {
  if (!raw || typeof raw !== 'object') return { why: `${file}: server "${name}" is not an object` };
  const c = raw as Record<string, unknown>;
  const missing: string[] = [];
  const fill = (v: unknown): string => String(v).replace(/\$\{([^}]+)\}/g, (whole, ref: string) => {
    if (ref === 'workspaceFolder') return root;
    if (ref.startsWith('env:')) return env[ref.slice(4)] ?? '';
    missing.push(whole);
    return whole;
  });
  const record = (v: unknown) => Object.fromEntries(Object.entries(v && typeof v === 'object' ? v : {}).map(([k, x]) => [k, fill(x)]));
  let config: McpServerConfig;
  if (typeof c.url === 'string' && (c.type === undefined || c.type === 'http' || c.type === 'sse')) {
    config = { name, file, transport: 'http', url: fill(c.url), headers: record(c.headers) };
  } else if (typeof c.command === 'string') {
    config = { name, file, transport: 'stdio', command: fill(c.command), args: Array.isArray(c.args) ? c.args.map(fill) : [], env: record(c.env) };
  } else {
    return { why: `${file}: server "${name}" has neither a command nor a url` };
  }
  if (missing.length > 0) return { why: `${file}: server "${name}" needs ${[...new Set(missing)].join(', ')}, which an editor asks for and a headless run cannot; use \${env:NAME} instead` };
  return config;
}
