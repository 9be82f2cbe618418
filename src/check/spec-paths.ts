/** Root OpenAPI/Swagger documents by name (openapi.yaml, swagger.json, billing.openapi.yaml…). */
const SPEC_NAME = /(^|\/)(openapi|swagger)([-_.][\w.-]*)?\.(ya?ml|json)$|\.(openapi|swagger)\.(ya?ml|json)$/i;

export function isSpecPath(path: string): boolean {
  return SPEC_NAME.test(path);
}
