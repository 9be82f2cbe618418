/**
 * Canonical JSON and content hashes: the same value always gives the same text, whichever order its
 * keys were written in, so an action's hash and an audit entry's hash can be recomputed by anyone.
 * Keys are sorted by UTF-16 code unit and nothing is indented (the ordering and number format of
 * RFC 8785, for the JSON values kao stores). The policy engine looks approvals up by this hash.
 */
import { createHash } from 'node:crypto';

/** A JSON value as it is stored: what JSON.parse can return. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    // NaN and Infinity have no JSON form; silently writing null would hash a different value.
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON: ${value} is not a JSON number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON: a ${typeof value} is not a JSON value`);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The content hash of a proposed action: what an approval is bound to. */
export function actionHash(action: unknown): string {
  return sha256Hex(canonicalJson(action));
}
