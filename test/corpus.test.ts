// Compiles every artifact of the third-party corpus (../shared/corpus/agents, described in its NOTES.md)
// and checks aggregate facts about it. Every count, name and line below was found by hand on the corpus
// files (grep, head, cat -A, and an independent PyYAML pass over the frontmatters), not copied from the
// compiler's output. Paths are relative to the corpus folder.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { compileBytes, type Compiled } from '../src/artifacts/compile.ts';
import { kindOf } from '../src/artifacts/kinds.ts';
import type { ArtifactKind, InstructionsSpec, PromptSpec, RoleArtifact, RoleSpec, SkillSpec } from '../src/artifacts/spec.ts';
import { CORPUS } from './helpers.ts';

type CorpusKind = ArtifactKind | 'not-an-agent';
interface Entry { path: string; bytes: Buffer; kind: CorpusKind; compileAs: ArtifactKind; result: Compiled | null; error: unknown }

/** Every file of the corpus except licences, SOURCE.md, NOTES.md, top-level READMEs and .gitattributes. */
function corpusFiles(dir = CORPUS, rel = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return corpusFiles(join(dir, e.name), path);
    const depth = path.split('/').length;
    if (/^LICENSE/.test(e.name) || ['SOURCE.md', 'NOTES.md', '.gitattributes'].includes(e.name)) return [];
    if (e.name === 'README.md' && depth <= 2) return [];
    return [path];
  }).sort();
}

const hasFrontmatter = (bytes: Buffer) => /^\uFEFF?---[ \t]*\r?\n/.test(bytes.toString('utf8'));

/** NOTES.md §1: kind by path; kindOf where it can decide, the corpus's own folders where it cannot. */
function classify(path: string, bytes: Buffer): { kind: CorpusKind; compileAs: ArtifactKind } {
  const inRepo = path.slice(path.indexOf('/') + 1);
  const base = path.slice(path.lastIndexOf('/') + 1);
  // kindOf skips an AGENTS.md template inside a skill and does not know VoltAgent's categories/ folders.
  const folderKind: ArtifactKind | null = base === 'AGENTS.md' ? 'agents-md'
    : /^VoltAgent__[^/]+\/categories\/[^/]+\/[^/]+\.md$/.test(path) ? 'claude-agent' : kindOf(inRepo);
  assert.ok(folderKind, `no kind for ${path}`);
  const amongAgents = folderKind === 'claude-agent' || (folderKind === 'agent' && !base.endsWith('.agent.md'));
  if (amongAgents && !hasFrontmatter(bytes)) return { kind: 'not-an-agent', compileAs: folderKind };
  return { kind: folderKind, compileAs: folderKind };
}

const entries: Entry[] = corpusFiles().map((path) => {
  const bytes = readFileSync(join(CORPUS, path));
  return { path, bytes, ...classify(path, bytes), result: null, error: null };
});
const started = performance.now();
for (const e of entries) {
  try {
    e.result = compileBytes(e.bytes, e.path, e.compileAs);
  } catch (err) {
    e.error = err;
  }
}
const elapsedMs = performance.now() - started;

const entry = (path: string) => entries.find((e) => e.path === path) ?? assert.fail(`not in corpus: ${path}`);
const compiled = (path: string) => entry(path).result!;
const role = (path: string): RoleSpec => (compiled(path).artifact as RoleArtifact).role;
const allDiagnostics = () => entries.flatMap((e) => e.result?.diagnostics ?? []);
const withRule = (rule: string) => allDiagnostics().filter((d) => d.rule === rule);
const filesWith = (rule: string) => [...new Set(withRule(rule).map((d) => d.file))].sort();
const ofKind = (...kinds: CorpusKind[]) => entries.filter((e) => kinds.includes(e.kind));
const roles = (...kinds: CorpusKind[]) => ofKind(...kinds).flatMap((e) => (e.result?.artifact && 'role' in e.result.artifact ? [e.result.artifact.role] : []));
const count = <T>(xs: T[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<T, number>());

const CA = 'Community-Access__accessibility-agents';
const VOLT = 'VoltAgent__awesome-claude-code-subagents/categories';
const AC = 'github__awesome-copilot';
const INVALID_YAML_VOLT = [
  '04-quality-security/gdpr-ccpa-compliance.md', '07-specialized-domains/hipaa-compliance.md', '08-business-product/backlog-grooming.md',
  '08-business-product/growth-loops.md', '10-research-analysis/ab-test-analysis.md', '10-research-analysis/cohort-analysis.md',
  '10-research-analysis/first-principles-thinking.md',
].map((p) => `${VOLT}/${p}`);
const INVALID_YAML_CA = [`${CA}/.github/agents/a11y-tool-builder.agent.md`, `${CA}/.github/agents/python-specialist.agent.md`];
const NOTES_FILES = [...['preferences.example.md', 'preferences.md', 'shared-instructions.md'].map((f) => `${CA}/.github/agents/${f}`), `${VOLT}/01-core-development/README.md`];
const FENCED = ['mcp-create-adaptive-cards', 'mcp-create-declarative-agent', 'mcp-deploy-manage-agents'].map((f) => `${AC}/prompts/${f}.prompt.md`);
const BOM_FILES = [
  ...['aria-specialist', 'forms-specialist', 'modal-specialist'].map((f) => `${CA}/.claude/agents/${f}.md`),
  `${CA}/.github/agents/nexus.agent.md`, `${CA}/.github/agents/template-builder.agent.md`,
];
const CRLF_FILE = 'wshobson__agents/plugins/cicd-automation/agents/deployment-engineer.md';

test('the corpus holds 362 artifacts: 97 agents, 16 chat modes, 40 prompts, 44+2 instructions, 71 skills, 79 Claude subagents, 9 AGENTS.md, 4 notes files', () => {
  assert.deepEqual(Object.fromEntries(count(entries.map((e) => e.kind))), {
    agent: 97, chatmode: 16, prompt: 40, instructions: 46, skill: 71, 'claude-agent': 79, 'agents-md': 9, 'not-an-agent': 4,
  });
  assert.equal(entries.length, 362);
  assert.equal(ofKind('instructions').filter((e) => e.path.endsWith('/.github/copilot-instructions.md')).length, 2);
  assert.deepEqual(ofKind('not-an-agent').map((e) => e.path), NOTES_FILES);
  // kindOf decides every file but VoltAgent's 35 category files and the AGENTS.md template shipped in a skill.
  const undecided = entries.filter((e) => kindOf(e.path.slice(e.path.indexOf('/') + 1)) === null).map((e) => e.path);
  assert.equal(undecided.filter((p) => p.startsWith(VOLT)).length, 35);
  assert.deepEqual(undecided.filter((p) => !p.startsWith(VOLT)), [`${AC}/skills/setup-my-iq/assets/templates/AGENTS.md`]);
});

test('no file throws, and every diagnostic names its rule, severity, file, a 1-based position and a message', () => {
  assert.deepEqual(entries.filter((e) => e.error !== null).map((e) => [e.path, String(e.error)]), []);
  for (const e of entries) {
    for (const d of e.result!.diagnostics) {
      assert.ok(d.rule && d.message, `${e.path}: ${JSON.stringify(d)}`);
      assert.ok(['error', 'warning', 'info'].includes(d.severity));
      assert.equal(d.file, e.path);
      assert.ok(Number.isInteger(d.line) && d.line >= 1 && Number.isInteger(d.column) && d.column >= 1, `${e.path}: ${d.rule} at ${d.line}:${d.column}`);
    }
  }
});

// A guard against pathological slowness only: test files run in parallel on a shared machine, so this
// is no speed measurement (bench/lint.bench.mjs is, in BENCHMARKS.md).
test('the whole corpus (4 MB in 362 files) compiles without pathological slowness', () => {
  assert.ok(elapsedMs < 30000, `took ${Math.round(elapsedMs)} ms`);
});

test('exactly the 9 invalid-YAML frontmatters are errors, the 7 VoltAgent ones on line 3, and none of them yields a spec', () => {
  assert.deepEqual(filesWith('yaml-invalid'), [...INVALID_YAML_CA, ...INVALID_YAML_VOLT].sort());
  for (const f of INVALID_YAML_VOLT) {
    assert.deepEqual([...new Set(withRule('yaml-invalid').filter((d) => d.file === f).map((d) => d.line))], [3], f);
  }
  assert.ok(withRule('yaml-invalid').every((d) => d.severity === 'error'));
  for (const f of [...INVALID_YAML_CA, ...INVALID_YAML_VOLT]) assert.equal(compiled(f).artifact, null, f);
  // The only other error in the corpus: the VoltAgent README compiled as a Claude subagent.
  const errorFiles = [...new Set(allDiagnostics().filter((d) => d.severity === 'error').map((d) => d.file))].sort();
  assert.deepEqual(errorFiles, [...INVALID_YAML_CA, ...INVALID_YAML_VOLT, `${VOLT}/01-core-development/README.md`].sort());
});

test('a mis-indented `prompt:` inside handoffs is reported on line 17, where the bad indent is', () => {
  for (const f of INVALID_YAML_CA) {
    assert.deepEqual([...new Set(withRule('yaml-invalid').filter((d) => d.file === f).map((d) => d.line))], [17], f);
  }
});

test('files without frontmatter: AGENTS.md and instructions compile silently, fenced prompts are flagged, notes files are not agents', () => {
  const noFrontmatter = entries.filter((e) => !hasFrontmatter(e.bytes));
  assert.equal(noFrontmatter.length, 21);
  assert.deepEqual(Object.fromEntries(count(noFrontmatter.map((e) => e.kind))), { 'agents-md': 9, instructions: 5, prompt: 3, 'not-an-agent': 4 });
  for (const e of noFrontmatter.filter((x) => x.kind === 'agents-md' || x.kind === 'instructions')) {
    assert.deepEqual(e.result!.diagnostics, [], e.path);
    assert.equal(e.result!.artifact?.kind, e.kind);
  }
  assert.deepEqual((compiled(`${AC}/instructions/dataverse-python-best-practices.instructions.md`).artifact as InstructionsSpec).applyTo, []);
  assert.deepEqual(compiled('argoproj__argo-workflows/docs/AGENTS.md').artifact, {
    kind: 'agents-md', file: 'argoproj__argo-workflows/docs/AGENTS.md', links: [], dir: 'argoproj__argo-workflows/docs', headings: ['Docs'],
  });
  assert.deepEqual(filesWith('frontmatter-fenced'), FENCED);
  for (const f of FENCED) {
    assert.deepEqual(compiled(f).diagnostics.map((d) => [d.rule, d.severity, d.line]), [['frontmatter-fenced', 'warning', 1]]);
    const prompt = compiled(f).artifact as PromptSpec;
    assert.deepEqual([prompt.description, prompt.agent, prompt.tools], [null, null, []], 'fenced fields are invisible');
  }
  assert.deepEqual(filesWith('not-an-agent'), NOTES_FILES.slice(0, 3));
  assert.deepEqual(filesWith('frontmatter-missing'), [NOTES_FILES[3]]);
  for (const f of NOTES_FILES) assert.equal(compiled(f).artifact, null, f);
});

test('a file without frontmatter is an error for agent, chat mode, Claude subagent and skill files, and fine for instructions, prompts and AGENTS.md', () => {
  const bytes = entry('argoproj__argo-workflows/docs/AGENTS.md').bytes;
  const rules = (file: string, kind: ArtifactKind) => compileBytes(bytes, file, kind).diagnostics.map((d) => `${d.rule}:${d.severity}`);
  assert.deepEqual(rules('x.agent.md', 'agent'), ['frontmatter-missing:error']);
  assert.deepEqual(rules('x.chatmode.md', 'chatmode'), ['frontmatter-missing:error']);
  assert.deepEqual(rules('.claude/agents/x.md', 'claude-agent'), ['frontmatter-missing:error']);
  assert.deepEqual(rules('skills/x/SKILL.md', 'skill'), ['frontmatter-missing:error']);
  assert.deepEqual(rules('x.instructions.md', 'instructions'), []);
  assert.deepEqual(rules('x.prompt.md', 'prompt'), []);
  assert.deepEqual(rules('AGENTS.md', 'agents-md'), []);
});

test('the 5 BOM files report text-bom and compile to the same spec as their BOM-less twins', () => {
  assert.deepEqual(filesWith('text-bom'), [...BOM_FILES].sort());
  for (const f of BOM_FILES) {
    const e = entry(f);
    assert.deepEqual([...e.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const twin = compileBytes(e.bytes.subarray(3), f, e.compileAs);
    assert.deepEqual(e.result!.artifact, twin.artifact, f);
    assert.deepEqual(e.result!.diagnostics.filter((d) => d.rule !== 'text-bom'), twin.diagnostics, f);
  }
  assert.deepEqual(BOM_FILES.map((f) => role(f).name), ['ARIA Specialist', 'Forms Specialist', 'Modal Specialist', 'Nexus', 'Template Builder']);
});

test('the CRLF subagent reports text-crlf and compiles to the same spec as its LF twin', () => {
  assert.deepEqual(filesWith('text-crlf'), [CRLF_FILE]);
  const e = entry(CRLF_FILE);
  const twin = compileBytes(Buffer.from(e.bytes.toString('utf8').replace(/\r\n/g, '\n')), CRLF_FILE, 'claude-agent');
  assert.deepEqual(e.result!.artifact, twin.artifact);
  assert.deepEqual(e.result!.diagnostics.map((d) => d.rule), ['text-crlf']);
  assert.deepEqual(twin.diagnostics, []);
  const r = role(CRLF_FILE);
  assert.deepEqual([r.name, r.model, r.toolsDeclared], ['deployment-engineer', 'haiku', false]);
});

test('Copilot-style files name 1,152 tools, among them 26 MCP server wildcards and one `*`', () => {
  const tools = [
    ...roles('agent', 'chatmode').flatMap((r) => r.tools),
    ...ofKind('prompt').flatMap((e) => (e.result!.artifact as PromptSpec).tools),
  ];
  assert.equal(tools.length, 1152);
  const wildcards = tools.flatMap((t) => (t.kind === 'mcp' && t.name === '*' ? [t.server] : []));
  assert.deepEqual(Object.fromEntries(count(wildcards)), {
    github: 12, 'io.github.upstash/context7': 8, context7: 2, 'upstash/context7': 1, 'microsoft.docs.mcp': 1, 'terraform.mcp': 1, 'sfdx-mcp': 1,
  });
  assert.deepEqual(role(`${AC}/agents/launchdarkly-flag-cleanup.agent.md`).tools, [{ kind: 'all', raw: '*', line: 8 }]);
  assert.equal(tools.filter((t) => t.kind === 'all').length, 1);
  const nowDev = role('DanielMadsenDK__NowDev-AI-Toolbox/agents/github-copilot/NowDev-AI.agent.md').tools;
  assert.deepEqual(nowDev.find((t) => t.raw === 'vscode.mermaid-chat-features/renderMermaidDiagram'),
    { kind: 'mcp', raw: 'vscode.mermaid-chat-features/renderMermaidDiagram', line: 5, server: 'vscode.mermaid-chat-features', name: 'renderMermaidDiagram' });
});

test('Claude subagents name 235 tools from 13 PascalCase built-ins, given as comma strings, block lists or `[]`', () => {
  const tools = roles('claude-agent').flatMap((r) => r.tools);
  assert.equal(tools.length, 235);
  assert.deepEqual(Object.fromEntries(count(tools.map((t) => t.raw))), {
    Read: 40, Glob: 37, Grep: 36, Write: 35, Edit: 35, Bash: 30, Task: 7, WebFetch: 7, WebSearch: 4, TaskList: 1, TaskGet: 1, TaskUpdate: 1, SendMessage: 1,
  });
  assert.ok(tools.every((t) => t.kind === 'builtin' && t.tool !== null));
  const b = (raw: string, line: number, tool: string) => ({ kind: 'builtin', raw, line, tool });
  assert.deepEqual(role(`${CA}/.claude/agents/aria-specialist.md`).tools,
    [b('Read', 4, 'read'), b('Write', 4, 'edit'), b('Edit', 4, 'edit'), b('Grep', 4, 'search'), b('Glob', 4, 'search')]);
  assert.deepEqual(role(`${CA}/.claude/agents/accessibility-lead.md`).tools,
    [b('Task', 5, 'agent'), b('Read', 6, 'read'), b('Glob', 7, 'search'), b('Grep', 8, 'search')]);
  const empty = role('wshobson__agents/plugins/arm-cortex-microcontrollers/agents/arm-cortex-expert.md');
  assert.deepEqual([empty.tools, empty.toolsDeclared], [[], true]);
  // 31 wshobson subagents have no tools key at all, which in Claude Code means "inherit every tool".
  const undeclared = roles('claude-agent').filter((r) => !r.toolsDeclared);
  assert.equal(undeclared.length, 31);
  assert.ok(undeclared.every((r) => r.file.startsWith('wshobson__agents/')));
});

test('skills give allowed-tools as a comma string, one word or a block list', () => {
  const allowed = (skill: string) => (compiled(`${AC}/skills/${skill}/SKILL.md`).artifact as SkillSpec).allowedTools.map((t) => [t.raw, t.line]);
  assert.deepEqual(allowed('copilot-cli-quickstart'), [['ask_user', 9], ['sql', 9], ['fetch_copilot_cli_documentation', 9]]);
  assert.deepEqual(allowed('git-commit'), [['Bash', 5]]);
  assert.deepEqual(allowed('qdrant-performance-optimization'), [['Read', 5], ['Grep', 6], ['Glob', 7]]);
});

test('model is a list of fallbacks in 3 agents, and the pipe-separated model stays one string', () => {
  const lists = roles('agent', 'chatmode', 'claude-agent').filter((r) => Array.isArray(r.model));
  assert.deepEqual(lists.map((r) => r.file).sort(), [`${CA}/.github/agents/nexus.agent.md`, `${CA}/.github/agents/template-builder.agent.md`, `${AC}/agents/dotnet-self-learning-architect.agent.md`]);
  assert.deepEqual(role(`${AC}/agents/dotnet-self-learning-architect.agent.md`).model,
    ['GPT-5.3-Codex', 'Claude Sonnet 4.6 (copilot)', 'Claude Opus 4.6 (copilot)', 'Claude Haiku 4.5 (copilot)']);
  assert.deepEqual(role(`${CA}/.github/agents/nexus.agent.md`).model, ['Claude Sonnet 4 (copilot)', 'GPT-4o (copilot)']);
  assert.equal(role(`${AC}/agents/pimcore-expert.agent.md`).model, "GPT-4.1 | 'gpt-5' | 'Claude Sonnet 4.5'");
  assert.equal(role(`${AC}/chatmodes/pimcore-expert.chatmode.md`).model, "GPT-4.1 | 'gpt-5' | 'Claude Sonnet 4.5'");
});

test('handoffs and agents lists become role refs with lines; devsquad and NowDev refs resolve, 23 Community-Access handoff targets dangle', () => {
  const agents = roles('agent');
  assert.deepEqual([agents.filter((r) => r.handoffs.length > 0).length, agents.flatMap((r) => r.handoffs).length], [36, 97]);
  assert.equal(role(`${CA}/.github/agents/github-hub.agent.md`).handoffs.length, 16);
  const devsquad = 'microsoft__devsquad-copilot/.github/plugins/devsquad/agents';
  assert.deepEqual(role(`${devsquad}/devsquad.decompose.agent.md`).handoffs, [{ name: 'devsquad.implement', id: 'devsquad-implement', line: 6 }]);
  assert.deepEqual([agents.filter((r) => r.subagents.length > 0).length, agents.flatMap((r) => r.subagents).length], [16, 109]);
  const names = ['init', 'envision', 'kickoff', 'specify', 'plan', 'decompose', 'implement', 'security', 'review', 'refine', 'sprint', 'extend'];
  assert.deepEqual(role(`${devsquad}/devsquad.agent.md`).subagents, names.map((n) => ({ name: `devsquad.${n}`, id: `devsquad-${n}`, line: 5 })));
  const dangling = (repo: string, refs: (r: RoleSpec) => string[]) => {
    const inRepo = ofKind('agent').filter((e) => e.path.startsWith(repo));
    const known = new Set(['agent', ...inRepo.map((e) => e.path.slice(e.path.lastIndexOf('/') + 1, -'.agent.md'.length)), ...roles('agent').filter((r) => r.file.startsWith(repo)).map((r) => r.name)]);
    return [...new Set(roles('agent').filter((r) => r.file.startsWith(repo)).flatMap(refs))].filter((n) => !known.has(n));
  };
  const allRefs = (r: RoleSpec) => [...r.handoffs, ...r.subagents].map((x) => x.name);
  assert.deepEqual(dangling('microsoft__devsquad-copilot/', allRefs), []);
  assert.deepEqual(dangling('DanielMadsenDK__NowDev-AI-Toolbox/', allRefs), []);
  assert.equal(dangling(`${CA}/`, (r) => r.handoffs.map((x) => x.name)).length, 23);
});

test('`infer: true` and `user-invokable` are reported as deprecated fields, and infer is still honoured', () => {
  const deprecated = withRule('field-deprecated').filter((d) => /`(infer|user-invokable)`/.test(d.message));
  const nowDev = 'DanielMadsenDK__NowDev-AI-Toolbox/agents';
  const inferAgents = ['BusinessRule-Developer', 'Client-Developer', 'Debugger', 'Release-Expert', 'Reviewer', 'Script-Developer'];
  const skills = ['servicenow-business-rules', 'servicenow-client-scripts', 'servicenow-server-date-time', 'servicenow-server-security', 'servicenow-ui-forms'];
  assert.deepEqual(deprecated.map((d) => [d.file, d.line, d.severity, d.message.includes('`infer`')]).sort(), [
    ...inferAgents.map((a) => [`${nowDev}/github-copilot/NowDev-AI-${a}.agent.md`, 5, 'info', true]),
    [`${nowDev}/github-copilot/NowDev-AI.agent.md`, 6, 'info', false],
    ...skills.map((s) => [`${nowDev}/skills/${s}/SKILL.md`, 3, 'info', false]),
  ].sort());
  const release = role(`${nowDev}/github-copilot/NowDev-AI-Release-Expert.agent.md`);
  assert.equal(release.infer, true);
  assert.deepEqual(release.handoffs, [{ name: 'NowDev-AI-Orchestrator', id: 'nowdev-ai-orchestrator', line: 7 }]);
  assert.deepEqual(release.tools.find((t) => t.raw === 'io.github.upstash/context7/*'),
    { kind: 'mcp', raw: 'io.github.upstash/context7/*', line: 4, server: 'io.github.upstash/context7', name: '*' });
});

test('applyTo is read from a YAML list and from comma lists with or without spaces, and brace globs stay whole', () => {
  const applyTo = (f: string) => (compiled(f).artifact as InstructionsSpec).applyTo;
  const instructions = ofKind('instructions').map((e) => e.result!.artifact as InstructionsSpec);
  assert.equal(instructions.filter((i) => i.applyTo.length > 0).length, 39);
  assert.equal(instructions.flatMap((i) => i.applyTo).length, 62);
  assert.deepEqual(applyTo(`${AC}/instructions/ai-prompt-engineering-safety-best-practices.instructions.md`), ['*']);
  assert.deepEqual(applyTo(`${AC}/instructions/go.instructions.md`), ['**/*.go', '**/go.mod', '**/go.sum']);
  assert.deepEqual(applyTo(`${AC}/instructions/oqtane.instructions.md`), ['**/*.razor', '**/*.razor.cs', '**/*.razor.css']);
  assert.deepEqual(applyTo(`${AC}/instructions/pcf-best-practices.instructions.md`), ['**/*.{ts,tsx,js,json,xml,pcfproj,csproj,css,html}']);
  assert.deepEqual(applyTo(`${CA}/.github/instructions/aria-patterns.instructions.md`), ['**/*.{html,jsx,tsx,vue,svelte,astro}']);
  assert.equal(instructions.filter((i) => i.applyTo.some((g) => g.includes('{'))).length, 9);
  assert.ok(instructions.flatMap((i) => i.applyTo).every((g) => (g.match(/\{/g) ?? []).length === (g.match(/\}/g) ?? []).length));
  for (const f of ['codexer', 'dotnet-upgrade']) assert.deepEqual(applyTo(`${AC}/instructions/${f}.instructions.md`), [], f);
});

test('the largest file, the 294 KB quality-playbook skill, compiles cleanly', () => {
  const f = `${AC}/skills/quality-playbook/SKILL.md`;
  assert.equal(entry(f).bytes.length, 294426);
  const t0 = performance.now();
  const again = compileBytes(entry(f).bytes, f, 'skill');
  assert.ok(performance.now() - t0 < 10000, 'no pathological slowness on the 294 KB skill');
  assert.deepEqual(again.diagnostics, []);
  assert.equal((again.artifact as SkillSpec).name, 'quality-playbook');
});

test('the `1×–1.35×` range in the claude-api skill is real text, so the corpus holds no mojibake', () => {
  assert.deepEqual(withRule('text-mojibake').map((d) => `${d.file}:${d.line}:${d.column}`), []);
});
