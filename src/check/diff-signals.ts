/**
 * A diff → routing signals: which areas the changed paths sit in, which triggers their paths and
 * added lines fire (with `path:line` evidence), and what kind of change it is. Pure; the rules are
 * the operating model's `areas`, `routing.changeSignals` and `routing.changeTypes`.
 */
import type { OperatingModel } from '../playbook/operating-model.ts';
import { areaMatcher } from '../playbook/areas.ts';
import { pathMatcher, type PathMatcher } from '../playbook/globs.ts';
import { compileChangeSignals, tenantPattern } from '../playbook/change-signals.ts';
import { fallbackType, type Routing, type Signals } from '../router/route.ts';
import { crossesMajor, dependencyChanges, packageMoves, workspaceOf } from './dependencies.ts';
import type { ChangedFile } from './diff.ts';
import { INDENTED, movedLines, replacedLines } from './moved-lines.ts';
import { droppedTenantScopes } from './tenant-scope.ts';
import { goneFields } from './wire-fields.ts';

export interface ChangeSummary {
  path: string;
  area: string | null;
  axes: string[];
}

const MAX_EVIDENCE = 20;
/** A line longer than this was built or minified (a vendored bundle's one line), not written: it is not read. */
const MAX_LINE = 1000;
/** A line that is only a comment (`//`, `#`, `*`, `/*`, `--`, `<!--`). */
const COMMENT = /^\s*(\/\/|#(?!include)|\*|\/\*|--|<!--)/;
/**
 * A line that only imports (`import … from`, `from x import y`, `require('x')`, PHP's `use A\B;`, a Go
 * import path): it changes nothing by itself; what the file then does with the import is read on its
 * own lines.
 */
const IMPORT = /^\s*(import\s|from\s+[\w.]+\s+import\s|export\s+(\*|\{[^}]*\})\s+from\s|\}\s*from\s+['"]|(const|let|var)\s+[\w{}\s,]+=\s*require\(|(require|include)(_once|_relative)?[\s(]+['"]|use\s+[\w\\]+(\s+as\s+\w+)?;|(\w+\s+)?"[\w@-]+([./][\w@.-]+)+"\s*$)/;

export function diffSignals(files: ChangedFile[], model: OperatingModel, routing: Routing, title: string): { signals: Signals; changes: ChangeSummary[] } {
  const areaOf = areaMatcher(model.areas);
  const rules = compileChangeSignals(model);
  const axesOf = new Map(model.triggers.map((t) => [t.id, t.axes]));
  const triggers = new Map<string, string[]>();
  const areas = new Map<string, string[]>();
  const fire = (trigger: string, evidence: string) => {
    const list = triggers.get(trigger) ?? [];
    if (list.length < MAX_EVIDENCE && !list.includes(evidence)) list.push(evidence);
    triggers.set(trigger, list);
  };

  // Code the tenant-boundary rules read is also where a query can stop going through its tenant.
  const tenantRules = rules.filter((r) => r.trigger === 'tenant-boundary' && r.lines.length > 0);
  const unscoped = tenantRules.length === 0 ? new Map<string, string[]>()
    : droppedTenantScopes(files, tenantPattern(model), (p) => tenantRules.some((r) => r.in(p) && !r.except(p)), (t) => COMMENT.test(t));

  // Fields a client reads, dropped or renamed where responses are shaped (one reading per such rule).
  const fieldRules = rules.filter((r) => r.fieldsGone);
  const packageRules = rules.filter((r): r is typeof r & { packages: PathMatcher } => r.packages !== null);
  const gone = fieldRules.map((r) => ({ trigger: r.trigger, byPath: goneFields(files, { reads: (p) => r.in(p) && !r.except(p), fields: r.lines }, (t) => COMMENT.test(t)) }));

  // Code only moved or restyled does nothing new: no line rule reads it.
  const moved = movedLines(files, (t) => t.length <= MAX_LINE && !COMMENT.test(t));
  const workspace = workspaceOf(files);
  // How many lines the files a size-bound rule matches bring in new (a new screen is hundreds). A line
  // the change removes elsewhere is not new: a stylesheet split into partials moves its rules, often
  // reordered and a few lines at a time, which block-wise moves do not see.
  const newLines = new Map(rules.filter((r) => r.newLinesAtLeast > 0).map((r) => [r, notRemoved(files,
    files.filter((f) => f.status === 'added' && r.path(f.path) && !r.except(f.path)))]));

  const changes: ChangeSummary[] = files.map((f) => {
    const fired = new Set<string>();
    const fromOtherLines = [
      ...(unscoped.get(f.path) ?? []).map((evidence) => ({ trigger: 'tenant-boundary', evidence })),
      ...gone.flatMap((g) => (g.byPath.get(f.path) ?? []).map((evidence) => ({ trigger: g.trigger, evidence }))),
    ];
    for (const { trigger, evidence } of fromOtherLines) {
      fire(trigger, evidence);
      fired.add(trigger);
    }
    const area = areaOf(f.path);
    if (area) areas.set(area, [...(areas.get(area) ?? []), f.path]);
    if (changesNoCode(f)) return { path: f.path, area, axes: [] };
    const pureRename = f.status === 'renamed' && f.similarity === 100;
    for (const r of rules) {
      if (r.except(f.path)) continue;
      const bulk = newLines.get(r);
      if (r.path(f.path) && (!pureRename || r.renamed) && (!r.deleted || f.status === 'deleted') && (!r.added || f.status === 'added') && (bulk === undefined || bulk >= r.newLinesAtLeast)) {
        fire(r.trigger, f.status === 'deleted' ? `${f.path} (deleted)` : bulk === undefined ? f.path : `${f.path} (${bulk} new lines in such files)`);
        fired.add(r.trigger);
      }
      if (r.fieldsGone || !r.in(f.path) || (r.modifiedOnly && (f.status === 'added' || f.status === 'deleted'))) continue;
      // A comment or an import changes no behaviour: "// avatar URLs may come from an OAuth provider" is not auth.
      const matched = (lines: { line: number; text: string }[]) => lines.flatMap((l) => {
        if (l.text.length > MAX_LINE || COMMENT.test(l.text) || IMPORT.test(l.text) || moved.has(l)) return [];
        const m = r.lines.map((re) => re.exec(l.text)?.[0]).find((x) => x !== undefined);
        return m === undefined ? [] : [{ line: l.line, text: m, key: `${l.line}\u0000${m}` }];
      });
      const everyAdded = matched(f.added);
      const rewritten = r.changedOnly ? new Set(rewrites(f).map((l) => l.line)) : null;
      const added = rewritten ? everyAdded.filter((m) => rewritten.has(m.line)) : everyAdded;
      const removed = r.removed || r.matchedTextOnly ? matched(f.removed ?? []) : [];
      // For a rule about what a change takes out or rewrites (a tenant filter), a match on both sides of
      // the file's change was kept: moved, or left as it was while the statement around it was
      // rewritten (`filter(project=self.project)` in an `if` that became an `or`).
      const addedTexts = new Set(r.changedOnly ? everyAdded.map((m) => m.text) : []);
      const removedTexts = new Set(r.changedOnly ? removed.map((m) => m.text) : []);
      // For a rule that reads only what it matches, a line edited beside the match (a json tag next to
      // an unchanged gorm tag, a comma after an unchanged image) is removed and added at the same place
      // with the same match: no change.
      const kept = new Set(r.matchedTextOnly ? added.map((m) => m.key).filter((k) => removed.some((m) => m.key === k)) : []);
      for (const [list, gone] of [[added, false], [r.removed ? removed : [], true]] as const) {
        for (const m of list) {
          if (kept.has(m.key) || (gone ? addedTexts : removedTexts).has(m.text)) continue;
          fire(r.trigger, `${f.path}:${m.line}${gone ? ' (removed)' : ''}`);
          fired.add(r.trigger);
        }
      }
    }
    const deps = dependencyChanges(f, workspace(f.path));
    for (const evidence of deps) {
      fire('dependencies', evidence);
      fired.add('dependencies');
    }
    // Some dependencies are more than a dependency: a UI kit every screen is drawn with, a library
    // that records what users do. Their arrival (or a new major version) fires their own trigger.
    const moves = deps.length > 0 && packageRules.length > 0 ? packageMoves(f) : [];
    for (const r of moves.length > 0 ? packageRules : []) {
      if (r.except(f.path)) continue;
      for (const m of moves) {
        if (!r.packages(m.name) || (m.from !== null && !(r.majorMoves && crossesMajor(m)))) continue;
        fire(r.trigger, `${f.path}:${m.line} ${m.from === null ? `adds ${m.name}@${m.to}` : `moves ${m.name} from ${m.from} to ${m.to}`}`);
        fired.add(r.trigger);
      }
    }
    return { path: f.path, area, axes: [...new Set([...fired].flatMap((t) => axesOf.get(t) ?? []))].sort() };
  });

  return { signals: { title, acceptanceCriteria: [], type: changeType(files, routing), areas, triggers, axes: new Map(), modifiers: { unclear: [], deferrable: [], crossStack: [], monorepoWide: [] }, conditionalGates: false }, changes };
}

/**
 * How many lines of the `added` files are new: blank, or with a text (trimmed) that no removed line of
 * the change had, each removed line used once. Blank lines are part of a new file's size, not text moved.
 */
function notRemoved(files: readonly ChangedFile[], added: readonly ChangedFile[]): number {
  const removed = new Map<string, number>();
  for (const text of files.flatMap((f) => f.removed ?? []).map((l) => l.text.trim())) removed.set(text, (removed.get(text) ?? 0) + 1);
  let n = 0;
  for (const text of added.flatMap((f) => f.added).map((l) => l.text.trim())) {
    const left = text === '' ? 0 : removed.get(text) ?? 0;
    if (left > 0) removed.set(text, left - 1);
    else n++;
  }
  return n;
}

/**
 * The added lines that edit a removed line in place (`r.db.Find(&out)` becoming
 * `r.db.Where("workspace_id = ?", ws).Find(&out)`): an edit keeps at least half of the line it
 * replaces as its head and tail. A new query written where other code was removed is no edit of it.
 */
function rewrites(f: ChangedFile): ChangedFile['added'] {
  const replaced = replacedLines(f);
  return f.added.filter((l) => replaced(l).some((old) => editOf(old.text.trim(), l.text.trim())));
}

/** `now` keeps at least half of `old` (a line of some length) as its head and tail. */
function editOf(old: string, now: string): boolean {
  if (old.length < 8) return false;
  let head = 0;
  while (head < old.length && head < now.length && old[head] === now[head]) head++;
  let tail = 0;
  while (tail < old.length - head && tail < now.length - head && old[old.length - 1 - tail] === now[now.length - 1 - tail]) tail++;
  return head + tail >= old.length / 2;
}

/**
 * A file whose change alters no code: it only moves lines (struct fields reordered for alignment), only
 * respaces them (a formatter's run: blank lines, a trailing comma before a closing bracket, quote
 * style, semicolons, parentheses around an arrow's parameter), only
 * touches comments (a linter's comment spacing, a swag annotation), or only rewrites its imports (a
 * linter merging two imports of one module). It changes no behaviour, so no signal fires in it.
 */
function changesNoCode(f: ChangedFile): boolean {
  // A binary file or a mode change shows no lines: what changed is unknown, not nothing.
  if (f.status !== 'modified' || f.added.length + (f.removed?.length ?? 0) === 0) return false;
  const code = (lines: { text: string }[]) => lines.map((l) => l.text).filter((t) => t.trim() !== '' && !COMMENT.test(t));
  const added = code(f.added);
  const removed = code(f.removed ?? []);
  // Imports rewritten, not only added or taken out: a side-effect import (`import './guards'`) dropped
  // can change what runs.
  if (added.length > 0 && removed.length > 0 && [...added, ...removed].every((t) => IMPORT.test(t))) return true;
  // Where indentation is syntax, a line's leading spaces are code and lines are compared one by one.
  const indented = INDENTED.test(f.path);
  // A formatter's own choices are layout too: quote style, a line's closing semicolon, parentheses
  // around a lone arrow-function parameter (Prettier's `x =>` becoming `(x) =>`).
  const canonical = (t: string) => t.replace(/'/g, '"').replace(/;\s*$/, '').replace(/\((\w+)\)(\s*)=>/g, '$1$2=>');
  const spaces = indented ? /(?<=\S)\s+/g : /\s+/g;
  const line = (t: string) => canonical(t).replace(spaces, '');
  const sorted = (ls: string[]) => ls.map(line).sort().join('\n');
  // The same lines in another order (none at all, when only comments and blank lines changed).
  if (added.length === removed.length && sorted(added) === sorted(removed)) return true;
  // The same code laid out anew (a call split over lines, a formatter's trailing comma).
  const layout = (ls: string[]) => ls.map(line).join(indented ? '\n' : '').replace(/,(?=[)\]}])/g, '');
  return layout(added) === layout(removed);
}

function changeType(files: ChangedFile[], routing: Routing): Signals['type'] {
  if (files.length > 0 && files.every((f) => f.status === 'renamed' && f.similarity === 100)) {
    return { id: 'refactor', because: { rule: 'change-type:rename', matched: files.map((f) => `${f.from} → ${f.path}`).slice(0, 5), effect: 'type refactor: files only moved' } };
  }
  for (const rule of routing.changeTypes ?? []) {
    const match = pathMatcher(rule.paths);
    if (files.length > 0 && files.every((f) => match(f.path))) {
      return { id: rule.type, because: { rule: `change-type:${rule.type}`, matched: files.map((f) => f.path).slice(0, 5), effect: `type ${rule.type}: every changed file is one` } };
    }
  }
  const fallback = fallbackType(routing).id;
  return { id: fallback, because: { rule: 'change-type:default', matched: [], effect: `type ${fallback}` } };
}
