/**
 * Tool names → the OS's canonical tools. Agent files name tools in four families: bare names
 * (`search`, legacy `codebase`), namespaced `set/tool` (`read/readFile`), MCP wildcards `server/*`
 * (the server is everything before the LAST slash: `io.github.upstash/context7/*`), and `*`.
 * Claude Code subagents use PascalCase names (`Read`, `Bash`) given as a comma-separated string.
 */

/** The tool categories every policy decision is made in. */
export const CANONICAL_TOOLS = ['read', 'search', 'edit', 'execute', 'agent', 'web', 'todo'] as const;
export type CanonicalTool = (typeof CANONICAL_TOOLS)[number];

export type ToolRef =
  /** A built-in tool or tool set; `tool` is its canonical category, or null for a known tool outside them. */
  | { kind: 'builtin'; raw: string; line: number; tool: CanonicalTool | null }
  /** A tool of an MCP server or extension; `name` is `*` for every tool of the server. */
  | { kind: 'mcp'; raw: string; line: number; server: string; name: string }
  /** `*`: every tool. */
  | { kind: 'all'; raw: string; line: number }
  | { kind: 'unknown'; raw: string; line: number };

/**
 * Known names and the category they belong to (VS Code built-ins and their legacy bare names,
 * Claude Code names). `null` = a real tool that is none of the canonical categories.
 */
const KNOWN: Record<string, CanonicalTool | null> = {
  // canonical sets
  read: 'read', search: 'search', edit: 'edit', execute: 'execute', agent: 'agent', web: 'web', todo: 'todo',
  // VS Code tools, current and legacy names
  readFile: 'read', problems: 'read', readCellOutput: 'read', readNotebookCellOutput: 'read',
  codebase: 'search', usages: 'search', findTestFiles: 'search', textSearch: 'search', fileSearch: 'search',
  listDirectory: 'search', searchResults: 'search', changes: 'search',
  editFiles: 'edit', createFile: 'edit', createDirectory: 'edit', editNotebook: 'edit', new: 'edit', newWorkspace: 'edit',
  runCommands: 'execute', runInTerminal: 'execute', getTerminalOutput: 'execute', runTests: 'execute', runTasks: 'execute',
  terminalLastCommand: 'execute', terminalSelection: 'execute', testFailure: 'execute', runNotebooks: 'execute',
  runNotebookCell: 'execute', terminalCommand: 'execute', shell: 'execute', createAndRunTask: 'execute',
  runSubagent: 'agent', 'custom-agent': 'agent',
  fetch: 'web', githubRepo: 'web', openSimpleBrowser: 'web',
  todos: 'todo',
  askQuestions: null, vscodeAPI: null, extensions: null, vscode: null, memory: null, updateUserPreferences: null,
  // Claude Code
  Read: 'read', NotebookRead: 'read',
  Grep: 'search', Glob: 'search', LS: 'search',
  Edit: 'edit', Write: 'edit', MultiEdit: 'edit', NotebookEdit: 'edit',
  Bash: 'execute', BashOutput: 'execute', KillShell: 'execute', KillBash: 'execute',
  Task: 'agent', SendMessage: 'agent',
  WebFetch: 'web', WebSearch: 'web',
  TodoWrite: 'todo', TaskList: 'todo', TaskGet: 'todo', TaskUpdate: 'todo', TaskCreate: 'todo',
  AskUserQuestion: null, Skill: null, SlashCommand: null, ExitPlanMode: null,
};

/** VS Code's built-in tool sets: `set/tool` names under them are built-ins, not MCP servers. */
const BUILTIN_SETS: Record<string, CanonicalTool | null> = {
  read: 'read', search: 'search', edit: 'edit', execute: 'execute', agent: 'agent', web: 'web', todo: 'todo',
  vscode: null, runCommands: 'execute', runTasks: 'execute', runNotebooks: 'execute', terminal: 'execute',
};

export function parseTool(raw: string, line: number): ToolRef {
  const name = raw.trim();
  if (name === '*') return { kind: 'all', raw, line };
  // Claude Code permission patterns such as `Bash(git diff:*)` name the tool before the parenthesis.
  const base = name.replace(/\(.*\)$/s, '');
  if (Object.hasOwn(KNOWN, base)) return { kind: 'builtin', raw, line, tool: KNOWN[base]! };
  const slash = base.lastIndexOf('/');
  if (slash > 0 && slash < base.length - 1) {
    const prefix = base.slice(0, slash);
    const tool = base.slice(slash + 1);
    if (Object.hasOwn(BUILTIN_SETS, prefix)) return { kind: 'builtin', raw, line, tool: BUILTIN_SETS[prefix]! };
    return { kind: 'mcp', raw, line, server: prefix, name: tool };
  }
  return { kind: 'unknown', raw, line };
}

/**
 * Normalises a frontmatter `tools` value of any shape: a list, a comma-separated string (Claude),
 * one word, or a map of name → boolean (VS Code collects the keys).
 */
export function toolNames(value: unknown): string[] | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.filter((v) => v !== null).map((v) => String(v).trim()).filter(Boolean);
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  if (typeof value === 'object') return Object.keys(value);
  return [String(value)];
}

/**
 * Names of a list-like frontmatter field (`tools`, `agents`) with the line of each: list items keep
 * their own line even when empty entries around them are dropped.
 */
export function namedEntries(field: { value: unknown; line: number; itemLines: number[] } | undefined): { name: string; line: number }[] {
  if (!field) return [];
  if (Array.isArray(field.value)) {
    return field.value.flatMap((v, i) => {
      const name = v === null || v === undefined ? '' : String(v).trim();
      return name ? [{ name, line: field.itemLines[i] ?? field.line }] : [];
    });
  }
  return (toolNames(field.value) ?? []).map((name) => ({ name, line: field.line }));
}

/** The canonical categories a set of tool refs grants (`*` grants all). */
export function grantedTools(tools: readonly ToolRef[]): Set<CanonicalTool> {
  const out = new Set<CanonicalTool>();
  for (const t of tools) {
    if (t.kind === 'all') CANONICAL_TOOLS.forEach((c) => out.add(c));
    else if (t.kind === 'builtin' && t.tool) out.add(t.tool);
  }
  return out;
}
