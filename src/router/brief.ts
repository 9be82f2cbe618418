/**
 * The Minimum Task Brief (DESIGN §3): free text, labelled text ("Title: …", "Acceptance criteria:"
 * with a list), YAML or JSON. Pure: the CLI reads the file or stdin. A brief with no labelled field
 * is free text: its first line is the title and all of it is scanned.
 */
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors.ts';

export interface Brief {
  title: string;
  type?: string;
  scope?: string;
  goal?: string;
  nonGoals: string[];
  acceptanceCriteria: string[];
  constraints: string[];
  riskHints: string[];
  references: string[];
  /** Every word of the brief the router scans for signals. */
  text: string;
}

const LIST_FIELDS = ['nonGoals', 'acceptanceCriteria', 'constraints', 'riskHints', 'references'] as const;
const LABELS: Record<string, keyof Brief> = {
  title: 'title', type: 'type', scope: 'scope', goal: 'goal', 'non-goals': 'nonGoals', nongoals: 'nonGoals',
  'acceptance criteria': 'acceptanceCriteria', acceptancecriteria: 'acceptanceCriteria', 'acceptance-criteria': 'acceptanceCriteria',
  constraints: 'constraints', 'risk hints': 'riskHints', riskhints: 'riskHints', 'risk-hints': 'riskHints', risks: 'riskHints',
  references: 'references', refs: 'references',
};

/**
 * `format` is what the file says it is (its extension): a `.yaml` or `.json` brief that does not
 * parse is an error at its line, never read as free text.
 */
export function parseBrief(input: string, format?: 'yaml' | 'json', name = 'the brief'): Brief {
  const text = input.replace(/^\uFEFF/, '').trim();
  if (text === '') throw new UsageError('empty-brief', 'the task brief is empty', 'Give a task as an argument, with --file, or on stdin.');
  if (format === 'yaml') return fromObject(strictYaml(text, name));
  if (text.startsWith('{') || format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new UsageError('bad-brief', `the brief looks like JSON but does not parse: ${(e as Error).message}`, 'Fix the JSON, or pass the task as plain text.');
    }
    return fromObject(data);
  }
  // YAML first (flow lists, block scalars), then the looser labelled text, then free text.
  const yaml = asYamlBrief(text);
  if (yaml) return fromObject(yaml);
  const labelled = fromLabels(text);
  if (labelled) return labelled;
  return { title: text.split('\n')[0]!.trim(), nonGoals: [], acceptanceCriteria: [], constraints: [], riskHints: [], references: [], text };
}

function strictYaml(text: string, name: string): unknown {
  try {
    return parseYaml(text);
  } catch (e) {
    const pos = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const where = pos ? `${name}:${pos.line}:${pos.col}` : name;
    const said = (e as Error).message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new UsageError('bad-brief', `${where}: not valid YAML: ${said}`, 'Fix the YAML (see docs/routing.md for the brief fields), or pass the task as plain text.');
  }
}

/** The text as a YAML mapping with a title or goal field, or null. */
function asYamlBrief(text: string): Record<string, unknown> | null {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch {
    return null; // a sentence with a colon in it, or labelled text YAML cannot read
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const keys = Object.keys(data).map((k) => LABELS[k.toLowerCase()] ?? LABELS[k.toLowerCase().replace(/[_ ]/g, '')]);
  return keys.includes('title') || keys.includes('goal') ? (data as Record<string, unknown>) : null;
}

function fromObject(data: unknown): Brief {
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new UsageError('bad-brief', 'a structured brief must be an object of fields (title, type, scope, goal, acceptanceCriteria, …)', 'See docs/routing.md for the brief fields.');
  }
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) raw[LABELS[k.toLowerCase()] ?? LABELS[k.toLowerCase().replace(/[_ ]/g, '')] ?? k] = v;
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : v === undefined || v === null ? undefined : String(v));
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(/\n|;/).map((s) => s.replace(/^\s*[-*]\s*/, '').trim()).filter(Boolean) : []);
  const title = str(raw.title) ?? str(raw.goal);
  if (!title) throw new UsageError('bad-brief', 'the brief has no title (or goal)', 'Add `title: …` to the brief.');
  const brief: Brief = {
    title, type: str(raw.type)?.toLowerCase(), scope: str(raw.scope)?.toLowerCase(), goal: str(raw.goal),
    nonGoals: list(raw.nonGoals), acceptanceCriteria: list(raw.acceptanceCriteria), constraints: list(raw.constraints),
    riskHints: list(raw.riskHints), references: list(raw.references), text: '',
  };
  brief.text = [brief.title, brief.goal, ...LIST_FIELDS.filter((f) => f !== 'nonGoals').flatMap((f) => brief[f])].filter(Boolean).join('\n');
  return brief;
}

/** "Title: …" lines, and "Acceptance criteria:" followed by `- ` items. Null when no label is found. */
function fromLabels(text: string): Brief | null {
  const fields: Record<string, string[]> = {};
  let current: string | null = null;
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z][A-Za-z -]{1,30}?)\s*:\s*(.*)$/.exec(line);
    const key = m ? LABELS[m[1]!.toLowerCase().trim()] : undefined;
    if (key) {
      current = key;
      fields[key] = m![2]!.trim() ? [m![2]!.trim()] : [];
    } else if (current && line.trim()) {
      fields[current]!.push(line.replace(/^\s*[-*]\s*(\[[ xX]\]\s*)?/, '').trim());
    }
  }
  if (!fields.title && !fields.goal) return null;
  return fromObject(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, (LIST_FIELDS as readonly string[]).includes(k) ? v : v.join(' ')])));
}
