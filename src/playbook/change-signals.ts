/**
 * The operating model's change signals, compiled once: which paths and which lines of which files
 * fire a trigger. `kao check` reads them over a diff's lines; the policy engine over the file an
 * agent is about to edit, so a file that defines the schema in code (a GORM model, a Django model)
 * is a schema change in both. Pure.
 */
import type { OperatingModel } from './operating-model.ts';
import { nameMatcher, pathMatcher, type PathMatcher } from './globs.ts';

export interface ChangeSignal {
  trigger: string;
  /** Files whose change alone fires the trigger. */
  path: PathMatcher;
  /** Files whose lines are read. */
  in: PathMatcher;
  /** Files that never fire it (tests, fixtures). */
  except: PathMatcher;
  /** Removed lines count too. */
  removed: boolean;
  /** Only removed lines, and added lines that rewrite removed ones, count. */
  changedOnly: boolean;
  /** `path` fires only for added files. */
  added: boolean;
  /** `path` fires only when the added files it matches hold at least this many new lines together (0: any; check/diff-signals.ts counts them). */
  newLinesAtLeast: number;
  /**
   * `path` fires only for deleted files. Otherwise a deleted file fires like a changed one: a payment
   * gateway removed changes how money moves as much as one rewritten.
   */
  deleted: boolean;
  /** `path` fires for a file only renamed too; otherwise a pure rename fires no path. */
  renamed: boolean;
  /** `lines` count only in files that existed before and still do (modified or renamed). */
  modifiedOnly: boolean;
  /** A line removed and added at the same place with the same matched text is no change. */
  matchedTextOnly: boolean;
  /**
   * `lines` name fields (group 1): the trigger fires for a field on a removed line that the change
   * drops or renames (check/wire-fields.ts), never for a line merely matched.
   */
  fieldsGone: boolean;
  lines: RegExp[];
  /** Dependencies whose arrival in a manifest fires the trigger (check/dependencies.ts reads the manifests). */
  packages: PathMatcher | null;
  /** `packages` also fire on a move to another major version. */
  majorMoves: boolean;
}

/**
 * The operating model's tenant levels (`constraints.tenantModel.levels`) as one regex alternation,
 * for the `{tenant}` placeholder in a line signal: the same rule then reads `family_id` in a
 * household-finance app and `workspace_id` in a SaaS one. With no levels it matches nothing.
 */
export function tenantPattern(model: OperatingModel): string {
  const levels = model.constraints?.tenantModel?.levels ?? [];
  if (levels.length === 0) return '(?!)';
  return `(?:${levels.map((l) => l.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s_-]+/g, '_?')).join('|')})`;
}

export function compileChangeSignals(model: OperatingModel): ChangeSignal[] {
  const tenant = tenantPattern(model);
  return (model.routing?.changeSignals ?? []).map((r) => ({
    trigger: r.trigger,
    path: r.paths ? pathMatcher(r.paths) : () => false,
    in: r.in ? pathMatcher(r.in) : () => true,
    except: r.except ? pathMatcher(r.except) : () => false,
    removed: r.removed === true || r.changedOnly === true,
    changedOnly: r.changedOnly === true,
    added: r.added === true,
    newLinesAtLeast: r.newLinesAtLeast ?? 0,
    deleted: r.deleted === true,
    renamed: r.renamed === true,
    modifiedOnly: r.modifiedOnly === true,
    matchedTextOnly: r.matchedTextOnly === true,
    fieldsGone: r.fieldsGone === true,
    // Field rules read every name on a line, so their patterns are global.
    lines: (r.lines ?? []).map((re) => new RegExp(re.replaceAll('{tenant}', tenant), r.fieldsGone ? 'gi' : 'i')),
    packages: r.packages ? nameMatcher(r.packages) : null,
    majorMoves: r.majorMoves === true,
  }));
}

/** The first line of a file's text that a `trigger` line signal matches, as `line N: text`, or null. */
export function lineSignalIn(signals: readonly ChangeSignal[], trigger: string, path: string, text: string): string | null {
  // A field gone is seen only by comparing two versions: a whole file says nothing about it.
  const relevant = signals.filter((s) => s.trigger === trigger && s.lines.length > 0 && !s.fieldsGone && s.in(path) && !s.except(path));
  if (relevant.length === 0) return null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (relevant.some((s) => s.lines.some((re) => re.test(l)))) return `line ${i + 1}: ${l.trim().slice(0, 80)}`;
  }
  return null;
}
