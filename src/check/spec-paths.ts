/** Root OpenAPI/Swagger documents by name (openapi.yaml, swagger.json, billing.openapi.yaml…). */
const SPEC_NAME = /(^|\/)(openapi|swagger)([-_.][\w.-]*)?\.(ya?ml|json)$|\.(openapi|swagger)\.(ya?ml|json)$/i;
/** A JSON or YAML file in a place API descriptions are kept under other names (docs/spec.json, api/v1.yaml). */
const MAYBE_SPEC = /(^|\/)[^/]*(spec|api|docs?|openapi|swagger)[^/]*\/(?:[^/]+\/)*[^/]+\.(ya?ml|json)$|(^|\/)[^/]*(spec|api)[^/]*\.(ya?ml|json)$/i;
/** The version line every OpenAPI or Swagger document opens with (`openapi: 3.1.0`, `"swagger": "2.0"`). */
const SPEC_VERSION = /^\s*\{?\s*["']?(openapi|swagger)["']?\s*:\s*["']?\d/m;

export function isSpecPath(path: string): boolean {
  return SPEC_NAME.test(path);
}

/**
 * Whether a changed file is an API description: by its name, or, for a JSON or YAML file where
 * descriptions are kept under other names, by the version line near its top (read with `text`, only
 * for such files). Gotify's `docs/spec.json` is one; a `package.json` never is.
 */
export function isSpecFile(path: string, text: (path: string) => string | null): boolean {
  if (isSpecPath(path)) return true;
  if (!MAYBE_SPEC.test(path) || /(^|\/)(package(-lock)?|tsconfig|composer)\.json$/i.test(path)) return false;
  return SPEC_VERSION.test(text(path)?.slice(0, 2000) ?? '');
}

/** GraphQL schema files by name; test schemas and fixtures describe no API anyone calls. */
const GRAPHQL_FILE = /\.(graphqls?|gql)$/i;
const NOT_AN_API = /(^|\/)(test|tests|__tests__|spec|fixtures|testdata|e2e)\/|\.(test|spec)\.[^/]+$/i;

export function isGraphqlSchemaPath(path: string): boolean {
  return GRAPHQL_FILE.test(path) && !NOT_AN_API.test(path);
}
