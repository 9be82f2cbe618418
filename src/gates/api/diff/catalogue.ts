/**
 * The breaking-change catalogue (issue 6 e): every check the diff can report, with a stable id, the
 * direction it applies to, its severity and whether it is an addition (for the semver suggestion).
 * Schema checks exist twice, once per direction: a request schema is what clients send (tightening
 * breaks them), a response schema what they receive (loosening breaks them). Removal checks have an
 * `-after-deprecation` twin with a milder severity, used when the removed thing was `deprecated`
 * (or carried `x-sunset`) in the base spec. Documented in docs/gate-api-diff.md via `catalogue()`.
 */
export type DiffSeverity = 'breaking' | 'warning' | 'info';
export type Direction = 'request' | 'response' | 'both';
export type Group = 'paths' | 'operations' | 'parameters' | 'request-bodies' | 'responses' | 'schemas' | 'media-types' | 'security';

export interface DiffCheck {
  id: string;
  group: Group;
  direction: Direction;
  severity: DiffSeverity;
  /** Counts as a backwards-compatible addition (minor bump) rather than a fix (patch). */
  addition: boolean;
  description: string;
  fix: string;
}

const CHECKS = new Map<string, DiffCheck>();
const PREFIX = 'api-diff-';

function def(group: Group, direction: Direction, name: string, severity: DiffSeverity, description: string, fix: string, addition = false): void {
  const id = PREFIX + name;
  CHECKS.set(id, { id, group, direction, severity, addition, description, fix });
}
/** A removal check and its twin for things deprecated beforehand. */
function removal(group: Group, direction: Direction, name: string, severity: DiffSeverity, afterDeprecation: DiffSeverity, description: string, fix: string): void {
  def(group, direction, name, severity, description, fix);
  def(group, direction, `${name}-after-deprecation`, afterDeprecation, `${description} (it was deprecated beforehand)`, 'Announce the removal in the changelog; clients had the deprecation notice.');
}

const BUMP = 'Keep the old behaviour, or ship it as a new major version with the PO gate `breaking-contract` approved.';
const NOTE = 'Nothing to do unless clients depend on it; mention it in the changelog.';

// paths and operations
removal('operations', 'both', 'operation-removed', 'breaking', 'warning', 'An operation was removed', 'Restore the operation, or deprecate it (deprecated: true, x-sunset) for a release before removing it.');
def('operations', 'both', 'operation-added', 'info', 'An operation was added', NOTE, true);
def('operations', 'both', 'operation-deprecated', 'info', 'An operation was marked deprecated', 'Give a sunset date (x-sunset) and a replacement in the description.');
def('operations', 'both', 'operation-undeprecated', 'info', 'An operation is no longer deprecated', NOTE);
def('operations', 'both', 'operation-id-changed', 'warning', 'The operationId changed (generated SDK method names change)', 'Keep the old operationId unless the SDKs are regenerated in a major release.');
def('paths', 'request', 'path-parameter-renamed', 'info', 'A path template parameter was renamed (the URL is the same)', NOTE);

// parameters (path-level ones are reported once at the path item)
removal('parameters', 'request', 'request-parameter-removed', 'warning', 'info', 'A request parameter was removed (clients still send it)', 'Keep accepting and ignoring the parameter for a release.');
def('parameters', 'request', 'request-parameter-required-added', 'breaking', 'A new required request parameter', 'Make the parameter optional with a server-side default.');
def('parameters', 'request', 'request-parameter-optional-added', 'info', 'A new optional request parameter', NOTE, true);
def('parameters', 'request', 'request-parameter-became-required', 'breaking', 'A request parameter became required', 'Keep it optional with a server-side default.');
def('parameters', 'request', 'request-parameter-became-optional', 'info', 'A request parameter became optional', NOTE, true);
def('parameters', 'request', 'request-parameter-moved', 'breaking', 'A request parameter moved to another location (in: query/header/path/cookie)', 'Accept it in the old location too.');
def('parameters', 'request', 'request-parameter-style-changed', 'breaking', 'A request parameter\'s serialization (style/explode) changed', BUMP);
def('parameters', 'request', 'request-parameter-deprecated', 'info', 'A request parameter was marked deprecated', 'Say what replaces it in the description.');

// request bodies and their media types
def('request-bodies', 'request', 'request-body-required-added', 'breaking', 'A required request body was added', 'Make the body optional.');
def('request-bodies', 'request', 'request-body-optional-added', 'info', 'An optional request body was added', NOTE, true);
removal('request-bodies', 'request', 'request-body-removed', 'warning', 'info', 'The request body was removed (clients still send it)', 'Keep accepting and ignoring the body for a release.');
def('request-bodies', 'request', 'request-body-became-required', 'breaking', 'The request body became required', 'Keep it optional.');
def('request-bodies', 'request', 'request-body-became-optional', 'info', 'The request body became optional', NOTE, true);
def('media-types', 'request', 'request-media-type-removed', 'breaking', 'A request media type is no longer accepted', 'Keep accepting the media type.');
def('media-types', 'request', 'request-media-type-added', 'info', 'A request media type was added', NOTE, true);

// responses, their media types and headers
def('responses', 'response', 'response-success-status-removed', 'breaking', 'A success (1xx–3xx) response status was removed', 'Keep returning the status, or bump the major version.');
def('responses', 'response', 'response-error-status-removed', 'warning', 'An error (4xx/5xx/default) response status was removed', NOTE);
def('responses', 'response', 'response-success-status-added', 'info', 'A success response status was added', 'Check that clients accept any 2xx.', true);
def('responses', 'response', 'response-error-status-added', 'info', 'An error response status was added', NOTE, true);
def('media-types', 'response', 'response-media-type-removed', 'breaking', 'A response media type is no longer offered', 'Keep offering the media type.');
def('media-types', 'response', 'response-media-type-added', 'info', 'A response media type was added', NOTE, true);
def('responses', 'response', 'response-body-schema-removed', 'breaking', 'A response media type lost its schema', 'Restore the schema.');
def('responses', 'response', 'response-required-header-removed', 'breaking', 'A required response header was removed', 'Keep sending the header.');
def('responses', 'response', 'response-header-removed', 'warning', 'An optional response header was removed', NOTE);
def('responses', 'response', 'response-header-became-optional', 'breaking', 'A response header is no longer required', 'Keep it required.');
def('responses', 'response', 'response-header-added', 'info', 'A response header was added', NOTE, true);

// security: any change escalates (warning at least)
def('security', 'request', 'security-added', 'breaking', 'An operation that needed no security now needs it', BUMP);
def('security', 'request', 'security-removed', 'warning', 'An operation no longer needs security (check that this is intended)', 'Confirm with the security owner; record the approval.');
def('security', 'request', 'security-requirement-removed', 'breaking', 'An accepted security requirement (an alternative) was removed', 'Keep accepting the old scheme for a release.');
def('security', 'request', 'security-requirement-added', 'warning', 'A security requirement alternative was added', 'Confirm with the security owner; record the approval.');
def('security', 'request', 'security-scope-added', 'breaking', 'A security requirement needs an extra scope', 'Do not require new scopes for existing operations; add a new operation.');
def('security', 'request', 'security-scope-removed', 'warning', 'A security requirement needs fewer scopes', 'Confirm with the security owner; record the approval.');
def('security', 'request', 'security-scheme-removed', 'breaking', 'A security scheme was removed from components', 'Restore the scheme.');
def('security', 'request', 'security-scheme-added', 'info', 'A security scheme was added to components', NOTE, true);
def('security', 'request', 'security-scheme-type-changed', 'breaking', 'A security scheme changed its type', BUMP);
def('security', 'request', 'security-scheme-changed', 'warning', 'A security scheme changed (in, name, scheme, bearerFormat, flows or URLs)', 'Confirm clients can follow; record the approval.');

// schemas, per direction: [request severity, response severity]
type Pair = [DiffSeverity, DiffSeverity];
const SCHEMA: [string, Pair, string, string, boolean?][] = [
  ['type-changed', ['breaking', 'breaking'], 'The schema type changed', BUMP],
  ['type-narrowed', ['breaking', 'info'], 'The schema accepts fewer types (e.g. number → integer, any → string)', BUMP],
  ['type-widened', ['info', 'breaking'], 'The schema allows more types (e.g. integer → number)', BUMP],
  ['format-changed', ['breaking', 'breaking'], 'The string/number format changed', BUMP],
  ['format-added', ['breaking', 'info'], 'A format was added (values are restricted)', BUMP],
  ['format-removed', ['info', 'warning'], 'The format was removed (values are less restricted)', NOTE],
  ['enum-value-removed', ['breaking', 'info'], 'An enum member was removed', 'Keep accepting the member.'],
  ['enum-value-added', ['info', 'breaking'], 'An enum member was added', 'Clients with exhaustive switches break: document the fallback, or bump the major version.'],
  ['enum-added', ['breaking', 'info'], 'The schema became an enum', BUMP],
  ['enum-removed', ['info', 'breaking'], 'The schema is no longer an enum', BUMP],
  ['property-removed', ['warning', 'breaking'], 'An object property was removed', 'Keep the property (deprecated) for a release.'],
  ['property-removed-after-deprecation', ['info', 'warning'], 'An object property was removed (it was deprecated beforehand)', NOTE],
  ['property-added', ['info', 'info'], 'An optional object property was added', NOTE, true],
  ['required-property-added', ['breaking', 'info'], 'A new required object property', 'Make it optional with a default.'],
  ['property-became-required', ['breaking', 'info'], 'An object property became required', 'Keep it optional.'],
  ['property-became-optional', ['info', 'breaking'], 'An object property is no longer required', 'Keep it required in responses.'],
  ['nullable-added', ['info', 'breaking'], 'The schema now allows null', 'Do not return null where clients expect a value.'],
  ['nullable-removed', ['breaking', 'info'], 'The schema no longer allows null', 'Keep accepting null.'],
  ['read-only-added', ['warning', 'info'], 'A property became readOnly (clients that send it are ignored or rejected)', NOTE],
  ['read-only-removed', ['info', 'info'], 'A property is no longer readOnly', NOTE],
  ['write-only-added', ['info', 'breaking'], 'A property became writeOnly (no longer returned)', 'Keep returning it.'],
  ['write-only-removed', ['info', 'info'], 'A property is no longer writeOnly', NOTE],
  ['pattern-added', ['breaking', 'info'], 'A pattern was added', BUMP],
  ['pattern-changed', ['breaking', 'warning'], 'The pattern changed', BUMP],
  ['pattern-removed', ['info', 'warning'], 'The pattern was removed', NOTE],
  ['multiple-of-changed', ['breaking', 'warning'], 'multipleOf changed', BUMP],
  ['unique-items-added', ['breaking', 'info'], 'uniqueItems was added', BUMP],
  ['unique-items-removed', ['info', 'warning'], 'uniqueItems was removed', NOTE],
  ['one-of-added', ['info', 'warning'], 'A oneOf alternative was added', 'Clients must handle the new alternative.'],
  ['one-of-removed', ['breaking', 'info'], 'A oneOf alternative was removed', 'Keep accepting the alternative.'],
  ['any-of-added', ['info', 'warning'], 'An anyOf alternative was added', 'Clients must handle the new alternative.'],
  ['any-of-removed', ['breaking', 'info'], 'An anyOf alternative was removed', 'Keep accepting the alternative.'],
  ['all-of-added', ['breaking', 'info'], 'An allOf member was added (more constraints)', BUMP],
  ['all-of-removed', ['info', 'warning'], 'An allOf member was removed', NOTE],
  ['additional-properties-closed', ['breaking', 'info'], 'additionalProperties became false', 'Keep accepting unknown properties.'],
  ['additional-properties-opened', ['info', 'warning'], 'additionalProperties is no longer false', NOTE],
  ['discriminator-changed', ['breaking', 'breaking'], 'The discriminator property or mapping changed', BUMP],
  ['default-changed', ['warning', 'info'], 'The default value changed (clients that omit the field get another behaviour)', 'Document the new default.'],
  ['deprecated', ['info', 'info'], 'A property/schema was marked deprecated', 'Say what replaces it.'],
];
/** Bounds: tightened = fewer values allowed. */
export const BOUNDS: [key: string, kind: 'max' | 'min'][] = [
  ['maxLength', 'max'], ['minLength', 'min'], ['maximum', 'max'], ['minimum', 'min'], ['exclusiveMaximum', 'max'], ['exclusiveMinimum', 'min'],
  ['maxItems', 'max'], ['minItems', 'min'], ['maxProperties', 'max'], ['minProperties', 'min'],
];
export const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
for (const [key] of BOUNDS) {
  SCHEMA.push([`${kebab(key)}-tightened`, ['breaking', 'info'], `${key} was tightened (added, or fewer values allowed)`, `Keep the old ${key} for requests.`]);
  SCHEMA.push([`${kebab(key)}-loosened`, ['info', 'warning'], `${key} was loosened (removed, or more values allowed)`, 'Clients relying on the bound may break: document it.']);
}
for (const [name, [req, res], description, fix, addition] of SCHEMA) {
  def('schemas', 'request', `request-${name}`, req, `${description}, in a request`, fix, addition === true);
  def('schemas', 'response', `response-${name}`, res, `${description}, in a response`, fix, addition === true);
}

export function check(id: string): DiffCheck {
  const c = CHECKS.get(PREFIX + id) ?? CHECKS.get(id);
  if (!c) throw new Error(`unknown diff check ${id}`);
  return c;
}

/** The whole catalogue, sorted by id. */
export function catalogue(): DiffCheck[] {
  return [...CHECKS.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
