/**
 * The typed specs artifacts compile into. These are the OS's contract with the rest of the system
 * (routing, policy, gates) and are printed by `kao compile --json`; field names are stable.
 */
import type { ToolRef } from './tools.ts';

export const ARTIFACT_KINDS = ['agent', 'chatmode', 'claude-agent', 'prompt', 'instructions', 'skill', 'agents-md'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];
export type RoleKind = Extract<ArtifactKind, 'agent' | 'chatmode' | 'claude-agent'>;

export interface TextItem {
  text: string;
  line: number;
}

/** A reference to a role by the words a file used; `id` is what those words resolve to. */
export interface RoleRef {
  name: string;
  id: string;
  line: number;
  /** When the role is needed, as the cell says ("Web Lead if UI" → `UI`). */
  condition?: string;
}

export interface LinkRef {
  text: string;
  url: string;
  line: number;
  column: number;
}

export interface ToolNote {
  /** The tool the note is about, as written (`read`, `context7/*`). */
  tool: string;
  note: string;
  line: number;
}

export interface ForbiddenAction extends TextItem {
  /** The machine rule it compiles to, or null when the OS cannot enforce it. */
  rule: string | null;
  /** The PO gate decision that lifts the ban, when there is one. */
  gate: string | null;
}

export type DelegationFlag = 'po-gate' | 'mandatory' | 'cannot-delegate';

export interface DelegationRow {
  /** The pattern cell as written. */
  pattern: string;
  /** The pattern split into its terms (`auth/session/RBAC` → three terms). */
  terms: string[];
  /** Roles that must be involved; the role itself when the row says it cannot delegate. */
  roles: RoleRef[];
  flags: DelegationFlag[];
  line: number;
}

export interface QualityGate {
  name: string;
  line: number;
  ssot: LinkRef[];
  checklist: TextItem[];
}

export interface ReuseTarget extends TextItem {
  /** Paths or globs named in the item (from its code spans). */
  paths: string[];
}

export interface RoleSpec {
  id: string;
  kind: RoleKind;
  file: string;
  name: string;
  description: string | null;
  tools: ToolRef[];
  /** Whether the tools key was present at all (absent means "all tools" for Claude subagents). */
  toolsDeclared: boolean;
  /** Other agents may pick this one by its description. */
  infer: boolean;
  model: string | string[] | null;
  outputs: TextItem[];
  triggers: TextItem[];
  toolNotes: ToolNote[];
  forbidden: ForbiddenAction[];
  delegation: DelegationRow[];
  /** The role implementation is always handed to, when the file names one. */
  implementer: RoleRef | null;
  /** What a cross-stack Phase 0 contract must define, when the file says. */
  contract: TextItem[];
  qualityGates: QualityGate[];
  reuseFirst: ReuseTarget[];
  definitionOfDone: TextItem[];
  escalation: TextItem[];
  /** Who the role escalates to ("Escalate to PO when:"), when the file says. */
  escalateTo: RoleRef | null;
  /** Links of the SSOT References section. */
  ssot: LinkRef[];
  handoffs: RoleRef[];
  subagents: RoleRef[];
  /** Sections the file's own text gives, by heading, for the linter's structural rules. */
  sections: string[];
  /** The file calls the role read-only in its own words (line of the first such words). */
  readOnlyLine: number | null;
  /** Places where the body tells the agent to run a prompt file (prompts are for humans only). */
  promptCalls: TextItem[];
  /** Tools the body tells the agent to use (`#fetch`, `#tool:context7/…`, `` `runInTerminal` ``), outside Forbidden Actions and negations. */
  toolMentions: ToolRef[];
}

/** What every compiled artifact carries. */
export interface ArtifactBase {
  file: string;
  /** Every markdown link of the body, for the broken-link check. */
  links: LinkRef[];
}

export interface RoleArtifact extends ArtifactBase {
  kind: RoleKind;
  role: RoleSpec;
}

export interface InstructionsSpec extends ArtifactBase {
  kind: 'instructions';
  name: string | null;
  description: string | null;
  /** Globs relative to the repository root; empty = attached by hand only. */
  applyTo: string[];
  applyToLine: number;
}

export interface PromptSpec extends ArtifactBase {
  kind: 'prompt';
  name: string;
  description: string | null;
  /** The agent the prompt runs in (`agent` or a custom agent's name). */
  agent: string | null;
  tools: ToolRef[];
}

export interface SkillSpec extends ArtifactBase {
  kind: 'skill';
  name: string;
  description: string | null;
  allowedTools: ToolRef[];
}

export interface AgentsMdSpec extends ArtifactBase {
  kind: 'agents-md';
  /** Directory the file governs (itself and below, unless a nearer AGENTS.md exists). */
  dir: string;
  headings: string[];
}

export type Artifact = RoleArtifact | InstructionsSpec | PromptSpec | SkillSpec | AgentsMdSpec;
