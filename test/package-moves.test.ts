/**
 * Which dependencies a manifest adds or moves to another version, read as data (check/dependencies.ts):
 * the reading that lets a UI kit or a user-tracking library raise its own gate.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { crossesMajor, dependencyChanges, workspaceOf, packageMoves } from '../src/check/dependencies.ts';
import type { ChangedFile } from '../src/check/diff.ts';

const lines = (text: string) => text.split('\n').map((t, i) => ({ line: i + 1, text: t })).filter((l) => l.text !== '');

/** A changed file as readDiff gives it: old and new text, and the lines added and removed. */
function changed(path: string, before: string, after: string): ChangedFile {
  const was = new Set(before.split('\n'));
  const now = new Set(after.split('\n'));
  return {
    path, status: 'modified', before, after,
    added: lines(after).filter((l) => !was.has(l.text)),
    removed: lines(before).filter((l) => !now.has(l.text)),
  };
}

const pkg = (sections: Record<string, Record<string, string>>) => JSON.stringify({ name: 'app', ...sections }, null, 2) + '\n';

test('package.json: a new dependency, a changed one, and one moved between sections', () => {
  const before = pkg({ dependencies: { react: '^18.2.0', vitest: '^3.0.0' } });
  const after = pkg({ dependencies: { react: '^19.0.0', rrweb: '2.0.0-alpha.4' }, devDependencies: { vitest: '^3.0.0' } });
  const moves = packageMoves(changed('web/package.json', before, after));
  assert.deepEqual(moves.map(({ name, from, to }) => ({ name, from, to })), [
    { name: 'react', from: '^18.2.0', to: '^19.0.0' },
    { name: 'rrweb', from: null, to: '2.0.0-alpha.4' },
  ]);
  assert.ok(moves.every((m) => m.line > 1), 'each move points at its line');
});

test('line manifests: Gemfile, requirements, pyproject and go.mod name the version a removed line had', () => {
  const gem = packageMoves(changed('Gemfile', 'gem "rails", "~> 7.1"\n', 'gem "rails", "~> 8.0"\ngem "ahoy_matey"\n'));
  assert.deepEqual(gem.map(({ name, from, to }) => [name, from, to]), [['rails', '~> 7.1', '~> 8.0'], ['ahoy_matey', null, '']]);
  const req = packageMoves(changed('requirements/base.txt', 'Django==4.2\n# mixpanel==1.0\n', 'Django==5.1\n# mixpanel==1.0\nposthog[sentry]>=3.0\n'));
  assert.deepEqual(req.map(({ name, from, to }) => [name, from, to]), [['Django', '4.2', '5.1'], ['posthog', null, '3.0']]);
  const py = packageMoves(changed('pyproject.toml', '[project]\ndependencies = [\n  "httpx>=0.27",\n]\n', '[project]\ndependencies = [\n  "httpx>=0.28",\n  "mixpanel>=4.10",\n]\n'));
  assert.deepEqual(py.map(({ name, from, to }) => [name, from, to]), [['httpx', '0.27', '0.28'], ['mixpanel', null, '4.10']]);
  const go = packageMoves(changed('go.mod', 'require (\n\tgithub.com/gin-gonic/gin v1.9.1\n)\n', 'require (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/posthog/posthog-go v1.2.0\n)\n'));
  assert.deepEqual(go.map(({ name, from, to }) => [name, from, to]), [['github.com/gin-gonic/gin', 'v1.9.1', 'v1.10.0'], ['github.com/posthog/posthog-go', null, 'v1.2.0']]);
});

test('a major move is one whose first version numbers differ; a version with no number is none', () => {
  const move = (from: string | null, to: string) => crossesMajor({ name: 'x', from, to, line: 1 });
  assert.equal(move('^4.11.4', '^7.2.0'), true);
  assert.equal(move('~> 7.1', '~> 8.0'), true);
  assert.equal(move('v1.9.1', 'v2.0.0'), true);
  assert.equal(move('^5.1.0', '^5.2.0'), false);
  assert.equal(move('^5.1.0', 'catalog:'), false);
  assert.equal(move('workspace:*', '^2.0.0'), false);
  assert.equal(move(null, '^2.0.0'), false);
});

test('property: reordering a package.json and re-indenting it moves no package', () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
  const version = fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map(([a, b, c]) => `^${a}.${b}.${c}`);
  fc.assert(fc.property(fc.dictionary(name, version, { maxKeys: 12 }), fc.boolean(), (deps, tabs) => {
    const before = pkg({ dependencies: deps });
    const reversed = Object.fromEntries(Object.entries(deps).reverse());
    const after = JSON.stringify({ name: 'app', dependencies: reversed }, null, tabs ? '\t' : 4) + '\n';
    assert.deepEqual(packageMoves(changed('package.json', before, after)), []);
  }));
});

test('property: every dependency added to a package.json is reported once, as new', () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
  fc.assert(fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 10 }), fc.nat(9), (names, keep) => {
    const kept = names.slice(0, keep);
    const before = pkg({ dependencies: Object.fromEntries(kept.map((n) => [n, '^1.0.0'])) });
    const after = pkg({ dependencies: Object.fromEntries(names.map((n) => [n, '^1.0.0'])) });
    const moves = packageMoves(changed('package.json', before, after));
    assert.deepEqual(moves.map((m) => m.name).sort(), names.slice(kept.length).sort());
    assert.ok(moves.every((m) => m.from === null));
  }));
});

/** A Cargo.lock: the workspace's own crates (no source) with what each depends on, and registry crates. */
const cargoLock = (own: Record<string, string[]>, crates: string[]) =>
  ['version = 4',
    ...Object.entries(own).map(([n, deps]) => `\n[[package]]\nname = "${n}"\nversion = "0.1.0"\ndependencies = [\n${deps.map((d) => ` "${d}",`).join('\n')}\n]`),
    ...crates.map((c) => { const [n, v] = c.split('@'); return `\n[[package]]\nname = "${n}"\nversion = "${v}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"`; })].join('\n') + '\n';

test('a crate that starts using crates another crate of its workspace already uses adds no dependency; one only pulled in by another crate does', () => {
  // base64 came in only through serde_json's tree: no crate of the workspace chose it.
  const crates = ['serde@1.0.200', 'base64@0.22.1', 'serde_json@1.0.120'];
  const lock = changed('Cargo.lock', cargoLock({ server: ['serde', 'serde_json'] }, crates), cargoLock({ server: ['serde', 'serde_json'], handlers: ['base64', 'serde'] }, crates));
  const manifest = { ...changed('crates/handlers/Cargo.toml', '', '[package]\nname = "handlers"\n\n[dependencies]\nserde = "1"\nbase64 = "0.22"\n'), status: 'added' as const };
  const workspace = workspaceOf([lock, manifest]);
  assert.deepEqual(dependencyChanges(lock), []);
  assert.deepEqual(dependencyChanges(manifest, workspace(manifest.path)), ['crates/handlers/Cargo.toml:6 base64 = "0.22"']);
  // Without the lockfile in the change nothing is known.
  assert.equal(dependencyChanges(manifest, workspaceOf([manifest])(manifest.path)).length, 2);
  // A crate the workspace uses, moved to another version in this manifest, is still a change.
  const bump = changed('crates/handlers/Cargo.toml', '[dependencies]\nserde = "0.9"\n', '[dependencies]\nserde = "1"\n');
  assert.deepEqual(dependencyChanges(bump, workspaceOf([lock, bump])(bump.path)), ['crates/handlers/Cargo.toml:2 serde = "1"']);
});

test('a workspace package that starts using a package another workspace package already depends on adds no dependency; a transitive one made direct does', () => {
  const lockOf = (web: Record<string, string>, pkgs: Record<string, string>) => JSON.stringify({ lockfileVersion: 3, packages: {
    '': { name: 'mono', workspaces: ['packages/*'], dependencies: { zod: '^3.23.0' } },
    'packages/web': { name: 'web', dependencies: web },
    ...Object.fromEntries(Object.entries(pkgs).map(([n, v]) => [`node_modules/${n}`, { version: v }])),
  } }, null, 2) + '\n';
  // @tanstack/virtual-core is in the tree (under another tanstack package), but nobody depended on it.
  const tree = { zod: '3.23.8', '@tanstack/virtual-core': '3.13.0' };
  const lock = changed('package-lock.json', lockOf({ react: '^19.0.0' }, tree), lockOf({ react: '^19.0.0', zod: '^3.23.0', '@tanstack/virtual-core': '^3.13.0' }, tree));
  const web = changed('packages/web/package.json', pkg({ dependencies: { react: '^19.0.0' } }), pkg({ dependencies: { react: '^19.0.0', zod: '^3.23.0', '@tanstack/virtual-core': '^3.13.0' } }));
  assert.deepEqual(dependencyChanges(web, workspaceOf([lock, web])(web.path)), ['packages/web/package.json:6 adds dependencies @tanstack/virtual-core@^3.13.0']);
  assert.deepEqual(dependencyChanges(lock), []);
  // The lockfile of another project in the repository says nothing about this one.
  const other = changed('tools/package-lock.json', lockOf({}, tree), lockOf({}, tree));
  assert.equal(dependencyChanges(web, workspaceOf([other, web])(web.path)).length, 2);
});

test('a release that asks for the workspace\'s own packages at their new version adds no dependency; a registry package beside them does', () => {
  const lockOf = (sdk: string, elements: Record<string, string>) => JSON.stringify({ lockfileVersion: 3, packages: {
    '': { name: 'frontend', workspaces: ['sdk', 'elements'] },
    sdk: { name: '@acme/sdk', version: sdk },
    elements: { name: '@acme/elements', dependencies: elements },
    'node_modules/@acme/sdk': { resolved: 'sdk', link: true },
    'node_modules/preact': { version: '10.28.2' },
  } }, null, 2) + '\n';
  const lock = changed('frontend/package-lock.json', lockOf('2.3.0', { '@acme/sdk': '^2.3.0', preact: '^10.28.2' }), lockOf('2.4.0', { '@acme/sdk': '^2.4.0', preact: '^10.28.2' }));
  const elements = changed('frontend/elements/package.json', pkg({ dependencies: { '@acme/sdk': '^2.3.0', preact: '^10.28.2' } }), pkg({ dependencies: { '@acme/sdk': '^2.4.0', preact: '^10.28.2' } }));
  assert.deepEqual(dependencyChanges(elements, workspaceOf([lock, elements])(elements.path)), []);
  assert.deepEqual(dependencyChanges(lock), []);
  // A package of the registry moved in the same manifest is still a dependency change.
  const both = changed('frontend/elements/package.json', pkg({ dependencies: { '@acme/sdk': '^2.3.0', preact: '^10.27.0' } }), pkg({ dependencies: { '@acme/sdk': '^2.4.0', preact: '^10.28.2' } }));
  assert.deepEqual(dependencyChanges(both, workspaceOf([lock, both])(both.path)), ['frontend/elements/package.json:5 changes dependencies preact@^10.28.2']);
  // A crate of the workspace asked for by another is its own code too.
  const crates = cargoLock({ server: ['core'], core: [] }, []);
  const server = changed('crates/server/Cargo.toml', '[dependencies]\ncore = { path = "../core", version = "0.1" }\n', '[dependencies]\ncore = { path = "../core", version = "0.2" }\n');
  assert.deepEqual(dependencyChanges(server, workspaceOf([changed('Cargo.lock', crates, crates), server])(server.path)), []);
});

test('uv.lock is read as data: the project\'s own new version resolves nothing, a registry package at another version does', () => {
  const lock = (own: string, flask: string) => `version = 1\n\n[[package]]\nname = "flask"\nversion = "${flask}"\nsource = { registry = "https://pypi.org/simple" }\n\n[[package]]\nname = "ihatemoney"\nversion = "${own}"\nsource = { editable = "." }\ndependencies = [\n    { name = "flask" },\n]\n`;
  assert.deepEqual(dependencyChanges(changed('uv.lock', lock('6.2.0.dev0', '3.1.0'), lock('7.0.1.dev0', '3.1.0'))), []);
  assert.deepEqual(dependencyChanges(changed('uv.lock', lock('7.0.1', '3.1.0'), lock('7.0.1', '3.1.2'))), ['uv.lock resolves flask@3.1.2 (was 3.1.0)']);
});

test('setup.cfg: requirements under options and extras are read, with their whole specifier; metadata and tool settings are not', () => {
  const cfg = (version: string, wtf: string, vermin: string) => `[metadata]\nname = ihatemoney\nversion = ${version}\n\n[options]\npackages = find:\ninstall_requires =\n    Flask>=2.0\n    Flask-WTF${wtf}  # see upstream\n\n[options.extras_require]\ndev =\n    vermin${vermin}\n\n[flake8]\nmax-line-length = 100\n`;
  assert.deepEqual(dependencyChanges(changed('setup.cfg', cfg('6.1.1', '>=0.14.3,<1.2', '==1.5.1'), cfg('6.1.2.dev0', '>=0.14.3,<1.2', '==1.5.1'))), []);
  assert.deepEqual(dependencyChanges(changed('setup.cfg', cfg('6.1.1', '>=0.14.3,<1.2', '==1.5.1'), cfg('6.1.1', '>=0.14.3,<2', '==1.5.2'))), [
    'setup.cfg:9 requires flask-wtf >=0.14.3,<2 (was >=0.14.3,<1.2)',
    'setup.cfg:13 requires vermin ==1.5.2 (was ==1.5.1)',
  ]);
  const added = cfg('6.1.1', '>=1', '==1.5.1').replace('    Flask>=2.0\n', '    Flask>=2.0\n    cachetools\n');
  assert.deepEqual(dependencyChanges(changed('setup.cfg', cfg('6.1.1', '>=1', '==1.5.1'), added)), ['setup.cfg:9 requires cachetools']);
});

test('property: every manifest and lockfile reader takes any text without throwing, and its evidence names the file', () => {
  const names = ['package.json', 'composer.json', 'Cargo.toml', 'Cargo.lock', 'uv.lock', 'pyproject.toml', 'setup.cfg', 'Gemfile', 'go.mod', 'requirements.txt', 'package-lock.json'];
  // Lines that look like the formats' own, mixed with anything.
  const line = fc.oneof(fc.string(), fc.constantFrom('[[package]]', '[options]', '[options.extras_require]', 'install_requires =', '    flask>=2', 'dev =', 'name = "x"', 'version = "1.0"', 'source = { editable = "." }', 'source = { registry = "r" }', '[dependencies]', 'serde = "1"', '{', '}', '"dependencies": {'));
  const text = fc.array(line, { maxLength: 30 }).map((ls) => ls.join('\n'));
  fc.assert(fc.property(fc.constantFrom(...names), text, text, (name, before, after) => {
    for (const evidence of dependencyChanges(changed(`app/${name}`, before, after))) assert.ok(evidence.startsWith(`app/${name}`), evidence);
  }), { numRuns: 400 });
});
