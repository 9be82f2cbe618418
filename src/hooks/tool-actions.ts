/**
 * A client's tool call → the kao actions it amounts to, with every path, command and URL it carries,
 * so the policy judges what the tool would really do. A tool kao does not know is still decided: it
 * becomes an MCP-style action `client/tool` with its arguments (the role must be granted it, and URLs
 * in its arguments are egress). Pure.
 */
import type { Action } from '../policy/action.ts';
import type { Client } from './payload.ts';

const EXECUTE = new Set(['Bash', 'bash', 'run_in_terminal', 'shell', 'exec_command', 'local_shell', 'powershell', 'PowerShell', 'create_and_run_task', 'runInTerminal']);
const EDIT = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit', 'create_file', 'create', 'edit', 'str_replace', 'str_replace_editor', 'replace_string_in_file', 'insert_edit_into_file', 'edit_notebook_file', 'create_directory', 'write', 'rename']);
const READ = new Set(['Read', 'read_file', 'view', 'NotebookRead', 'view_image', 'get_errors']);
const SEARCH = new Set(['Grep', 'Glob', 'LS', 'grep', 'glob', 'grep_search', 'file_search', 'semantic_search', 'list_dir', 'search_subagent', 'get_changed_files', 'codebase']);
const WEB = new Set(['WebFetch', 'WebSearch', 'fetch_webpage', 'web_fetch', 'web_search', 'github_repo']);
const AGENT = new Set(['Task', 'Agent', 'runSubagent', 'task', 'execution_subagent']);
const TODO = new Set(['TodoWrite', 'manage_todo_list', 'update_todo', 'todo_write', 'ask_user']);

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** Paths a patch touches: `*** Update File: x` (apply_patch) and `+++ b/x` / `--- a/x` (unified diff). */
export function patchPaths(patch: string): string[] {
  const paths = new Set<string>();
  for (const m of patch.matchAll(/^\*\*\* (?:Update|Add|Delete) File: (.+)$|^\*\*\* Move to: (.+)$|^(?:\+\+\+|---) (?:[ab]\/)?(.+?)(?:\t.*)?$/gm)) {
    const p = (m[1] ?? m[2] ?? m[3])!.trim();
    if (p && p !== '/dev/null') paths.add(p);
  }
  return [...paths];
}

export function toolActions(client: Client, toolName: string, input: Record<string, unknown> = {}): Action[] {
  const path = text(input.file_path) ?? text(input.filePath) ?? text(input.path) ?? text(input.notebook_path) ?? text(input.dirPath);
  if (toolName === 'apply_patch') {
    const patch = text(input.input) ?? text(input.patch) ?? text(input.command) ?? '';
    const paths = patchPaths(patch);
    return paths.length ? paths.map((p) => ({ tool: 'edit', path: p })) : [{ tool: 'execute', command: `apply_patch <<'PATCH'\n${patch}\nPATCH` }];
  }
  if (EXECUTE.has(toolName)) {
    const command = text(input.command) ?? text(input.cmd) ?? (Array.isArray(input.command) ? (input.command as unknown[]).map(String).join(' ') : undefined);
    return [{ tool: 'execute', command: command ?? toolName }];
  }
  if (toolName === 'multi_replace_string_in_file' && Array.isArray(input.replacements)) {
    const files = [...new Set((input.replacements as Record<string, unknown>[]).map((r) => text(r.filePath) ?? text(r.file_path)).filter((p): p is string => !!p))];
    return files.map((p) => ({ tool: 'edit', path: p }));
  }
  if (toolName === 'rename' && text(input.newPath)) return [{ tool: 'edit', path: path ?? text(input.oldPath) ?? '.' }, { tool: 'edit', path: text(input.newPath)! }];
  if (EDIT.has(toolName)) return [{ tool: 'edit', path: path ?? '.' }];
  if (READ.has(toolName)) return [{ tool: 'read', path: path ?? '.' }];
  if (SEARCH.has(toolName)) {
    const query = text(input.pattern) ?? text(input.query) ?? text(input.glob) ?? '';
    return [path ? { tool: 'search', query, path } : { tool: 'search', query }];
  }
  if (WEB.has(toolName)) {
    const urls = [text(input.url), ...(Array.isArray(input.urls) ? (input.urls as unknown[]).map(text) : [])].filter((u): u is string => !!u);
    return urls.length ? urls.map((url) => ({ tool: 'web', url })) : [{ tool: 'web' }];
  }
  if (AGENT.has(toolName)) {
    const target = text(input.subagent_type) ?? text(input.agentName) ?? text(input.agent) ?? text(input.agent_type);
    return [{ tool: 'agent', target: target ?? 'general-purpose' }];
  }
  if (TODO.has(toolName)) return [{ tool: 'todo' }];
  // MCP tools: Claude and Codex `mcp__server__tool`, VS Code `mcp_server_tool`, Copilot `server-tool`.
  const mcp = /^mcp__(.+?)__(.+)$/.exec(toolName) ?? /^mcp_([^_]+)_(.+)$/.exec(toolName);
  if (mcp) return [{ tool: `${mcp[1]}/${mcp[2]}`, args: input }];
  return [{ tool: `${client}/${toolName.replace(/[/\s]/g, '_')}`, args: input }];
}
