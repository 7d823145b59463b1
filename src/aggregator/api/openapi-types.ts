/** Minimal OpenAPI 3 typing for the per-feature fragments composed by service/openapi-doc.ts. */
export type OpenApiPaths = Record<string, Record<string, unknown>>;
