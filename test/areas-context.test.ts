// The area map and per-file context on real folders: the argo-workflows corpus files laid out as
// in their repository (four nested AGENTS.md), and a small monorepo for the area map.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { areaMatcher, detectAreas } from '../src/playbook/areas.ts';
import { contextFor } from '../src/playbook/context.ts';
import { loadBuiltin, loadPlaybook } from '../src/playbook/load.ts';
import { CORPUS, kao, tempDir } from './helpers.ts';

test('the nearest AGENTS.md governs a file and overrides the ones above it', async () => {
  const root = tempDir();
  cpSync(join(CORPUS, 'argoproj__argo-workflows'), root, { recursive: true });
  const artifacts = (await loadPlaybook(root)).artifacts.filter((a) => a.origin === 'repo').map((a) => a.artifact);
  const ctx = contextFor('workflow/controller/operator.go', artifacts);
  assert.equal(ctx.agentsMd?.file, 'workflow/controller/AGENTS.md');
  assert.deepEqual(ctx.overridden.map((a) => a.file), ['AGENTS.md']);
  assert.equal(contextFor('ui/src/app.tsx', artifacts).agentsMd?.file, 'ui/AGENTS.md');
  assert.equal(contextFor('workflow/util/util.go', artifacts).agentsMd?.file, 'AGENTS.md');
  assert.equal(contextFor('docs/README.md', artifacts).agentsMd?.file, 'docs/AGENTS.md');
});

test('instruction files apply to the files their applyTo globs match', async () => {
  const root = tempDir();
  const files: Record<string, string> = {
    '.github/instructions/go.instructions.md': "---\napplyTo: '**/*.go,**/go.mod'\n---\n# Go\n",
    '.github/instructions/all.instructions.md': "---\napplyTo: '**'\n---\n# All\n",
    '.github/instructions/manual.instructions.md': '---\ndescription: attach by hand\n---\n# Manual\n',
    'backend/main.go': 'package main\n',
  };
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), t);
  }
  const r = kao(['compile', root, '--for', 'backend/main.go']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    path: 'backend/main.go',
    instructions: [
      { file: '.github/instructions/all.instructions.md', applyTo: ['**'] },
      { file: '.github/instructions/go.instructions.md', applyTo: ['**/*.go', '**/go.mod'] },
    ],
    agentsMd: null,
    overridden: [],
  });
});

test('the built-in area map sorts a monorepo into areas, most specific first', async () => {
  const { model } = await loadBuiltin();
  const areaOf = areaMatcher(model!.areas);
  const expected: Record<string, string | null> = {
    'backend/internal/billing/stripe.go': 'backend',
    'backend/migrations/0007_add_stock.sql': 'backend',
    'portal/src/pages/Orders.tsx': 'web',
    'portal/src/locales/ar/orders.json': 'i18n',
    '.github/workflows/ci.yml': 'infra',
    '.github/agents/backend-lead.agent.md': 'agent-os',
    'docs/adr/0001.md': 'docs',
    'packages/ui/button.tsx': 'web',
    'packages/money/format.ts': 'shared',
    'deploy/helm/values.yaml': 'infra',
    'Makefile': null,
  };
  for (const [path, area] of Object.entries(expected)) assert.equal(areaOf(path), area, path);
});

test('area detection reports which areas a repository has and where', async () => {
  const { model } = await loadBuiltin();
  const detected = detectAreas(['backend/a.go', 'backend/b.go', 'cmd/x/main.go', 'portal/src/A.tsx', 'README.md', 'Makefile'], model!.areas);
  assert.deepEqual(detected, [
    { area: 'docs', files: 1, roots: ['README.md'] },
    { area: 'backend', files: 3, roots: ['backend/', 'cmd/'] },
    { area: 'web', files: 1, roots: ['portal/'] },
  ]);
});
