/**
 * One artifact's text → its typed spec and the problems found on the way. Pure: the reader and
 * the discovery walk do the I/O. Never throws on bad input; a file that cannot be compiled yields
 * `artifact: null` with diagnostics saying why.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { compileRole } from './compile-role.ts';
import { decodeArtifact } from './decode.ts';
import { DEPRECATED_FIELDS, KNOWN_FIELDS } from './fields.ts';
import { type FrontmatterField, splitFrontmatter } from './frontmatter.ts';
import { allSections, parseMarkdown } from './markdown.ts';
import type { Artifact, ArtifactKind } from './spec.ts';
import { namedEntries, parseTool } from './tools.ts';

export interface Compiled {
  artifact: Artifact | null;
  diagnostics: Diagnostic[];
}

/** Kinds that are nothing without frontmatter (identity and tools live there). */
const NEEDS_FRONTMATTER: ReadonlySet<ArtifactKind> = new Set(['agent', 'chatmode', 'claude-agent', 'skill']);

export function compileBytes(bytes: Uint8Array, file: string, kind: ArtifactKind): Compiled {
  const decoded = decodeArtifact(bytes, file);
  if (!('text' in decoded)) return { artifact: null, diagnostics: decoded.diagnostics };
  const result = compileText(decoded.text, file, kind);
  return { artifact: result.artifact, diagnostics: [...decoded.diagnostics, ...result.diagnostics] };
}

export function compileText(text: string, file: string, kind: ArtifactKind): Compiled {
  const split = splitFrontmatter(text, file);
  const diagnostics = [...split.diagnostics];
  const yamlFailed = diagnostics.some((d) => d.severity === 'error');
  if (!split.hasFrontmatter && !yamlFailed && kind === 'agent' && !/\.agent\.md$/i.test(file)) {
    // A notes file sitting among agents (shared instructions, preferences): clients list it anyway.
    diagnostics.push({
      rule: 'not-an-agent', severity: 'warning', file, line: 1, column: 1,
      message: 'markdown file without frontmatter in an agents folder; agent clients still list it as an agent',
      fix: 'Move it out of the agents folder (e.g. into .github/instructions/), or give it frontmatter if it is an agent.',
    });
    return { artifact: null, diagnostics };
  }
  if (!split.hasFrontmatter && !yamlFailed && NEEDS_FRONTMATTER.has(kind)) {
    diagnostics.push({
      rule: 'frontmatter-missing', severity: 'error', file, line: 1, column: 1,
      message: `a ${kind} file needs YAML frontmatter (at least \`name\` and \`description\`), and this one has none`,
      fix: 'Start the file with `---`, the fields, and a closing `---` line; or move the file out of the agents folder if it is not an agent.',
    });
    return { artifact: null, diagnostics };
  }
  if (yamlFailed && NEEDS_FRONTMATTER.has(kind)) return { artifact: null, diagnostics };
  diagnostics.push(...checkFields(split.fields, file, kind));

  const isRole = kind === 'agent' || kind === 'chatmode' || kind === 'claude-agent';
  const doc = parseMarkdown(split.body, split.bodyLine, isRole ? 'full' : 'links');
  const links = doc.links;
  const str = (key: string) => {
    const v = split.fields.find((f) => f.key === key)?.value;
    return typeof v === 'string' ? v.trim() : null;
  };
  const stem = file.slice(file.lastIndexOf('/') + 1).replace(/\.(prompt|instructions)?\.?md$/i, '');
  const tools = (key: string) => namedEntries(split.fields.find((x) => x.key === key)).map((e) => parseTool(e.name, e.line));

  switch (kind) {
    case 'agent':
    case 'chatmode':
    case 'claude-agent':
      return { artifact: { kind, file, links, role: compileRole(kind, file, split.fields, doc) }, diagnostics };
    case 'instructions': {
      const applyTo = split.fields.find((f) => f.key === 'applyTo');
      return {
        artifact: {
          kind, file, links, name: str('name'), description: str('description'),
          applyTo: globsOf(applyTo?.value), applyToLine: applyTo?.line ?? 1,
        },
        diagnostics,
      };
    }
    case 'prompt':
      return {
        artifact: { kind, file, links, name: str('name') ?? stem, description: str('description'), agent: str('agent') ?? str('mode'), tools: tools('tools') },
        diagnostics,
      };
    case 'skill':
      return {
        artifact: { kind, file, links, name: str('name') ?? stem, description: str('description'), allowedTools: tools('allowed-tools') },
        diagnostics,
      };
    case 'agents-md':
      return {
        artifact: { kind, file, links, dir: file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.', headings: [...allSections(doc.root)].map((s) => s.title) },
        diagnostics,
      };
  }
}

/** `applyTo` is one glob, a comma-separated list of globs, or a YAML list. */
function globsOf(v: unknown): string[] {
  const parts = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? splitOutsideBraces(v) : [];
  return parts.map((s) => s.trim()).filter(Boolean);
}

/** Splits at commas that are not inside `{…}`, so `**\/*.{ts,tsx}` stays one glob. */
function splitOutsideBraces(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function checkFields(fields: FrontmatterField[], file: string, kind: ArtifactKind): Diagnostic[] {
  const out: Diagnostic[] = [];
  const known = KNOWN_FIELDS[kind];
  const deprecated = DEPRECATED_FIELDS[kind] ?? {};
  for (const f of fields) {
    const at = { file, line: f.line, column: f.column };
    if (Object.hasOwn(deprecated, f.key)) {
      out.push({ rule: 'field-deprecated', severity: 'info', ...at, message: `\`${f.key}\` is deprecated`, fix: `${deprecated[f.key]}.` });
    } else if (!known.has(f.key)) {
      const near = [...known].find((k) => k.toLowerCase() === f.key.toLowerCase() || k.replace(/-/g, '') === f.key.replace(/[-_]/g, ''));
      out.push({
        rule: 'field-unknown', severity: 'warning', ...at,
        message: `unknown frontmatter field \`${f.key}\` for a ${kind} file; agent clients ignore it`,
        fix: near ? `Did you mean \`${near}\`?` : `Remove it, or use one of: ${[...known].join(', ')}.`,
      });
    }
    if ((f.key === 'name' || f.key === 'description') && f.value !== null && typeof f.value !== 'string') {
      out.push({ rule: 'field-type', severity: 'error', ...at, message: `\`${f.key}\` must be a string`, fix: `Quote the value of \`${f.key}\`.` });
    }
  }
  return out;
}
