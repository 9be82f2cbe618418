// Bundles the CLI into dist/ with esbuild: one file per lazily loaded command, so start-up reads
// little, and no TypeScript at run time.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { kao: 'src/cli/kao.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  minify: !process.env.KAO_NO_MINIFY,
  keepNames: true,
  logLevel: 'warning',
  define: { __KAO_VERSION__: JSON.stringify(pkg.version) },
  // jsonc-parser's `main` is a UMD wrapper whose require() calls a bundler cannot follow; its ESM build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __kaoRequire } from 'node:module'; const require = __kaoRequire(import.meta.url);" },
});

// Compile the built-in playbook once, now, so commands start without parsing it (see
// src/playbook/builtin-snapshot.ts). A built-in playbook with any diagnostic fails the build.
const kao = await import('../dist/index.js');
const dir = kao.builtinPlaybookDir();
const playbook = await kao.compileFolder(dir);
if (playbook.diagnostics.length > 0 || !playbook.model) {
  for (const d of playbook.diagnostics) console.error(`playbook/${d.file}:${d.line}:${d.column} ${d.rule} ${d.message}`);
  throw new Error('the built-in playbook does not compile cleanly');
}
writeFileSync(kao.snapshotPath(dir), kao.renderSnapshot(dir, playbook));
