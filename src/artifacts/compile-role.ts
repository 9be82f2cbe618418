/**
 * An agent file (Copilot `.agent.md`, older `.chatmode.md`, Claude Code subagent) → RoleSpec.
 * The frontmatter gives identity and tools; the body's sections, found by heading, give the
 * outputs, triggers, forbidden actions, delegation rows, gates and escalation the OS acts on.
 */
import { machineRuleFor } from './enforceable-rules.ts';
import type { FrontmatterField } from './frontmatter.ts';
import { allSections, deepItems, deepLinks, type MdDocument, type MdItem, type MdSection, type MdTable } from './markdown.ts';
import { roleIdFromPath, roleIdOf } from './role-names.ts';
import type { DelegationFlag, DelegationRow, QualityGate, RoleKind, RoleRef, RoleSpec, TextItem, ToolNote } from './spec.ts';
import { CANONICAL_TOOLS, namedEntries, parseTool, type ToolRef } from './tools.ts';

/** Section titles, matched against the heading text in lower case. */
const HEADINGS = {
  outputs: /^(your\s+)?(role|responsibilities|outputs?)\b/,
  triggers: /activat|^when\s+to\s+use|^use\s+(me|this)\s+when/,
  tools: /^allowed\s+tools|^tools\b/,
  forbidden: /forbidden|^never\b|must\s+not|^boundaries/,
  delegation: /delegation/,
  contract: /cross[- ]stack/,
  gates: /quality\s+gates?/,
  reuse: /reuse/,
  dod: /definition\s+of\s+done|^done\s+when/,
  escalation: /escalat/,
  ssot: /ssot|single\s+source/,
};

export function compileRole(
  kind: RoleKind, file: string, fields: FrontmatterField[], doc: MdDocument,
): RoleSpec {
  const field = (key: string) => fields.find((f) => f.key === key);
  const str = (key: string) => {
    const v = field(key)?.value;
    return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : null;
  };
  const sections = [...allSections(doc.root)];
  const find = (re: RegExp) => sections.find((s) => re.test(s.title.toLowerCase()));
  const items = (s: MdSection | undefined): TextItem[] => (s ? deepItems(s).map(({ text, line }) => ({ text, line })) : []);

  const tools = toolRefs(field('tools'));
  const id = roleIdFromPath(file);
  const name = str('name') ?? str('title') ?? id;
  // Several headings may mention delegation; the one holding a pattern → roles table is the table.
  const delegationSections = sections.filter((s) => HEADINGS.delegation.test(s.title.toLowerCase()));
  const delegationSection = delegationSections.find((s) => delegationTable(s)) ?? delegationSections[0];
  const forbidden = items(find(HEADINGS.forbidden)).map((it) => {
    const rule = machineRuleFor(it.text);
    return { ...it, rule: rule?.id ?? null, gate: rule?.gate ?? null };
  });

  return {
    id,
    kind,
    file,
    name,
    description: str('description'),
    tools,
    toolsDeclared: field('tools') !== undefined,
    infer: inferOf(field('infer')?.value, field('disable-model-invocation')?.value),
    model: modelOf(field('model')?.value),
    outputs: items(find(HEADINGS.outputs)),
    triggers: items(find(HEADINGS.triggers)),
    toolNotes: toolNotes(find(HEADINGS.tools), tools),
    forbidden,
    delegation: delegationSection ? delegationRows(delegationSection, id) : [],
    implementer: delegationSection ? implementerOf(delegationSection) : null,
    contract: items(find(HEADINGS.contract)),
    qualityGates: qualityGates(find(HEADINGS.gates), sections),
    reuseFirst: (() => {
      const s = find(HEADINGS.reuse);
      return s ? deepItems(s).map(({ text, line, codes }) => ({ text, line, paths: codes })) : [];
    })(),
    definitionOfDone: items(find(HEADINGS.dod)),
    escalation: items(find(HEADINGS.escalation)),
    escalateTo: escalationTarget(find(HEADINGS.escalation)),
    ssot: (() => {
      const s = find(HEADINGS.ssot);
      return s ? deepLinks(s) : [];
    })(),
    handoffs: handoffRefs(field('handoffs')),
    subagents: listRefs(field('agents')),
    sections: sections.map((s) => s.title),
    readOnlyLine: readOnlyLine(doc, fields),
    promptCalls: promptCalls(sections, find(HEADINGS.forbidden)),
    toolMentions: toolMentions(sections, find(HEADINGS.forbidden)),
  };
}

function toolRefs(f: FrontmatterField | undefined): ToolRef[] {
  return namedEntries(f).map((e) => parseTool(e.name, e.line));
}

function inferOf(infer: unknown, disabled: unknown): boolean {
  if (typeof infer === 'boolean') return infer;
  return disabled !== true;
}

function modelOf(v: unknown): string | string[] | null {
  if (typeof v === 'string') return v.trim();
  if (Array.isArray(v)) return v.map(String);
  return null;
}

/** `read`: Read codebase files → a note for `read`; `**MCP**: Context7 …` → a note for `context7/*`. */
function toolNotes(section: MdSection | undefined, tools: ToolRef[]): ToolNote[] {
  if (!section) return [];
  return deepItems(section).map((it) => {
    const label = it.codes[0] ?? it.strong[0] ?? it.text.split(':')[0]!.trim();
    const note = it.text.includes(':') ? it.text.slice(it.text.indexOf(':') + 1).trim() : it.text;
    return { tool: resolveLabel(label, note, tools), note, line: it.line };
  });
}

function resolveLabel(label: string, note: string, tools: ToolRef[]): string {
  if (label.toLowerCase() !== 'mcp') return label;
  const server = tools.find((t) => t.kind === 'mcp' && note.toLowerCase().includes(t.server.toLowerCase()));
  return server ? server.raw : label;
}

const FLAG_TESTS: [DelegationFlag, RegExp][] = [
  ['po-gate', /\bPO\s+gate\b/i],
  ['mandatory', /\bmandatory\b/i],
  ['cannot-delegate', /\b(cannot|can't|must\s+not|may\s+not)\s+(be\s+)?delegate/i],
];

/** A delegation table's header: a signal column, then who must be involved. */
const SIGNAL_HEADER = /pattern|trigger|signal|when|if\b|change|touch|topic|area|keyword|situation/i;
const INVOLVE_HEADER = /involve|delegat|role|owner|who|hand|escalat|bring/i;

/** The section's pattern → roles table (other tables under a delegation heading are not it). */
function delegationTable(section: MdSection): MdTable | undefined {
  return [section, ...allSections(section)].flatMap((s) => s.tables)
    .find((t) => t.header.length >= 2 && SIGNAL_HEADER.test(t.header[0]!) && INVOLVE_HEADER.test(t.header[1]!));
}

function delegationRows(section: MdSection, selfId: string): DelegationRow[] {
  const table = delegationTable(section);
  if (!table) return [];
  return table.rows.map(({ cells, line }) => {
    const pattern = cells[0] ?? '';
    const involve = cells[1] ?? '';
    const flags = FLAG_TESTS.filter(([, re]) => re.test(involve)).map(([f]) => f);
    const names = involve
      .replace(/\([^)]*\)/g, ' ')
      .split(/\s*(?:\+|,|&|\band\b)\s*/)
      .map((s) => s.trim())
      .filter((s) => s && !/^PO\s+gate$/i.test(s) && !FLAG_TESTS.some(([, re]) => re.test(s)));
    // "Web Lead if UI", "QA/Test Specialist for testing": the role, and when it is needed.
    const roles: RoleRef[] = names.map((n) => {
      const m = /^(.+?)\s+(?:if|when|for|unless|on)\s+(.+)$/i.exec(n);
      return m ? { name: m[1]!, id: roleIdOf(m[1]!), line, condition: m[2]! } : { name: n, id: roleIdOf(n), line };
    });
    if (roles.length === 0 && flags.includes('cannot-delegate')) roles.push({ name: 'self', id: selfId, line });
    return { pattern, terms: pattern.split(/\s*[/,]\s*/).filter(Boolean), roles, flags, line };
  });
}

/** "Implementation delegation: Always delegate … to **Backend Implementer**" → that role. */
function implementerOf(section: MdSection): RoleRef | null {
  for (const p of [section, ...allSections(section)].flatMap((s) => s.paragraphs)) {
    if (!/\bimplement/i.test(p.text)) continue;
    const named = p.strong.find((s) => /implementer|developer|engineer/i.test(s));
    if (named) return { name: named, id: roleIdOf(named), line: p.line };
  }
  return null;
}

/** Each sub-heading of "Quality Gates" (or any heading ending in "Gate") is a gate. */
function qualityGates(section: MdSection | undefined, sections: MdSection[]): QualityGate[] {
  const gateSections = section
    ? section.children.filter((s) => !HEADINGS.reuse.test(s.title.toLowerCase()))
    : sections.filter((s) => /\bgate$/i.test(s.title));
  return gateSections.map((s) => ({
    name: s.title,
    line: s.line,
    ssot: deepLinks(s),
    checklist: deepItems(s).filter((it: MdItem) => it.checked !== null).map(({ text, line }) => ({ text, line })),
  }));
}

function handoffRefs(f: FrontmatterField | undefined): RoleRef[] {
  if (!f || !Array.isArray(f.value)) return [];
  return f.value.flatMap((h, i) => {
    const agent = h && typeof h === 'object' ? (h as Record<string, unknown>).agent : undefined;
    return typeof agent === 'string' ? [{ name: agent, id: roleIdOf(agent), line: f.itemLines[i] ?? f.line }] : [];
  });
}

function listRefs(f: FrontmatterField | undefined): RoleRef[] {
  return namedEntries(f)
    .filter((e) => e.name !== '*')
    .map((e) => ({ name: e.name, id: roleIdOf(e.name), line: e.line }));
}

/** "Escalate to PO when:" / "Escalate to the **Backend Lead** if …" → that role. */
function escalationTarget(section: MdSection | undefined): RoleRef | null {
  for (const p of section?.paragraphs ?? []) {
    const m = /\bescalate\s+(?:it\s+)?to\s+(?:the\s+)?(.+?)(?:\s+(?:when|if|whenever|before|for)\b|[:.,;(]|$)/i.exec(p.text);
    if (m) return { name: m[1]!.trim(), id: roleIdOf(m[1]!.trim()), line: p.line };
  }
  return null;
}

/**
 * The role calling itself read-only ("a read-only reviewer", "you are read-only", "Read-only: …"),
 * not any mention of the words ("read-only checks" is about commands, not the role).
 */
const READ_ONLY = /\b(you\s+are|you're|this\s+(agent|role)\s+is|acts?\s+as|works?\s+as)\s+(a\s+|an\s+)?read[- ]only\b|\bread[- ]only\s+(role|agent|reviewer|mode|auditor|analyst|assistant|specialist)\b|^read[- ]only\b/i;

function readOnlyLine(doc: MdDocument, fields: FrontmatterField[]): number | null {
  const description = fields.find((f) => f.key === 'description');
  if (typeof description?.value === 'string' && READ_ONLY.test(description.value)) return description.line;
  for (const s of [doc.root, ...allSections(doc.root)]) {
    for (const t of [...s.paragraphs, ...s.items]) if (READ_ONLY.test(t.text)) return t.line;
  }
  return null;
}

/** `#fetch`, `#tool:runInTerminal`, `#tool:context7/resolve-library-id`: VS Code's way of naming a tool in text. */
const HASH_TOOL = /(?:^|[\s(])#(tool:)?([A-Za-z][\w-]*(?:[./][\w*-]+)*)/g;
/** Text that says not to use something: a tool named there is not asked for. */
const NEGATION = /\b(never|not|don't|doesn't|no|without|avoid|forbidden|instead of)\b/i;
const CATEGORY_WORDS = new Set<string>(CANONICAL_TOOLS);

/**
 * Tools the text tells the agent to use: `#name` and `#tool:name` references, and code spans naming
 * a known client tool (`runInTerminal`, `Bash`; the bare category words read/edit/… are ordinary
 * words there). Forbidden Actions and sentences that say "never"/"do not" are skipped.
 */
function toolMentions(sections: MdSection[], forbidden: MdSection | undefined): ToolRef[] {
  const out: ToolRef[] = [];
  for (const s of sections) {
    if (s === forbidden) continue;
    for (const t of [...s.paragraphs, ...s.items]) {
      if (NEGATION.test(t.text)) continue;
      for (const m of t.text.matchAll(HASH_TOOL)) {
        const ref = parseTool(m[2]!, t.line);
        if (ref.kind === 'builtin' || (m[1] && ref.kind === 'mcp')) out.push(ref);
      }
      for (const code of 'codes' in t ? (t as MdItem).codes : []) {
        const ref = parseTool(code, t.line);
        if (ref.kind === 'builtin' && !CATEGORY_WORDS.has(code)) out.push(ref);
      }
    }
  }
  return out;
}

const PROMPT_FILE = /[\w.-]+\.prompt\.md\b/;
const CALL_VERB = /\b(run|runs|call|invoke|execute|launch|trigger|use|start)\b/i;

/** Text outside the Forbidden section that tells the agent to run a prompt file. */
function promptCalls(sections: MdSection[], forbidden: MdSection | undefined): TextItem[] {
  const out: TextItem[] = [];
  for (const s of sections) {
    if (s === forbidden) continue;
    for (const t of [...s.paragraphs, ...s.items]) {
      if (PROMPT_FILE.test(t.text) && CALL_VERB.test(t.text)) out.push({ text: t.text, line: t.line });
    }
  }
  return out;
}
