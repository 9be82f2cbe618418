/**
 * The forbidden actions the OS can enforce, and how to recognise them in a role's own words.
 * A "Forbidden Actions" bullet that matches one of these compiles to a machine rule the policy
 * engine acts on; a bullet that matches none stays text, and `kao lint` says it is not enforced.
 * Order matters: the first match wins, so the more specific phrasings come first.
 */
export interface MachineRule {
  id: string;
  /** What the OS does about it, for `kao lint` and `kao compile` output. */
  summary: string;
  /** The PO gate decision that lifts the ban, when one does. */
  gate?: string;
  test: (text: string) => boolean;
}

const has = (re: RegExp) => (t: string) => re.test(t);
const both = (a: RegExp, b: RegExp) => (t: string) => a.test(t) && b.test(t);
const CODE = /\b(production|source|application)\s+code\b/i;

export const MACHINE_RULES: readonly MachineRule[] = [
  { id: 'no-prompt-files', summary: 'an agent may not launch a prompt file; prompts are for humans', test: has(/\bprompt\s+files?\b|\.prompt\.md\b/i) },
  { id: 'no-production-code-while-planning', summary: 'edits outside spec, plan and packet documents are denied in the planning lane', test: both(CODE, /\bplanning\b|\bplan(ning)? (phase|lane)\b/i) },
  { id: 'no-production-code-unless-asked', summary: 'edits to production code need an explicit request in the task packet', test: both(CODE, /\bunless\b/i) },
  { id: 'no-source-code-edits', summary: 'edits outside plan and packet documents are denied in every lane', test: CODE.test.bind(CODE) },
  { id: 'no-destructive-commands', summary: 'history rewrites, force pushes and deletions outside temporary folders are denied', test: has(/\bdestructive\b|\bforce[- ]push|\brewrit\w*\s+(git\s+)?history|\brm\s+-rf\b/i) },
  { id: 'schema-change-requires-po-gate', summary: 'writing migration, schema or model files asks for the PO schema gate', gate: 'schema', test: has(/\bschemas?\b|\bmigrations?\b|\balter\s+table\b|\bddl\b/i) },
  { id: 'new-dependency-requires-po-gate', summary: 'writing a dependency manifest or lockfile asks for the PO dependencies gate', gate: 'dependencies', test: has(/\bdependenc(y|ies)\b|\bnew\s+(packages?|librar(y|ies))\b/i) },
  { id: 'tenant-isolation-required', summary: 'tenant-boundary changes stay with the Backend Lead and ask for the PO tenant-boundary gate', gate: 'tenant-boundary', test: has(/\btenan(t|cy)\b/i) },
  { id: 'large-refactor-requires-phased-plan', summary: 'a refactor across more than two areas needs a phased plan before implementation', test: has(/\brefactor/i) },
  { id: 'no-edits', summary: 'every edit is denied', test: has(/\b(edit|modify|writ|chang)\w*\s+(any\s+|the\s+)?files?\b/i) },
  { id: 'no-commands', summary: 'every command is denied', test: has(/\b(run|running|execut\w*)\s+(any\s+)?(commands?|shell|scripts?)\b/i) },
];

export function machineRuleFor(text: string): MachineRule | undefined {
  return MACHINE_RULES.find((r) => r.test(text));
}
