// Lint rules, each shown firing on a small real repository written to a temp folder, and staying
// quiet on the correct version of the same file.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import type { Diagnostic } from '../src/diagnostics.ts';
import { LINT_RULES, lintPlaybook } from '../src/lint/lint.ts';
import { RULE_CATALOG } from '../src/lint/rule-catalog.ts';
import { loadPlaybook } from '../src/playbook/load.ts';
import { parseOperatingModel } from '../src/playbook/operating-model.ts';
import { builtinPlaybookDir } from '../src/playbook/builtin.ts';
import { SEED, tempDir } from './helpers.ts';

function repo(files: Record<string, string>): string {
  const root = tempDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Diagnostics of a small repository; most fixtures leave `tools` out, so tools-unrestricted is only kept when asked for. */
async function lint(files: Record<string, string>, opts: { unrestricted?: boolean } = {}): Promise<Diagnostic[]> {
  return lintPlaybook(await loadPlaybook(repo(files))).diagnostics.filter((d) => opts.unrestricted || d.rule !== 'tools-unrestricted');
}

const rules = (ds: Diagnostic[]) => ds.map((d) => `${d.file}:${d.line} ${d.rule}`);

const agent = (fm: string, body = '# Agent\n\nDoes things.\n') => `---\n${fm}\n---\n${body}`;

test('the built-in playbook lints clean: no errors, warnings or infos', async () => {
  const result = lintPlaybook(await loadPlaybook(builtinPlaybookDir()));
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.summary.files, 13);
});

test('a repository holding only the seed reports exactly its real problems', async () => {
  const root = tempDir();
  mkdirSync(join(root, '.github', 'agents'), { recursive: true });
  copyFileSync(SEED, join(root, '.github', 'agents', 'backend-lead.agent.md'));
  const ds = lintPlaybook(await loadPlaybook(root)).diagnostics;
  const f = '.github/agents/backend-lead.agent.md';
  assert.deepEqual(rules(ds), [
    `${f}:5 field-deprecated`,
    `${f}:80 link-broken`,
    `${f}:99 link-broken`,
    `${f}:100 link-broken`,
    `${f}:101 link-broken`,
    `${f}:136 link-broken`,
    `${f}:136 text-mojibake`,
    `${f}:137 link-broken`,
    `${f}:138 link-broken`,
    `${f}:139 link-broken`,
  ]);
  // The orchestrator link is written from the repository root; the hint says how to write it.
  assert.match(ds[1]!.fix!, /resolve from the file's folder: write `orchestrator\.agent\.md`/);
});

test('the seed links stop being reported once the SSOT files exist', async () => {
  const root = tempDir();
  const files = ['KYORA_AGENT_OS.md', '.github/instructions/backend-core.instructions.md', '.github/instructions/errors-handling.instructions.md',
    '.github/instructions/responses-dtos-swagger.instructions.md', '.github/instructions/go-backend-patterns.instructions.md'];
  for (const f of files) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), f.endsWith('instructions.md') ? "---\napplyTo: '**/*.go'\n---\n# Rules\n" : '# OS\n');
  }
  writeFileSync(join(root, 'main.go'), 'package main\n');
  mkdirSync(join(root, '.github', 'agents'), { recursive: true });
  copyFileSync(SEED, join(root, '.github', 'agents', 'backend-lead.agent.md'));
  const ds = lintPlaybook(await loadPlaybook(root)).diagnostics;
  assert.deepEqual(rules(ds).filter((r) => r.includes('link-broken')), ['.github/agents/backend-lead.agent.md:80 link-broken']);
});

test('invalid YAML is an error at its line with a fix hint, and the other files still load', async () => {
  const ds = await lint({
    '.github/agents/bad.agent.md': agent('name: bad\ndescription: Use this: it breaks\ntools: [read]'),
    '.github/agents/good.agent.md': agent('name: good\ndescription: fine\ntools: [read]'),
  });
  const bad = ds.find((d) => d.rule === 'yaml-invalid')!;
  assert.equal(bad.file, '.github/agents/bad.agent.md');
  assert.equal(bad.line, 3);
  assert.match(bad.fix!, /quotes/);
  const pb = await loadPlaybook(repo({ '.github/agents/good.agent.md': agent('name: good\ndescription: fine') }));
  assert.ok(pb.roles.has('good'));
});

test('unknown and deprecated frontmatter fields are reported with a suggestion', async () => {
  const ds = await lint({ '.github/agents/a.agent.md': agent('name: a\ndescription: d\nuser-invokable: true\nTools: [read]\ncolour: red') });
  assert.deepEqual(rules(ds), [
    '.github/agents/a.agent.md:4 field-deprecated',
    '.github/agents/a.agent.md:5 field-unknown',
    '.github/agents/a.agent.md:6 field-unknown',
  ]);
  assert.match(ds[1]!.fix!, /Did you mean `tools`/);
});

test('an unknown tool is a warning at the line of the tool', async () => {
  const ds = await lint({ '.github/agents/a.agent.md': agent('name: a\ndescription: d\ntools:\n  - read\n  - teleport\n  - github/*') });
  assert.deepEqual(rules(ds), ['.github/agents/a.agent.md:6 tool-unknown']);
});

test('a role referenced in a delegation table, an escalation, a handoff or an agents list must exist', async () => {
  const ds = await lint({
    '.github/agents/lead-x.agent.md': agent(
      'name: Lead X\ndescription: d\nagents: [helper-y, QA/Test Specialist]\nhandoffs:\n  - label: Go\n    agent: Ghost Writer\n    prompt: go',
      '# Lead X\n\n## Forbidden Actions\n- Adding new dependencies without the PO gate\n\n## Escalation Path\nEscalate to the Steering Committee when:\n- Migrations needed\n\n## Delegation-by-Inference\n\n| Pattern | Must involve |\n| --- | --- |\n| auth | Security/Privacy Reviewer |\n| money | Treasury Oracle + PO gate |\n',
    ),
  });
  assert.deepEqual(rules(ds).filter((r) => r.endsWith('role-undefined')), [
    '.github/agents/lead-x.agent.md:4 role-undefined',
    '.github/agents/lead-x.agent.md:6 role-undefined',
    '.github/agents/lead-x.agent.md:16 role-undefined',
    '.github/agents/lead-x.agent.md:24 role-undefined',
  ]);
});

test('duplicate role ids and names are errors', async () => {
  const ds = await lint({
    '.github/agents/dup.agent.md': agent('name: Same\ndescription: d'),
    '.claude/agents/dup.md': agent('name: Other\ndescription: d'),
    '.github/agents/two.agent.md': agent('name: same\ndescription: d'),
  });
  assert.deepEqual(ds.map((d) => d.rule).sort(), ['role-duplicate-id', 'role-duplicate-name']);
});

test('a role that calls itself read-only may not list edit or execute; a Claude subagent without tools inherits them', async () => {
  const ds = await lint({
    '.github/agents/rev.agent.md': agent('name: rev\ndescription: A read-only reviewer.\ntools: [read, edit]'),
    '.github/agents/ok.agent.md': agent('name: ok\ndescription: Runs read-only checks.\ntools: [read, execute]'),
    '.claude/agents/audit.md': agent('name: audit\ndescription: d', '# Audit\n\nYou are a read-only auditor.\n'),
  });
  assert.deepEqual(rules(ds), ['.claude/agents/audit.md:1 readonly-role-writes', '.github/agents/rev.agent.md:4 readonly-role-writes']);
});

test('an agent told to run a prompt file is flagged; forbidding it is not', async () => {
  const ds = await lint({
    '.github/agents/a.agent.md': agent('name: a\ndescription: d', '# A\n\nFirst run `release.prompt.md` to prepare.\n\n## Forbidden Actions\n- Triggering prompt files such as release.prompt.md\n'),
  });
  assert.deepEqual(rules(ds), ['.github/agents/a.agent.md:7 agent-calls-prompt']);
});

test('a Lead without Forbidden Actions or Escalation Path is warned; an unmappable forbidden action is an info', async () => {
  const ds = await lint({
    '.github/agents/web-lead.agent.md': agent('name: Web Lead\ndescription: d', '# Web Lead\n\n## Your Role\n- Plan the portal\n'),
    '.github/agents/data-lead.agent.md': agent('name: Data Lead\ndescription: d', '# D\n\n## Forbidden Actions\n- Using pie charts\n\n## Escalation Path\n- Metric meaning changes\n'),
  });
  assert.deepEqual(rules(ds), [
    '.github/agents/data-lead.agent.md:8 forbidden-not-enforced',
    '.github/agents/web-lead.agent.md:1 lead-missing-escalation',
    '.github/agents/web-lead.agent.md:1 lead-missing-forbidden',
  ]);
});

test('applyTo globs that are invalid or match nothing are reported; good ones are quiet', async () => {
  const ds = await lint({
    'src/app.ts': 'export {};\n',
    '.github/instructions/ts.instructions.md': "---\napplyTo: 'src/**/*.ts, **/*.tsx'\n---\n# TS\n",
    '.github/instructions/bad.instructions.md': "---\napplyTo: 'src/{a,b/**'\n---\n# Bad\n",
    '.github/instructions/up.instructions.md': "---\napplyTo: ['../other/**']\n---\n# Up\n",
  });
  assert.deepEqual(rules(ds), [
    '.github/instructions/bad.instructions.md:2 applyto-invalid',
    '.github/instructions/ts.instructions.md:2 applyto-no-match',
    '.github/instructions/up.instructions.md:2 applyto-invalid',
  ]);
  assert.match(ds[1]!.message, /\*\*\/\*\.tsx/);
});

test('a repository operating model is validated with positions, and its role references are checked', async () => {
  const ds = await lint({
    '.github/agent-os/operating-model.yaml': 'version: 1\nroles:\n  - { id: po, name: PO, kind: human }\nriskAxes: []\ntriggers:\n  - { id: t, terms: [x], axes: [], involve: [nobody] }\ndecisions: []\nlanes: [{ id: planning, description: p }]\nplanningWritable: []\npackets: {}\nareas: {}\n',
  });
  assert.deepEqual(rules(ds), ['.github/agent-os/operating-model.yaml:6 role-undefined']);
  const bad = await lint({ '.github/agent-os/operating-model.yaml': 'version: 2\nroles: []\n' });
  assert.ok(bad.length > 0 && bad.every((d) => d.rule === 'model-invalid'));
  assert.equal(bad[0]!.line, 1);
});

test('a change signal whose pattern does not compile, or a fieldsGone pattern that captures no field name, is an error at its line', () => {
  const file = join(builtinPlaybookDir(), '.github', 'agent-os', 'operating-model.yaml');
  const builtin = readFileSync(file, 'utf8');
  assert.deepEqual(parseOperatingModel(builtin, file).diagnostics, []);
  const text = builtin.replace('  changeSignals:\n', '  changeSignals:\n    - { trigger: breaking-contract, fieldsGone: true, lines: ["json:\\"\\\\w+\\""] }\n    - { trigger: schema, lines: ["create (table"] }\n    - { trigger: breaking-contract, fieldsGone: true, lines: ["json:\\"(\\\\w+)\\""] }\n');
  const at = text.split('\n').findIndex((l) => l.includes('fieldsGone: true, lines: ["json:\\"\\\\w+')) + 1;
  const ds = parseOperatingModel(text, file).diagnostics;
  assert.deepEqual(ds.map((d) => [d.line, d.rule, d.severity]), [[at, 'model-invalid', 'error'], [at + 1, 'model-invalid', 'error']]);
  assert.match(ds[0]!.message, /needs a group that captures the field name/);
  assert.match(ds[1]!.message, /not a valid regular expression/);
});

test('every rule id a diagnostic can carry is documented in the catalogue', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const srcFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? srcFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
  const root = join(import.meta.dirname, '..', 'src');
  const emitted = new Set<string>();
  // Policy decisions (the engine's and a run's budget) and API-gate findings carry rule ids too, documented with them (docs/policy.md, docs/api-gate.md).
  for (const f of srcFiles(root).filter((f) => !f.includes('/policy/') && !f.includes('/gates/') && !f.includes('/runtime/'))) {
    for (const m of readFileSync(f, 'utf8').matchAll(/(?:rule: |fail\(|warn\([^,]+, )'([a-z0-9-]+)'/g)) emitted.add(m[1]!);
  }
  for (const rule of LINT_RULES) for (const id of rule.emits) emitted.add(id);
  const missing = [...emitted].filter((r) => !(r in RULE_CATALOG));
  assert.deepEqual(missing, []);
  assert.ok(emitted.size >= 25, `found ${emitted.size} rule ids in the sources`);
  const policyDocs = readFileSync(join(root, '..', 'docs', 'policy.md'), 'utf8');
  for (const f of srcFiles(join(root, 'runtime'))) {
    for (const m of readFileSync(f, 'utf8').matchAll(/rule: '([a-z0-9-]+)'/g)) assert.ok(policyDocs.includes(`\`${m[1]}\``), `${m[1]} (${f}) is not in docs/policy.md`);
  }
  const docs = readFileSync(join(root, '..', 'docs', 'lint-rules.md'), 'utf8');
  assert.deepEqual(Object.keys(RULE_CATALOG).filter((r) => !docs.includes(`\`${r}\``)), []);
});

test('a table of agents and their duties under a Delegation heading is not read as delegation rows', async () => {
  const root = repo({
    '.github/agents/hub.agent.md': agent('name: hub\ndescription: d\ntools: [read, agent]', '# Hub\n\n## Delegation\n\n| Agent | Responsibility |\n| --- | --- |\n| scanner | keyboard testing |\n\n## Delegation by inference\n\n| Pattern | Must involve |\n| --- | --- |\n| billing | Security/Privacy Reviewer |\n'),
  });
  const pb = await loadPlaybook(root);
  assert.deepEqual(pb.roles.get('hub')!.spec.delegation.map((r) => [r.pattern, r.roles.map((x) => x.id)]), [['billing', ['security-privacy-reviewer']]]);
  assert.deepEqual(lintPlaybook(pb).diagnostics, []);
});

test('tools: a role without a `tools` key has every tool (warned); text that tells a role to use a tool it is not granted is warned, negations and Forbidden Actions are not', async () => {
  const ds = await lint({
    '.github/agents/open.agent.md': agent('name: open\ndescription: d'),
    '.github/agents/docs.agent.md': agent('name: docs\ndescription: d\ntools: [read, search, context7/*]',
      '# Docs\n\nRun the checks with #runInTerminal and look things up with #fetch.\n\n- Ask #tool:github/create_issue for a ticket.\n- Read the library docs with #tool:context7/resolve-library-id.\n- Use `codebase` to find callers and `editFiles` to fix them.\n- Never use `runInTerminal`; do not reach for #fetch either.\n\n## Forbidden Actions\n\n- Running `Bash` commands.\n'),
  }, { unrestricted: true });
  assert.deepEqual(rules(ds.filter((d) => d.rule !== 'forbidden-not-enforced')), [
    '.github/agents/docs.agent.md:8 tool-not-granted',
    '.github/agents/docs.agent.md:8 tool-not-granted',
    '.github/agents/docs.agent.md:10 tool-not-granted',
    '.github/agents/docs.agent.md:12 tool-not-granted',
    '.github/agents/open.agent.md:1 tools-unrestricted',
  ]);
  assert.deepEqual(ds.filter((d) => d.rule === 'tool-not-granted').map((d) => /use `([^`]+)`/.exec(d.message)?.[1]), ['runInTerminal', 'fetch', 'github/create_issue', 'editFiles']);
  assert.match(ds.find((d) => d.message.includes('runInTerminal'))!.fix ?? "", /Add `execute` to `tools`/);
});

test('applyTo is matched as VS Code matches it: a relative glob matches at any depth, and "never applies" needs every glob to miss', async () => {
  const ds = await lint({
    'services/api/go.mod': 'module x\n',
    'web/src/app.ts': 'export {};\n',
    '.github/instructions/go.instructions.md': '---\napplyTo: "go.mod"\n---\nGo rules.\n',
    '.github/instructions/ts.instructions.md': '---\napplyTo: "src/**/*.ts"\n---\nTS rules.\n',
    '.github/instructions/mixed.instructions.md': '---\napplyTo: "**/*.go,**/*.rs"\n---\nSystems rules.\n',
    '.github/instructions/gone.instructions.md': '---\napplyTo: "**/*.php,legacy/**"\n---\nPHP rules.\n',
    'services/api/main.go': 'package main\n',
  });
  assert.deepEqual(ds.map((d) => `${d.file} ${d.rule} ${d.severity}`), [
    '.github/instructions/gone.instructions.md applyto-no-match warning',
    '.github/instructions/mixed.instructions.md applyto-no-match info',
  ]);
  assert.match(ds[0]!.message, /globs `\*\*\/\*\.php`, `legacy\/\*\*` match no file in the repository, so these instructions never apply/);
  assert.match(ds[1]!.message, /`\*\*\/\*\.rs` matches no file \(the file's other globs do, so it still applies\)/);
});

test('broken links are checked in the markdown files the playbook links to, with a did-you-mean when the file is elsewhere', async () => {
  const ds = await lint({
    '.github/skills/release/SKILL.md': '---\nname: release\ndescription: how we release\n---\nFollow [the checklist](references/checklist.md).\n',
    '.github/skills/release/references/checklist.md': '# Checklist\n\nSee [the OS](../../../../docs/operating-system.md) and [runbook](runbook.md).\n',
    'docs/operating-system.md': '# OS\n\nGates are in [gates](gates.md) and [the style guide](style/guide.md).\n',
    'docs/process/gates.md': '# Gates\n',
    'docs/style/guide.md': '# Style\n\nBack to [the OS](../operating-system.md).\n',
  });
  assert.deepEqual(rules(ds), [
    '.github/skills/release/references/checklist.md:3 link-broken',
    'docs/operating-system.md:3 link-broken',
  ]);
  assert.match(ds[1]!.message, /points at `docs\/gates\.md`, which does not exist/);
  assert.match(ds[1]!.fix ?? "", /Did you mean `process\/gates\.md`\?/);
  assert.match(ds[0]!.fix ?? "", /Create the file/);
});
