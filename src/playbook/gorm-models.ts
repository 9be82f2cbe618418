/**
 * GORM models written without struct tags: the types a repository hands to AutoMigrate are tables, so a
 * field added, dropped or retyped in one of them is a column even when no `gorm:"…"` tag says so. Read
 * by `kao check` over a diff's lines and by the policy engine over the file an agent is about to edit,
 * as the change signals are. Pure: the callers grep the AutoMigrate calls and read the Go files.
 */

/** A changed file's lines, as `kao check` reads a diff (line numbers in the new text). */
export interface ChangedLines {
  path: string;
  added: readonly { line: number; text: string }[];
  removed?: readonly { line: number; text: string }[];
}

/** A model handed to AutoMigrate: `&User{}`, `&model.User{}`, `new(model.User)`, `User{}`. */
const MODEL_ARG = /(?:\bnew\(\s*((?:\w+\.)?[A-Z]\w*)\s*\))|(?:&?\s*((?:\w+\.)?[A-Z]\w*)\s*\{\s*\})/g;

/** Lines of an AutoMigrate call kept after its first, for a call written one model per line. */
const CALL_LINES = 12;

/**
 * The `git grep` arguments that find the AutoMigrate calls of non-test Go files, with the lines that follow
 * each (what `autoMigratedModels` reads); `where` is a revision, or `--untracked` for the working tree.
 */
export function autoMigrateGrep(where: readonly string[]): string[] {
  return ['grep', '-h', '-I', `-A${CALL_LINES}`, '-e', 'AutoMigrate(', ...where, '--', '*.go', ':!*_test.go'];
}

/**
 * The types passed to AutoMigrate in these Go lines (a call may span several lines), as written:
 * `model.User` when another package's, `User` when the caller's own.
 */
export function autoMigratedModels(lines: readonly string[]): Set<string> {
  const text = lines.join('\n');
  const names = new Set<string>();
  for (let at = text.indexOf('AutoMigrate('); at !== -1; at = text.indexOf('AutoMigrate(', at + 1)) {
    let depth = 0;
    let end = at + 'AutoMigrate'.length;
    for (; end < text.length; end++) {
      if (text[end] === '(') depth++;
      else if (text[end] === ')' && --depth === 0) break;
    }
    for (const m of text.slice(at + 'AutoMigrate('.length, end + 1).matchAll(MODEL_ARG)) names.add((m[1] ?? m[2])!);
  }
  return names;
}

/** A struct field line: `Name string`, `A, B int`, `LastUsed *time.Time \`json:"x"\``, or an embedded `gorm.Model`. */
const FIELD = /^\s*(?:[A-Z]\w*(?:\s*,\s*[A-Z]\w*)*\s+[*[\]\w.]+|\*?(?:\w+\.)?[A-Z]\w*)\s*(?:`[^`]*`)?\s*(?:\/\/.*)?$/;

/** Whether the diff adds or removes a line shaped like a struct field (only then is the file read). */
export function mayChangeFields(file: ChangedLines): boolean {
  return [...file.added, ...(file.removed ?? [])].some((l) => FIELD.test(l.text));
}

/**
 * Where each model's struct is declared in a file (1-based, the lines between its braces). `model.User`
 * names the User of package model only (another package's Message is not model.Message).
 */
function modelBodies(text: string, models: ReadonlySet<string>): { name: string; from: number; to: number }[] {
  const lines = text.split('\n');
  const pkg = /^package\s+(\w+)/m.exec(text)?.[1];
  const isModel = (name: string) => models.has(name) || (pkg !== undefined && models.has(`${pkg}.${name}`));
  const out: { name: string; from: number; to: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(?:type\s+)?([A-Z]\w*)\s+struct\s*\{\s*$/.exec(lines[i]!);
    if (!m || !isModel(m[2]!)) continue;
    // gofmt closes a struct at the indentation it opened with.
    const close = lines.findIndex((l, j) => j > i && l === `${m[1]}}`);
    if (close !== -1) out.push({ name: m[2]!, from: i + 2, to: close });
  }
  return out;
}

/** Whether a Go file declares any struct (only then are the repository's AutoMigrate calls worth reading). */
export function declaresStruct(text: string): boolean {
  return /^\s*(?:type\s+)?[A-Z]\w*\s+struct\s*\{\s*$/m.test(text);
}

/** The first struct of this file that is a model, with the line it is declared on, or null. */
export function modelStructIn(text: string, models: ReadonlySet<string>): { name: string; line: number } | null {
  const first = modelBodies(text, models)[0];
  return first ? { name: first.name, line: first.from - 1 } : null;
}

/** What of a field line makes the column: its names and type, and its gorm tag if any (not json, not comments). */
function column(text: string): string {
  const decl = text.replace(/`[^`]*`.*$|\/\/.*$/, '').trim().replace(/\s+/g, ' ');
  return `${decl} ${/\bgorm:"[^"]*"/.exec(text)?.[0] ?? ''}`;
}

/** Evidence (`path:line`) for each field line the diff adds to or removes from a model's struct. */
export function gormFieldChanges(file: ChangedLines, text: string, models: ReadonlySet<string>): string[] {
  const bodies = modelBodies(text, models);
  if (bodies.length === 0) return [];
  const inModel = (line: number) => bodies.some((b) => line >= b.from && line <= b.to);
  // A removed line sits where it was in the new text: a last field removed sits on the closing brace.
  const added = file.added.filter((l) => inModel(l.line) && FIELD.test(l.text));
  const removed = (file.removed ?? []).filter((l) => (inModel(l.line) || inModel(l.line - 1)) && FIELD.test(l.text));
  // A field whose name, type and gorm tag stay, with only another tag edited (`json:"token,omitempty"`), is the same column.
  const same = new Set(added.map((l) => `${l.line}\u0000${column(l.text)}`).filter((k) => removed.some((r) => `${r.line}\u0000${column(r.text)}` === k)));
  return [
    ...added.filter((l) => !same.has(`${l.line}\u0000${column(l.text)}`)).map((l) => `${file.path}:${l.line}`),
    ...removed.filter((r) => !same.has(`${r.line}\u0000${column(r.text)}`)).map((r) => `${file.path}:${r.line} (removed)`),
  ];
}
