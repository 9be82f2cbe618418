/**
 * `kao mcp`: serve the OS over MCP, on stdio (the client spawns kao) or Streamable HTTP bound to
 * 127.0.0.1 only (a local port other processes of this machine can reach, never the network).
 */
import { createServer } from 'node:http';
import { UsageError } from '../../errors.ts';
import { repositoryRoot } from '../../git/git.ts';

export interface McpOptions {
  dir: string;
  http: boolean;
  port: number;
}

export async function runMcp(opts: McpOptions): Promise<number> {
  const root = repositoryRoot(opts.dir);
  const bin = process.argv[1]!;
  const { createKaoServer } = await import('../../mcp/server.ts');
  if (!opts.http) {
    const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
    await createKaoServer(root, bin).connect(new StdioServerTransport());
    // Serve until the client closes stdin.
    await new Promise<void>((resolve) => process.stdin.on('close', resolve));
    return 0;
  }
  const { StreamableHTTPServerTransport } = await import('@modelcontextprotocol/sdk/server/streamableHttp.js');
  const http = createServer(async (req, res) => {
    if (req.url !== '/mcp') {
      res.writeHead(404).end('kao serves MCP at /mcp\n');
      return;
    }
    // Stateless: a server and a transport per request, as the SDK recommends for simple servers.
    const server = createKaoServer(root, bin);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close().then(() => server.close()));
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: (e as Error).message }, id: null }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', (e: NodeJS.ErrnoException) => reject(new UsageError('mcp-port', `cannot listen on 127.0.0.1:${opts.port}: ${e.code ?? e.message}`, 'Pick another --port, or 0 for any free one.')));
    http.listen(opts.port, '127.0.0.1', resolve);
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  process.stderr.write(`kao mcp: serving ${root} at http://127.0.0.1:${port}/mcp\n`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => http.close(() => resolve()));
  });
  return 0;
}
