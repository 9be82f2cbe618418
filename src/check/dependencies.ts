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
  return LOCKFILES.has(name) || MANIFESTS.has(name) || isRequirements(path);
}

/** pip's requirements files: `requirements*.txt`, or any `.txt` in a `requirements/` folder. */
const isRequirements = (path: string) => /^requirements.*\.txt$/.test(base(path)) || /(^|\/)requirements\/[^/]+\.txt$/.test(path);

/**
 * A manifest a test builds from (a plugin under Go's testdata/, which the go tool never builds into the
 * product, or a fixtures/ project): what it requires ships with nothing.
 */
const isFixture = (path: string) => /(^|\/)(testdata|fixtures|__fixtures__)\//.test(path);

/** Files whose old and new text the check needs. */
export function isManifest(path: string): boolean {
  const name = base(path);
  return name === 'package.json' || name === 'composer.json' || name === 'Cargo.toml' || name === 'pyproject.toml' || name === 'setup.cfg' || TOML_LOCKS.has(name) || NPM_LOCKS.has(name);
}

/** npm's lockfiles, read as data: a release that bumps the project's own version resolves nothing anew. */
const NPM_LOCKS = new Set(['package-lock.json', 'npm-shrinkwrap.json']);
/** Lockfiles of `[[package]]` tables (Cargo's, uv's), read as data the same way. */
const TOML_LOCKS = new Set(['Cargo.lock', 'uv.lock']);

/**
 * Evidence (`path:line what`) that the file changes dependencies; empty when it does not.
 * `workspace` is what the manifest's workspace knows (see `workspaceOf`): a package another member
 * already depended on, declared by one more crate or workspace package, is no new choice; a member
 * itself (`@acme/sdk` at the version the release gives it) is the project's own code.
 */
export function dependencyChanges(file: ChangedFile, workspace: Workspace = NO_WORKSPACE): string[] {
  const name = base(file.path);
  if (file.status === 'deleted' || isFixture(file.path)) return [];
  if (NPM_LOCKS.has(name) && file.before != null && file.after != null) return npmLockChanges(file);
  if (TOML_LOCKS.has(name) && file.before != null && file.after != null) return tomlLockChanges(file);
  // go.sum holds checksums; go.mod alone selects the versions built, so go.sum changing by itself
  // (`go mod tidy` recording a hash) builds nothing new.
  if (name === 'go.sum') return [];
  if (LOCKFILES.has(name)) return [`${file.path} lockfile changed`];
  const at = (line: number, what: string) => `${file.path}:${line} ${what}`;
  if (name === 'package.json') return [...jsonChanges(file, NPM_SECTIONS, workspace), ...packageManagerChange(file)];
  if (name === 'composer.json') return jsonChanges(file, COMPOSER_SECTIONS);
  // Line manifests: a requirement moved to another line or block at the same version (go.mod's
  // `// indirect` sorting) resolves nothing anew.
  if (name === 'Gemfile' || name === 'go.mod' || isRequirements(file.path)) {
    return packageMoves(file).map((m) => at(m.line, `requires ${m.name}${m.to ? ` ${m.to}` : ''}${m.from ? ` (was ${m.from})` : ''}`));
  }
  if (name === 'Cargo.toml') return tomlChanges(file, /dependencies\]$/, workspace);
  if (name === 'pyproject.toml') return tomlChanges(file, /(dependencies|dependency-groups.*)\]$/, NO_WORKSPACE);
  if (name === 'setup.cfg') return setupCfgChanges(file);
  if (name === 'pom.xml') return file.added.filter((l) => /<(dependency|artifactId)>/.test(l.text)).map((l) => at(l.line, l.text.trim()));
  if (name === 'build.gradle' || name === 'build.gradle.kts') {
    return file.added.filter((l) => /^\s*(implementation|api|compileOnly|runtimeOnly|testImplementation|kapt|annotationProcessor)\b/.test(l.text)).map((l) => at(l.line, l.text.trim()));
  }
  return [];
}

/** Entries of the manifest's dependency sections (npm's, or composer's `require`) that are new or changed. */
function jsonChanges(file: ChangedFile, sections: readonly string[], workspace: Workspace = NO_WORKSPACE): string[] {
  return jsonEntries(file, sections).filter((e) => !workspace.members.has(e.name) && !(e.from === null && workspace.usedBefore.has(e.name))).map((e) => `${file.path}:${e.line} ${e.from === null ? 'adds' : 'changes'} ${e.section} ${e.name}@${e.to}`);
}

/** package.json's `packageManager` (`pnpm@10.12.1`): the package manager corepack installs is a dependency of the build. */
function packageManagerChange(file: ChangedFile): string[] {
  const read = (text: string | null | undefined): unknown => {
    try {
      return text ? (JSON.parse(text) as { packageManager?: unknown }).packageManager : undefined;
    } catch {
      return undefined;
    }
  };
  const now = read(file.after);
  if (typeof now !== 'string' || now === read(file.before)) return [];
  const line = file.added.find((l) => l.text.includes('"packageManager"'))?.line ?? 1;
  return [`${file.path}:${line} packageManager ${now}`];
}

/** A JSON manifest's dependency sections, read; text that does not parse has none. */
function jsonSections(text: string | null | undefined, sections: readonly string[]): Map<string, Record<string, string>> {
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // Half-edited JSON names no dependency.
  }
  return new Map(sections.map((s) => [s, (json[s] ?? {}) as Record<string, string>]));
}

function jsonEntries(file: ChangedFile, sections: readonly string[]): (PackageMove & { section: string })[] {
  const before = jsonSections(file.before, sections);
  const after = jsonSections(file.after, sections);
  const out: (PackageMove & { section: string })[] = [];
  for (const section of sections) {
    const was = before.get(section)!;
    const now = after.get(section)!;
    for (const [name, to] of Object.entries(now)) {
      if (was[name] === to) continue;
      const line = file.added.find((l) => l.text.includes(`"${name}"`))?.line ?? 1;
      out.push({ name, from: was[name] ?? null, to, line, section });
    }
  }
  return out;
}

/** A dependency a manifest now asks for anew (`from` null) or at another version. */
export interface PackageMove {
  name: string;
  from: string | null;
  to: string;
  line: number;
}

/** One requirement per line, as Gemfiles, requirements files, pyproject lists and go.mod write them: name and version. */
const REQUIREMENT_LINE: Record<string, RegExp> = {
  Gemfile: /^\s*gem\s+["']([\w.-]+)["']\s*(?:,\s*["']([^"']+)["'])?/,
  // A module, or the Go version and toolchain the module builds with (`go 1.23.4`, `toolchain go1.25.1`).
  'go.mod': /^\s*(?:require\s+)?([\w.-]+\.[\w.-]+\/\S+|go|toolchain)\s+(v?\d\S*|go\d\S*)/,
  requirements: /^\s*([A-Za-z0-9][\w.-]*)(?:\[[^\]]*\])?\s*(?:[=~<>!]=?\s*([^\s;,#]+))?/,
  'pyproject.toml': /^\s*"([A-Za-z0-9][\w.-]*)(?:\[[^\]]*\])?\s*(?:[=~<>!]=?\s*([^\s;,"]+))?[^"]*",?\s*$|^\s*([A-Za-z0-9][\w.-]*)\s*=\s*(?:\{[^}]*version\s*=\s*)?"([^"]+)"/,
};

/**
 * The dependencies a manifest adds or moves to another version, as data: npm's and composer's
 * sections compared old vs new (a move between sections is no arrival); Gemfiles, requirements
 * files, pyproject and go.mod read line by line, a removed line naming the version it had.
 */
export function packageMoves(file: ChangedFile): PackageMove[] {
  if (file.status === 'deleted') return [];
  const name = base(file.path);
  if (name === 'package.json' || name === 'composer.json') {
    const sections = name === 'package.json' ? NPM_SECTIONS : COMPOSER_SECTIONS;
    // A dependency moved to another section (dependencies → devDependencies) is not new to the project.
    const had = new Map([...jsonSections(file.before, sections).values()].flatMap((deps) => Object.entries(deps)));
    return jsonEntries(file, sections)
      .map(({ name: dep, to, line, from }) => ({ name: dep, to, line, from: from ?? had.get(dep) ?? null }))
      .filter((e) => e.from !== e.to);
  }
  const kind = isRequirements(file.path) ? 'requirements' : name;
  const re = REQUIREMENT_LINE[kind];
  if (!re) return [];
  const read = (text: string): { name: string; version: string } | null => {
    if (/^\s*#/.test(text)) return null;
    const m = re.exec(text);
    const found = m?.[1] ?? m?.[3];
    return m && found ? { name: found, version: m[2] ?? m[4] ?? '' } : null;
  };
  const had = new Map((file.removed ?? []).flatMap((l) => {
    const r = read(l.text);
    return r ? [[r.name.toLowerCase(), r.version] as const] : [];
  }));
  return file.added.flatMap((l) => {
    const r = read(l.text);
    if (!r) return [];
    const from = had.get(r.name.toLowerCase());
    return from === r.version ? [] : [{ name: r.name, from: from ?? null, to: r.version, line: l.line }];
  });
}

/**
 * Whether a move crosses a major version: the first numbers of both version ranges differ
 * (`^4.11.4` → `^7.2.0`). A version that names no number (`catalog:`, `workspace:*`, a git URL)
 * says nothing, so it is no major move.
 */
export function crossesMajor(move: PackageMove): boolean {
  const major = (v: string | null) => (v === null ? null : /^\D{0,3}?(\d+)/.exec(v.trim())?.[1] ?? null);
  const from = major(move.from);
  const to = major(move.to);
  return from !== null && to !== null && from !== to;
}

const MAX_LOCK_EVIDENCE = 5;

/**
 * Packages an npm lockfile resolves anew (added or at another version), from `packages` (lockfile v2/3)
 * or `dependencies` (v1). The project itself (`""`) and its workspaces (keys outside node_modules)
 * are its own code, not dependencies. A lockfile that does not parse counts as changed.
 */
function npmLockChanges(file: ChangedFile): string[] {
  const before = npmResolved(file.before ?? '');
  const after = npmResolved(file.after ?? '');
  if (!before || !after) return [`${file.path} lockfile changed`];
  return lockEvidence(file.path, [...after].filter(([dep, version]) => before.get(dep) !== version).map(([dep, version]) => ({ dep, version, was: before.get(dep) })));
}

/**
 * Packages a Cargo.lock or uv.lock resolves anew. Registry and git packages carry a `source`; the
 * project's own (no source in Cargo's, an editable or virtual one in uv's) do not count, so a release
 * that bumps them resolves nothing anew. A lockfile with no package entries counts as changed.
 */
function tomlLockChanges(file: ChangedFile): string[] {
  const before = tomlLockResolved(file.before ?? '');
  const after = tomlLockResolved(file.after ?? '');
  if (!before || !after) return [`${file.path} lockfile changed`];
  const versionsBefore = new Map([...before.keys()].map((k) => [k.split(' ')[0]!, before.get(k)!]));
  return lockEvidence(file.path, [...after.keys()].filter((k) => !before.has(k)).map((k) => {
    const dep = k.split(' ')[0]!;
    return { dep, version: after.get(k)!, was: versionsBefore.get(dep) };
  }));
}

/**
 * An npm lockfile's packages and the versions it resolves them at; null when it does not parse. A
 * copy nested under another package is named with where it sits: `b (under node_modules/a)`.
 */
function npmResolved(text: string): Map<string, string> | null {
  try {
    const lock = JSON.parse(text) as { packages?: Record<string, { version?: string; link?: boolean }>; dependencies?: Record<string, { version?: string }> };
    const out = new Map<string, string>();
    for (const [key, entry] of Object.entries(lock.packages ?? {})) {
      const at = key.lastIndexOf('node_modules/');
      if (at === -1 || entry.link || !entry.version) continue;
      out.set(key.slice(at + 'node_modules/'.length) + (at > 0 && key.indexOf('node_modules/') < at ? ` (under ${key.slice(0, at - 1)})` : ''), entry.version);
    }
    if (!lock.packages) for (const [dep, entry] of Object.entries(lock.dependencies ?? {})) if (entry.version) out.set(dep, entry.version);
    return out;
  } catch {
    return null;
  }
}

/**
 * A Cargo.lock's or uv.lock's registry and git packages, keyed `name version` (one package can be
 * resolved at several versions); null when it has none. uv writes the project and its path
 * dependencies with a local source (`{ editable = "." }`, `virtual`, `directory`, `path`).
 */
function tomlLockResolved(text: string): Map<string, string> | null {
  const blocks = packageTables(text);
  if (blocks.length === 0) return null;
  const out = new Map<string, string>();
  for (const block of blocks) {
    const key = (k: string) => new RegExp(`^${k}\\s*=\\s*"([^"]*)"`, 'm').exec(block)?.[1];
    const name = key('name');
    const version = key('version');
    const source = /^source\s*=\s*(.+)$/m.exec(block)?.[1];
    if (name && version && source !== undefined && !/^\{\s*(editable|virtual|directory|path)\s*=/.test(source)) out.set(`${name} ${version}`, version);
  }
  return out;
}

/** The `[[package]]` tables of a Cargo.lock or uv.lock, each as its text. */
const packageTables = (text: string) => text.split(/^\[\[package\]\]\s*$/m).slice(1);

/** What a manifest's workspace knew before the change, as its lockfile records it. */
export interface Workspace {
  /** The packages its members (the project's own crates or packages) depended on directly. */
  usedBefore: ReadonlySet<string>;
  /** Its members' own names: the project's code, whatever version a manifest asks of it. */
  members: ReadonlySet<string>;
}

const NO_WORKSPACE: Workspace = { usedBefore: new Set(), members: new Set() };

/** A workspace's own members in a Cargo.lock: the crates without a source. */
function cargoWorkspace(text: string): Workspace {
  const own = packageTables(text).filter((block) => !/^source\s*=/m.test(block));
  return {
    usedBefore: new Set(own.flatMap((block) => [.../^dependencies\s*=\s*\[([^\]]*)\]/m.exec(block)?.[1]?.matchAll(/"([^"\s]+)/g) ?? []].map((m) => m[1]!))),
    members: new Set(own.flatMap((block) => /^name\s*=\s*"([^"]+)"/m.exec(block)?.[1] ?? [])),
  };
}

/** A workspace's own members in a package-lock.json: the keys outside node_modules. */
function npmWorkspace(text: string): Workspace {
  try {
    const lock = JSON.parse(text) as { packages?: Record<string, Record<string, unknown>> };
    const own = Object.entries(lock.packages ?? {}).filter(([key]) => !key.includes('node_modules/')).map(([, entry]) => entry);
    return {
      usedBefore: new Set(own.flatMap((entry) => NPM_SECTIONS.flatMap((section) => Object.keys((entry[section] ?? {}) as object)))),
      members: new Set(own.flatMap((entry) => typeof entry.name === 'string' ? [entry.name] : [])),
    };
  } catch {
    return NO_WORKSPACE;
  }
}

/** Which lockfile records a manifest's workspace, and how to read it. */
const LOCK_OF: Record<string, { lock: string; read: (text: string) => Workspace }> = {
  'Cargo.toml': { lock: 'Cargo.lock', read: cargoWorkspace },
  'package.json': { lock: 'package-lock.json', read: npmWorkspace },
};

/**
 * What the manifest's workspace knew before the change, when its lockfile (the nearest one at or
 * above the manifest's folder) is part of the change. A crate or workspace package that starts to use
 * a package another member already depended on brings no code in that the project had not chosen; a
 * package only pulled in by another (transitive) is not one: depending on it directly is a new choice.
 * A member asked for at its new version (a release bumping `@acme/sdk` everywhere) is the project's
 * own code. Without the lockfile in the change, nothing is known.
 */
export function workspaceOf(files: readonly ChangedFile[]): (manifest: string) => Workspace {
  const locks = new Map(files.filter((f) => f.before != null && f.after != null).map((f) => [f.path, f.before!]));
  const memo = new Map<string, Workspace>();
  return (manifest) => {
    const of = LOCK_OF[base(manifest)];
    if (!of) return NO_WORKSPACE;
    for (let dir = manifest.slice(0, manifest.lastIndexOf('/') + 1); ; dir = dir.slice(0, dir.slice(0, -1).lastIndexOf('/') + 1)) {
      const path = `${dir}${of.lock}`;
      const text = locks.get(path);
      if (text !== undefined) {
        if (!memo.has(path)) memo.set(path, of.read(text));
        return memo.get(path)!;
      }
      if (dir === '') return NO_WORKSPACE;
    }
  };
}

/** `path resolves dep@version (was …|new)`, for the first few packages, and how many more. */
function lockEvidence(path: string, changed: { dep: string; version: string; was: string | undefined }[]): string[] {
  const shown = changed.slice(0, MAX_LOCK_EVIDENCE).map(({ dep, version, was }) => `${path} resolves ${dep}@${version}${was !== undefined ? ` (was ${was})` : ' (new)'}`);
  return changed.length > MAX_LOCK_EVIDENCE ? [...shown, `${path} and ${changed.length - MAX_LOCK_EVIDENCE} more packages`] : shown;
}

/**
 * Requirements setuptools reads from setup.cfg (`install_requires`, `setup_requires`, `tests_require`
 * under `[options]`, every extra under `[options.extras_require]`), new or at another version. The
 * rest of the file (metadata, the project's own version, tool settings) names no dependency.
 */
function setupCfgChanges(file: ChangedFile): string[] {
  const read = (text: string | null | undefined): Map<string, { version: string; line: number }> => {
    const out = new Map<string, { version: string; line: number }>();
    let section = '';
    let inList = false;
    (text ?? '').split('\n').forEach((raw, i) => {
      const header = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
      if (header) {
        section = header[1]!.trim();
        inList = false;
        return;
      }
      const key = /^([A-Za-z_][\w.-]*)\s*=\s*(.*)$/.exec(raw);
      if (key) inList = section === 'options.extras_require' || (section === 'options' && /^(install|setup|tests)_requires?$/.test(key[1]!));
      const item = key ? key[2]! : /^\s+(\S.*)$/.exec(raw)?.[1];
      if (!inList || !item || item.startsWith('#')) return;
      // The whole specifier counts (`>=0.14.3,<2`): a bound moved lets another version in.
      const req = /^([A-Za-z0-9][\w.-]*)(?:\[[^\]]*\])?\s*([^#]*)/.exec(item);
      if (req?.[1]) out.set(req[1].toLowerCase(), { version: req[2]!.replace(/\s+/g, ''), line: i + 1 });
    });
    return out;
  };
  const before = read(file.before);
  return [...read(file.after)].filter(([name, now]) => before.get(name)?.version !== now.version)
    .map(([name, now]) => `${file.path}:${now.line} requires ${name}${now.version ? ` ${now.version}` : ''}${before.has(name) ? ` (was ${before.get(name)!.version || 'any'})` : ''}`);
}

/**
 * Added `name = …` lines inside a dependencies table of a TOML manifest; a package newly declared
 * here that the workspace already used is left out, and so is a member of the workspace.
 */
function tomlChanges(file: ChangedFile, section: RegExp, workspace: Workspace): string[] {
  const lines = (file.after ?? '').split('\n');
  const sectionOf = (line: number) => {
    for (let i = line - 1; i >= 0; i--) {
      const m = /^\s*\[([^\]]+\])\s*$/.exec(lines[i] ?? '');
      if (m) return m[1]!;
    }
    return '';
  };
  const entry = /^\s*"?([A-Za-z0-9][\w.-]*)"?\s*(=|>=|==|~=|<)|^\s*"([A-Za-z0-9][\w.-]*)[^"]*",?\s*$/;
  const nameOf = (text: string) => { const m = entry.exec(text); return m ? m[1] ?? m[3] : undefined; };
  const had = new Set((file.removed ?? []).map((l) => nameOf(l.text)));
  return file.added
    .filter((l) => {
      const name = nameOf(l.text);
      return name !== undefined && section.test(sectionOf(l.line)) && !workspace.members.has(name) && !(workspace.usedBefore.has(name) && !had.has(name));
    })
    .map((l) => `${file.path}:${l.line} ${l.text.trim()}`);
}
