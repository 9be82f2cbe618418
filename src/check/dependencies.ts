/**
 * Did a change add or change a third-party dependency? Reads the manifests and lockfiles of npm,
 * Go, Python, Rust, Java, Ruby and PHP as data (old vs new), so a script or a version field edit in
 * package.json is not mistaken for a new dependency. Pure.
 */
import type { ChangedFile } from './diff.ts';

const LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb', 'go.sum', 'poetry.lock', 'Pipfile.lock', 'uv.lock', 'Cargo.lock', 'gradle.lockfile', 'Gemfile.lock', 'composer.lock']);
const NPM_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
const COMPOSER_SECTIONS = ['require', 'require-dev'];

const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);

const MANIFESTS = new Set(['package.json', 'go.mod', 'Cargo.toml', 'pyproject.toml', 'Pipfile', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'Gemfile', 'composer.json']);

/** A dependency manifest or lockfile of any ecosystem kao reads. */
export function isDependencyFile(path: string): boolean {
  const name = base(path);
  return LOCKFILES.has(name) || MANIFESTS.has(name) || /^requirements.*\.txt$/.test(name) || /(^|\/)requirements\/[^/]+\.txt$/.test(path);
}

/** Files whose old and new text the check needs. */
export function isManifest(path: string): boolean {
  const name = base(path);
  return name === 'package.json' || name === 'composer.json' || name === 'Cargo.toml' || name === 'pyproject.toml' || NPM_LOCKS.has(name);
}

/** npm's lockfiles, read as data: a release that bumps the project's own version resolves nothing anew. */
const NPM_LOCKS = new Set(['package-lock.json', 'npm-shrinkwrap.json']);

/** Evidence (`path:line what`) that the file changes dependencies; empty when it does not. */
export function dependencyChanges(file: ChangedFile): string[] {
  const name = base(file.path);
  if (file.status === 'deleted') return [];
  if (NPM_LOCKS.has(name) && file.before != null && file.after != null) return npmLockChanges(file);
  if (LOCKFILES.has(name)) return [`${file.path} lockfile changed`];
  const at = (line: number, what: string) => `${file.path}:${line} ${what}`;
  if (name === 'package.json') return jsonChanges(file, NPM_SECTIONS);
  if (name === 'composer.json') return jsonChanges(file, COMPOSER_SECTIONS);
  if (name === 'Gemfile') return file.added.filter((l) => /^\s*gem\s+["']/.test(l.text)).map((l) => at(l.line, `requires ${l.text.trim()}`));
  if (name === 'go.mod') {
    return file.added.filter((l) => /^\s*(require\s+)?[\w.-]+\.[\w.-]+\/\S+\s+v\d/.test(l.text)).map((l) => at(l.line, `requires ${l.text.trim().replace(/^require\s+/, '')}`));
  }
  if (/^requirements.*\.txt$/.test(name) || /(^|\/)requirements\/[^/]+\.txt$/.test(file.path)) {
    return file.added.filter((l) => /^\s*[A-Za-z0-9][\w.-]*/.test(l.text) && !/^\s*#/.test(l.text)).map((l) => at(l.line, `requires ${l.text.trim()}`));
  }
  if (name === 'Cargo.toml' || name === 'pyproject.toml') return tomlChanges(file, name === 'Cargo.toml' ? /dependencies\]$/ : /(dependencies|dependency-groups.*)\]$/);
  if (name === 'pom.xml') return file.added.filter((l) => /<(dependency|artifactId)>/.test(l.text)).map((l) => at(l.line, l.text.trim()));
  if (name === 'build.gradle' || name === 'build.gradle.kts') {
    return file.added.filter((l) => /^\s*(implementation|api|compileOnly|runtimeOnly|testImplementation|kapt|annotationProcessor)\b/.test(l.text)).map((l) => at(l.line, l.text.trim()));
  }
  return [];
}

/** Entries of the manifest's dependency sections (npm's, or composer's `require`) that are new or changed. */
function jsonChanges(file: ChangedFile, sections: readonly string[]): string[] {
  const parse = (text: string | null | undefined): Record<string, unknown> => {
    try {
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  const before = parse(file.before);
  const after = parse(file.after);
  const out: string[] = [];
  for (const section of sections) {
    const was = (before[section] ?? {}) as Record<string, string>;
    const now = (after[section] ?? {}) as Record<string, string>;
    for (const [dep, version] of Object.entries(now)) {
      if (was[dep] === version) continue;
      const line = file.added.find((l) => l.text.includes(`"${dep}"`))?.line ?? 1;
      out.push(`${file.path}:${line} ${was[dep] === undefined ? 'adds' : 'changes'} ${section} ${dep}@${version}`);
    }
  }
  return out;
}

const MAX_LOCK_EVIDENCE = 5;

/**
 * Packages an npm lockfile resolves anew (added or at another version), from `packages` (lockfile v2/3)
 * or `dependencies` (v1). The project itself (`""`) and its workspaces (keys outside node_modules)
 * are its own code, not dependencies. A lockfile that does not parse counts as changed.
 */
function npmLockChanges(file: ChangedFile): string[] {
  const resolved = (text: string): Map<string, string> | null => {
    try {
      const lock = JSON.parse(text) as { packages?: Record<string, { version?: string; link?: boolean }>; dependencies?: Record<string, { version?: string }> };
      const out = new Map<string, string>();
      for (const [key, entry] of Object.entries(lock.packages ?? {})) {
        const at = key.lastIndexOf('node_modules/');
        if (at === -1 || entry.link || !entry.version) continue;
        // A copy nested under another package is named with where it sits: `b (under node_modules/a)`.
        out.set(key.slice(at + 'node_modules/'.length) + (at > 0 && key.indexOf('node_modules/') < at ? ` (under ${key.slice(0, at - 1)})` : ''), entry.version);
      }
      if (!lock.packages) for (const [dep, entry] of Object.entries(lock.dependencies ?? {})) if (entry.version) out.set(dep, entry.version);
      return out;
    } catch {
      return null;
    }
  };
  const before = resolved(file.before ?? '');
  const after = resolved(file.after ?? '');
  if (!before || !after) return [`${file.path} lockfile changed`];
  const changed = [...after].filter(([dep, version]) => before.get(dep) !== version);
  const shown = changed.slice(0, MAX_LOCK_EVIDENCE).map(([dep, version]) => `${file.path} resolves ${dep}@${version}${before.has(dep) ? ` (was ${before.get(dep)})` : ' (new)'}`);
  return changed.length > MAX_LOCK_EVIDENCE ? [...shown, `${file.path} and ${changed.length - MAX_LOCK_EVIDENCE} more packages`] : shown;
}

/** Added `name = …` lines inside a dependencies table of a TOML manifest. */
function tomlChanges(file: ChangedFile, section: RegExp): string[] {
  const lines = (file.after ?? '').split('\n');
  const sectionOf = (line: number) => {
    for (let i = line - 1; i >= 0; i--) {
      const m = /^\s*\[([^\]]+\])\s*$/.exec(lines[i] ?? '');
      if (m) return m[1]!;
    }
    return '';
  };
  return file.added
    .filter((l) => /^\s*"?[A-Za-z0-9][\w.-]*"?\s*(=|>=|==|~=|<)|^\s*"[A-Za-z0-9][\w.-]*[^"]*",?\s*$/.test(l.text) && section.test(sectionOf(l.line)))
    .map((l) => `${file.path}:${l.line} ${l.text.trim()}`);
}
