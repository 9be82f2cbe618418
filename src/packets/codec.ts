/**
 * One value ↔ its text in a packet's markdown. The parser reads a value's raw source (markdown-it's
 * inline source, before any inline parsing), so `*`, `_`, `[x](y)`, `&amp;` and `<b>` inside a value
 * are kept as written. Only the start of a value can change how markdown reads the block around it
 * (`# `, `- `, `1. `, `> `, `<div>`, `[a]: b`, a fence…), so the renderer puts one backslash before a
 * value that starts with ASCII punctuation or `digits.`/`digits)`, and the parser drops one leading
 * backslash. A command written by hand as one code span (`` `npm test` ``) is read without the
 * backticks; commands are rendered as plain text, since task packets often describe a check in words.
 */
import type { ScalarType } from './layout.ts';
import type { Step } from './schemas.ts';

// ASCII punctuation (the characters CommonMark lets a backslash escape), or an ordered-list marker.
const LEADS_WITH_MARKUP = /^(?:[!-/:-@[-`{-~]|\d+[.)])/;

function encodeText(s: string): string {
  return LEADS_WITH_MARKUP.test(s) ? `\\${s}` : s;
}

function decodeText(raw: string): string {
  return raw.startsWith('\\') ? raw.slice(1) : raw;
}

export function encodeScalar(type: ScalarType, value: unknown): string {
  switch (type) {
    case 'boolean': return value ? 'yes' : 'no';
    case 'number': return String(value);
    default: return encodeText(String(value));
  }
}

/**
 * Text → value. What does not convert (`maybe` for a yes/no field) is returned as text, so the
 * schema reports it with the field's name instead of the parser guessing.
 */
export function decodeScalar(type: ScalarType, raw: string): unknown {
  switch (type) {
    case 'boolean': {
      const v = raw.trim().toLowerCase();
      return v === 'yes' || v === 'true' ? true : v === 'no' || v === 'false' ? false : raw;
    }
    case 'number': return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    case 'command': {
      const span = /^`([^`]+)`$/.exec(raw);
      return span ? span[1] : decodeText(raw);
    }
    // Vocabulary values are lower-case ids; `Medium` written by hand means `medium`.
    case 'enum': return decodeText(raw).trim().toLowerCase();
    default: return decodeText(raw);
  }
}

const CHECKBOX = /^\[([ xX])\][ \t]+/;

/** A next step as a GFM task item's text: `[x] step` or `[ ] step`. */
export function encodeStep(s: Step): string {
  return `[${s.done ? 'x' : ' '}] ${encodeText(s.step)}`;
}

/** Without a checkbox (a plain `- step` written by hand) the step is not done. */
export function decodeStep(raw: string): Step {
  const box = CHECKBOX.exec(raw);
  return box ? { step: decodeText(raw.slice(box[0].length)), done: box[1] !== ' ' } : { step: decodeText(raw), done: false };
}
