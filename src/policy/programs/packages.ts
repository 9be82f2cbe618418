/**
 * Package managers, build and test runners, migration tools, databases, and kao itself. Running the
 * project's own scripts and tests is the everyday work of an implementer and is allowed (its code is
 * the project's, under review like any edit); adding, removing or upgrading a dependency is the PO's
 * dependencies gate in every spelling; a migration is the schema gate; destroying data is denied; and
 * answering a PO gate (`kao approve`) is never an agent's act, however kao is spelled. Pure.
 */
import { type Effect, type Handler, readOptions, type Use, valueOf, word } from './options.ts';
import type { Word } from '../shell/parse.ts';

const gate = (decision: 'dependencies' | 'schema', why: string): Effect => ({ kind: 'gate', decision, why });
const ask = (rule: string, why: string): Effect => ({ kind: 'ask', rule, why });
const destroy = (why: string): Effect => ({ kind: 'deny', rule: 'no-destructive-commands', why });

/** `--prefix DIR`, `-C DIR`, `--cwd DIR`, `--dir DIR`: the command works in (and may write) that folder. */
function workDir(o: ReturnType<typeof readOptions>, program: string, ...names: string[]): Effect[] {
  const dir = valueOf(o, ...names);
  return dir === undefined ? [] : [{ kind: 'write', path: word(dir), why: `${program} works in it and may write there` }];
}

const MIGRATE_SCRIPT = /^(db:)?(migrat|db:push|db:reset|db:drop|schema:(sync|drop))|migrat/i;

/** npm, pnpm, yarn, bun. */
function nodePackages(use: Use): Effect[] {
  const { program, args } = use;
  const o = readOptions(args, { value: ['--prefix', '-C', '--dir', '--cwd', '-w', '--workspace', '--filter', '-F', '--registry', '--cache', '--userconfig', '--globalconfig', '-p', '--package', '--call', '-c', '--loglevel', '--tag', '--scope', '--otp'], any: true, stopAtOperand: true });
  const effects: Effect[] = workDir(o, program, '--prefix', '-C', '--dir', '--cwd');
  if (o.opts.has('--userconfig') || o.opts.has('--globalconfig') || o.opts.has('--registry')) effects.push(ask('package-registry', `${program} with another registry or config file`));
  const [subWord, ...restWords] = o.operands;
  const sub = subWord?.text ?? (program === 'yarn' ? 'install' : '');
  const rest = readOptions(restWords, { any: true, value: ['--prefix', '-C', '--dir', '--cwd', '-w', '--workspace', '--filter', '--tag', '-p', '--package', '--call', '-c'] });
  const named = rest.operands.map((w) => w.text);
  switch (sub) {
    case 'test': case 't': case 'tst': case 'start': case 'build': case 'lint': case 'typecheck': case 'format':
    case 'ci': case 'clean-install': case 'rebuild': case 'prune': case 'audit': case 'outdated': case 'ls': case 'list': case 'll': case 'la':
    case 'view': case 'v': case 'info': case 'show': case 'why': case 'explain': case 'help': case 'version': case 'doctor': case 'fund': case 'search': case 'bin': case 'root': case 'prefix':
      return effects;
    case 'run': case 'run-script': case 'rum': case 'urn':
      return [...effects, ...(MIGRATE_SCRIPT.test(named[0] ?? '') ? [gate('schema', `${program} run ${named[0]} runs migrations`)] : [])];
    case 'install': case 'i': case 'in': case 'ins': case 'inst': case 'insta': case 'instal': case 'isnt': case 'isnta': case 'isntal': case 'isntall': case 'add':
      // Installing what the manifest already lists changes nothing the PO decides.
      return [...effects, ...(named.length || sub === 'add' ? [gate('dependencies', `${program} ${sub} adds ${named.join(', ') || 'a dependency'}`)] : [])];
    case 'uninstall': case 'un': case 'unlink': case 'remove': case 'rm': case 'r': case 'update': case 'up': case 'upgrade': case 'udpate': case 'dedupe': case 'ddp': case 'link': case 'ln': case 'patch':
      return [...effects, gate('dependencies', `${program} ${sub} changes the dependencies`)];
    case 'pkg': {
      const action = named[0];
      return [...effects, ...(action === 'get' ? [] : [gate('dependencies', `${program} pkg ${action ?? ''} edits package.json`)])];
    }
    case 'exec': case 'x': case 'dlx':
      return [...effects, ...packageRunner(program, restWords)];
    case 'config': case 'c':
      return [...effects, ...(['get', 'list', 'ls'].includes(named[0] ?? '') ? [] : [ask('package-config', `${program} config ${named[0] ?? ''} changes settings`)])];
    case 'publish': case 'login': case 'adduser': case 'logout': case 'token': case 'owner': case 'access': case 'deprecate': case 'unpublish': case 'dist-tag': case 'team': case 'org': case 'profile': case 'set-script': case 'init': case 'create': case 'set':
      return [...effects, ask('package-account', `${program} ${sub} acts on the registry or the account`)];
    case 'kao': case 'kyora-agent-os':
      return [...effects, { kind: 'run', words: [word('kao'), ...restWords], stdin: null }];
    default:
      // yarn and pnpm run a package.json script named as the sub-command.
      if (program === 'yarn' || program === 'pnpm' || program === 'bun') return [...effects, ...(MIGRATE_SCRIPT.test(sub) ? [gate('schema', `${program} ${sub} runs migrations`)] : [])];
      return [...effects, ask('command-unknown', `kao does not know what ${program} ${sub} does`)];
  }
}

/** Tools run through npx / npm exec that kao knows by name; anything else is a stranger's code. */
const KNOWN_PACKAGES: Record<string, string> = {
  tsc: 'tsc', typescript: 'tsc', eslint: 'eslint', prettier: 'prettier', vitest: 'vitest', jest: 'jest', mocha: 'mocha', tsx: 'tsx', 'ts-node': 'ts-node',
  kao: 'kao', 'kyora-agent-os': 'kao', playwright: 'playwright', biome: 'biome', '@biomejs/biome': 'biome', 'drizzle-kit': 'drizzle-kit', prisma: 'prisma',
  rimraf: 'rm', 'del-cli': 'rm', sequelize: 'sequelize', 'sequelize-cli': 'sequelize', knex: 'knex', typeorm: 'typeorm', 'node-pg-migrate': 'node-pg-migrate', 'db-migrate': 'db-migrate', redocly: 'redocly', '@redocly/cli': 'redocly', spectral: 'spectral', '@stoplight/spectral-cli': 'spectral',
};

export function packageRunner(program: string, words: Word[]): Effect[] {
  const o = readOptions(words, { value: ['-p', '--package', '-c', '--call', '--prefix', '-w', '--workspace'], any: true, stopAtOperand: true });
  const call = valueOf(o, '-c', '--call');
  if (call !== undefined) return [{ kind: 'line', text: call }];
  const pkgs = [...o.opts.entries()].filter(([k]) => k === '-p' || k === '--package').map(([, v]) => String(v).replace(/@[^@/]*$/, ''));
  const [bin, ...args] = o.operands;
  if (!bin) return [ask('command-unknown', `${program} with no command`)];
  const name = bin.text.replace(/(.)@[^@/]*$/, '$1');
  const tool = KNOWN_PACKAGES[name] ?? (pkgs.length ? KNOWN_PACKAGES[pkgs[0]!] === name ? name : undefined : undefined);
  if (!tool || bin.dynamic || pkgs.some((p) => !KNOWN_PACKAGES[p])) {
    return [ask('package-runner-unknown', `${program} would download or run the package "${pkgs[0] ?? name}", whose code kao does not know`)];
  }
  return [{ kind: 'run', words: [word(tool), ...args], stdin: null }];
}

/** Formatters and linters: reading by default, writing the files they are given with --write/--fix. */
function formatter(writeFlags: string[], writesByDefault = false): Handler {
  return ({ program, args }) => {
    const o = readOptions(args, { value: ['-c', '--config', '--ignore-path', '--plugin', '--parser', '-o', '--output-file', '--format', '-f', '--rule', '--ext', '--cache-location', '--resolve-plugins-relative-to', '--rulesdir', '--max-warnings', '--line-length', '-l', '--target-version', '--exclude', '--extend-exclude', '--log-level'], any: true });
    const effects: Effect[] = [];
    if (o.opts.has('--plugin') || o.opts.has('--rulesdir') || o.opts.has('--resolve-plugins-relative-to')) effects.push(ask('command-runs-code', `${program} loads a plugin kao does not know`));
    const out = valueOf(o, '-o', '--output-file');
    if (out) effects.push({ kind: 'write', path: word(out), why: `${program} writes its report to it` });
    const writes = writesByDefault ? !['--check', '--diff', '-l', '--list-different', '-d'].some((f) => o.opts.has(f)) : writeFlags.some((f) => o.opts.has(f));
    const targets = o.operands.length ? o.operands : [word('.')];
    for (const t of targets) effects.push(writes ? { kind: 'write', path: t, why: `${program} rewrites the files in it` } : { kind: 'read', path: t, why: `${program} reads it` });
    return effects;
  };
}

const goTool: Handler = ({ args }) => {
  const [sub, ...rest] = args.map((w) => w.text);
  const o = readOptions(args.slice(1), { value: ['-C', '-o', '-run', '-bench', '-count', '-timeout', '-tags', '-p', '-coverprofile', '-covermode', '-coverpkg', '-ldflags', '-gcflags', '-mod', '-modfile', '-exec', '-toolexec', '-overlay', '-pkgdir', '-cpu', '-parallel', '-skip', '-shuffle', '-fuzz', '-fuzztime', '-json', '-vet', '-trimpath', '-buildmode', '-compiler'], any: true });
  const effects: Effect[] = [];
  if (o.opts.has('-exec') || o.opts.has('-toolexec') || o.opts.has('-overlay') || o.opts.has('-modfile')) effects.push(ask('command-runs-code', `go ${sub} -exec/-toolexec runs a program of the caller's choosing`));
  const out = valueOf(o, '-o', '-coverprofile');
  if (out) effects.push({ kind: 'write', path: word(out), why: `go ${sub} writes it` });
  switch (sub) {
    case 'test': case 'build': case 'vet': case 'run': case 'list': case 'doc': case 'version': case 'env': case 'help': case 'clean': case 'tool':
      return [...effects, ...(sub === 'env' && rest.some((r) => r === '-w' || r === '-u') ? [ask('go-env-change', 'go env -w changes Go settings')] : [])];
    case 'fmt': case 'fix':
      // Packages (./..., ./internal/x): go fmt rewrites only the .go files in them.
      return [...effects, ...(o.operands.length ? o.operands : [word('.')]).map((p) => ({ kind: 'write', path: word(`${p.text.replace(/\/?\.\.\.$/, '') || '.'}/x.go`), why: `go ${sub} rewrites the Go files in it` }) as Effect)];
    case 'generate':
      return [...effects, ask('command-runs-code', 'go generate runs the commands written in //go:generate comments')];
    case 'get':
      return [...effects, gate('dependencies', `go get adds or upgrades ${o.operands.map((w) => w.text).join(', ') || 'dependencies'}`)];
    case 'install':
      return [...effects, ...(o.operands.some((w) => w.text.includes('@')) ? [gate('dependencies', 'go install downloads and installs a module')] : [])];
    case 'mod': {
      const action = rest[0];
      if (action === 'download' || action === 'graph' || action === 'why' || action === 'verify') return effects;
      return [...effects, gate('dependencies', `go mod ${action ?? ''} edits go.mod`)];
    }
    case 'work':
      return [...effects, ask('go-work-change', 'go work changes the workspace file')];
    default:
      return [...effects, ask('command-unknown', `kao does not know what go ${sub ?? ''} does`)];
  }
};

const cargo: Handler = ({ args }) => {
  const sub = args.find((w) => !w.text.startsWith('-'))?.text ?? '';
  if (['test', 'build', 'check', 'clippy', 'run', 'bench', 'doc', 'tree', 'metadata', 'version', 'help', 'clean', 'search'].includes(sub)) return [];
  if (sub === 'fmt') return [{ kind: 'write', path: word('.'), why: 'cargo fmt rewrites the crate\'s files' }];
  if (['add', 'remove', 'rm', 'install', 'update', 'upgrade', 'uninstall'].includes(sub)) return [gate('dependencies', `cargo ${sub} changes the dependencies`)];
  return [ask('command-unknown', `kao does not know what cargo ${sub} does`)];
};

/** pip, uv, poetry, pipenv: installing what a requirements file already pins is not a new dependency. */
const pythonPackages: Handler = ({ program, args }) => {
  const o = readOptions(args, { value: ['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-t', '--target', '--prefix', '-i', '--index-url', '--extra-index-url', '--python', '-p'], any: true, stopAtOperand: false });
  const [sub, ...named] = o.operands.map((w) => w.text);
  const rest = sub === 'pip' ? named : [sub, ...named];
  const action = rest[0] ?? '';
  if (['list', 'show', 'freeze', 'check', 'help', 'version', 'config', 'lock', 'sync', 'run', 'shell', 'env', 'venv', 'debug', 'tree', 'inspect', 'cache'].includes(action)) return [];
  if (['install', 'add', 'remove', 'uninstall', 'update', 'upgrade'].includes(action)) {
    const fromFile = o.opts.has('-r') || o.opts.has('--requirement') || o.opts.has('-e') || o.opts.has('--editable');
    if (fromFile && rest.length <= 1 && action === 'install') return [];
    if (o.opts.has('-i') || o.opts.has('--index-url') || o.opts.has('--extra-index-url')) return [ask('package-registry', `${program} with another package index`)];
    return [gate('dependencies', `${program} ${action} changes the dependencies`)];
  }
  return [ask('command-unknown', `kao does not know what ${program} ${action} does`)];
};

/** make: the project's own targets; a migration target is the schema gate, -C/-f elsewhere asks. */
const make: Handler = ({ args }) => {
  const o = readOptions(args, { value: ['-C', '--directory', '-f', '--file', '--makefile', '-j', '--jobs', '-l', '-o', '-W', '-I', '--include-dir', '--eval'], any: true });
  const effects: Effect[] = workDir(o, 'make', '-C', '--directory');
  const file = valueOf(o, '-f', '--file', '--makefile');
  if (file) effects.push({ kind: 'read', path: word(file), why: 'make runs the recipes in it' });
  if (o.opts.has('--eval')) effects.push(ask('command-runs-code', 'make --eval adds recipes kao does not read'));
  for (const t of o.operands) {
    if (/^[A-Za-z_]\w*=/.test(t.text)) continue;
    if (MIGRATE_SCRIPT.test(t.text)) effects.push(gate('schema', `make ${t.text} runs migrations`));
    if (/^(db-?)?(drop|reset|nuke|destroy|wipe)/i.test(t.text)) effects.push(destroy(`make ${t.text} throws data away`));
  }
  return effects;
};

/** Migration tools: every apply, rollback or push of a schema is the PO's schema decision. */
const MIGRATORS: Record<string, RegExp> = {
  goose: /^(up|up-by-one|up-to|down|down-to|redo|reset|fix)$/, migrate: /^(up|down|goto|force|drop)$/, atlas: /^(schema|migrate)$/, dbmate: /^(up|migrate|down|rollback|drop|create|load)$/,
  flyway: /^(migrate|clean|undo|repair|baseline)$/, sqlx: /^(migrate|database)$/, 'drizzle-kit': /^(push|migrate|drop|up)/, sequelize: /^db:(migrate|seed|drop|create)/,
  prisma: /^(migrate|db)$/, knex: /^(migrate|seed)/, typeorm: /^(migration|schema):/, 'node-pg-migrate': /^(up|down|redo)$/, 'db-migrate': /^(up|down|reset)$/,
  liquibase: /^(update|rollback|drop-all|dropAll)/, alembic: /^(upgrade|downgrade|stamp)$/, rails: /^db:/, rake: /^db:/,
};

function migrator(program: string): Handler {
  return ({ args }) => {
    const sub = args.find((w) => !w.text.startsWith('-') && !/^\d/.test(w.text) && !w.text.includes('://'))?.text ?? '';
    if (/drop|clean|reset|wipe|dropAll|drop-all/i.test(sub) || args.some((w) => /^(--force-reset|--accept-data-loss|drop)$/.test(w.text))) return [destroy(`${program} ${sub} drops or resets the database`)];
    if (MIGRATORS[program]!.test(sub)) return [gate('schema', `${program} ${args.map((w) => w.text).join(' ')} changes the database schema`)];
    if (/^(status|version|help|validate|info|list|generate|new|create|diff|inspect|format|studio)/.test(sub) || sub === '') return sub === 'studio' ? [ask('command-unknown', `${program} studio opens a database console`)] : [];
    return [ask('command-unknown', `kao does not know what ${program} ${sub} does`)];
  };
}

const SQL_DESTROY = /\b(drop\s+(table|database|schema|index|view)|truncate\b|delete\s+from\s+\S+\s*(;|$)(?![\s\S]*where))/i;
const SQL_SCHEMA = /\b(create|alter|drop)\s+(table|index|schema|type|view|column|extension|sequence|database)\b|\b(add|drop|rename)\s+column\b/i;

/** psql, mysql, sqlite3…: SQL on the command line is judged; a file or piped SQL is the schema gate. */
function sqlClient(fileFlags: string[], commandFlags: string[], dbIsOperand: boolean): Handler {
  return ({ program, args, stdin, input }) => {
    const o = readOptions(args, { value: ['-h', '--host', '-p', '--port', '-U', '--username', '-u', '--user', '-d', '--dbname', '-D', '--database', '-o', '--output', '-v', '--set', '-P', '-F', '-R', ...fileFlags, ...commandFlags], any: true });
    const effects: Effect[] = [];
    if (dbIsOperand && o.operands[0]) effects.push({ kind: 'write', path: o.operands[0], why: `${program} opens the database file and may change it` });
    const sql = [...commandFlags.map((f) => valueOf(o, f)), ...(dbIsOperand ? o.operands.slice(1).map((w) => w.text) : []), input].filter((x): x is string => x !== undefined).join('\n');
    const file = valueOf(o, ...fileFlags);
    if (SQL_DESTROY.test(sql)) return [...effects, destroy(`${program} runs SQL that throws data away`)];
    if (file || stdin === 'pipe' || stdin === 'file') return [...effects, gate('schema', `${program} runs SQL from ${file ?? 'its input'}, which kao does not read`)];
    if (SQL_SCHEMA.test(sql)) return [...effects, gate('schema', `${program} runs schema-changing SQL`)];
    if (!sql) return [...effects, ask('command-unknown', `${program} opens an interactive database console`)];
    return effects;
  };
}

const redis: Handler = ({ args }) => {
  const words = args.map((w) => w.text.toUpperCase());
  if (words.some((w) => /^(FLUSHALL|FLUSHDB|DEL|UNLINK|SHUTDOWN|CONFIG|DEBUG|SCRIPT|EVAL|EVALSHA|MODULE|SLAVEOF|REPLICAOF|MIGRATE)$/.test(w))) return [destroy('redis-cli runs a command that throws data away or changes the server')];
  return [ask('command-unknown', 'redis-cli talks to a data store')];
};

/** kao itself: answering a PO gate is the PO's act, whatever spelling runs it. */
const kao: Handler = ({ args }) => {
  const sub = args.find((w) => !w.text.startsWith('-'))?.text;
  if (sub === 'approve' || sub === 'deny' || args.some((w) => w.dynamic)) return [{ kind: 'deny', rule: 'no-self-approval', why: 'kao approve/deny answers a PO gate, which only the PO may do' }];
  if (sub === 'init') return [{ kind: 'ask', rule: 'playbook-change', why: 'kao init writes playbook files' }];
  if (sub === 'run') {
    if (args.some((w) => w.text === '--override-stop')) return [{ kind: 'deny', rule: 'no-self-override', why: 'kao run --override-stop lets a run past its stop condition, which only a person may do' }];
    return [{ kind: 'ask', rule: 'agents-from-agents', why: 'kao run starts a team of agents outside this run\'s delegation' }];
  }
  return [];
};

export const PACKAGE_PROGRAMS: Record<string, Handler> = {
  npm: nodePackages, pnpm: nodePackages, yarn: nodePackages, bun: nodePackages,
  npx: ({ program, args }) => packageRunner(program, args), pnpx: ({ program, args }) => packageRunner(program, args), bunx: ({ program, args }) => packageRunner(program, args),
  go: goTool, cargo, make, gmake: make,
  pip: pythonPackages, pip3: pythonPackages, uv: pythonPackages, poetry: pythonPackages, pipenv: pythonPackages, pipx: pythonPackages,
  gem: ({ args }) => (['install', 'uninstall', 'update'].includes(args[0]?.text ?? '') ? [gate('dependencies', `gem ${args[0]!.text} changes installed gems`)] : []),
  bundle: ({ args }) => (['add', 'update', 'remove'].includes(args[0]?.text ?? '') ? [gate('dependencies', `bundle ${args[0]!.text} changes the Gemfile`)] : []),
  composer: ({ args }) => (['require', 'remove', 'update'].includes(args[0]?.text ?? '') ? [gate('dependencies', `composer ${args[0]!.text} changes composer.json`)] : []),
  'apt-get': () => [gate('dependencies', 'installing system packages')], apt: () => [gate('dependencies', 'installing system packages')], brew: () => [gate('dependencies', 'installing system packages')],
  tsc: formatter([]), eslint: formatter(['--fix', '--fix-dry-run']), prettier: formatter(['--write', '-w']), biome: formatter(['--write', '--apply', '--fix']),
  gofmt: formatter(['-w']), goimports: formatter(['-w']), black: formatter([], true), isort: formatter([], true), rustfmt: formatter([], true),
  ruff: ({ program, args }) => formatter(['--fix'], args[0]?.text === 'format')({ program, args: args.slice(1), stdin: null }),
  vitest: () => [], jest: () => [], mocha: () => [], pytest: () => [], playwright: ({ args }) => (args[0]?.text === 'install' ? [gate('dependencies', 'playwright install downloads browsers')] : []),
  redocly: () => [], spectral: () => [],
  ...Object.fromEntries(Object.keys(MIGRATORS).map((m) => [m, migrator(m)])),
  psql: sqlClient(['-f', '--file'], ['-c', '--command'], false), mysql: sqlClient(['--execute-file'], ['-e', '--execute'], false), mariadb: sqlClient([], ['-e', '--execute'], false),
  sqlite3: sqlClient(['-init'], ['-cmd'], true),
  dropdb: () => [destroy('dropdb deletes a database')], dropuser: () => [destroy('dropuser deletes a database role')], createdb: () => [ask('command-unknown', 'createdb creates a database')],
  'redis-cli': redis, mongosh: () => [ask('command-unknown', 'mongosh opens a database shell')], mongo: () => [ask('command-unknown', 'mongo opens a database shell')],
  kao, 'kyora-agent-os': kao,
};

