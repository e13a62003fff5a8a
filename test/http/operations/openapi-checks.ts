import { expect } from 'vitest';

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function collectRefs(value: unknown, refs: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, refs);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') refs.push(item);
      else collectRefs(item, refs);
    }
  }
}

/** Structural checks of an OpenAPI 3.1 document: the required fields, path parameters and refs. */
export function expectValidOpenApi31(doc: Json): void {
  expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  const info = doc.info as Json;
  expect(typeof info.title).toBe('string');
  expect(typeof info.version).toBe('string');
  const paths = doc.paths as Record<string, Json>;
  expect(Object.keys(paths).length).toBeGreaterThan(0);
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    expect(path.startsWith('/'), path).toBe(true);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const [method, operation] of Object.entries(item)) {
      expect(METHODS, `${path}: ${method}`).toContain(method);
      const op = operation as Json;
      const responses = op.responses as Json | undefined;
      expect(responses && Object.keys(responses).length > 0, `${method} ${path} responses`).toBe(
        true,
      );
      for (const [status, response] of Object.entries(responses ?? {})) {
        expect(status, `${method} ${path}`).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
        expect(typeof (response as Json).description, `${method} ${path} ${status}`).toBe('string');
      }
      const parameters = (op.parameters ?? []) as Json[];
      for (const name of templated) {
        expect(
          parameters.some((p) => p.in === 'path' && p.name === name && p.required === true),
          `${method} ${path} declares path parameter ${name}`,
        ).toBe(true);
      }
      for (const parameter of parameters) {
        expect(['query', 'header', 'path', 'cookie']).toContain(parameter.in);
      }
      if (typeof op.operationId === 'string') {
        expect(operationIds.has(op.operationId)).toBe(false);
        operationIds.add(op.operationId);
      }
    }
  }
  const refs: string[] = [];
  collectRefs(doc, refs);
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Json;
  for (const ref of refs) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
    expect(name, `local component ref ${ref}`).toBeDefined();
    expect(schemas[name!], `${ref} resolves`).toBeDefined();
  }
}

/** The OpenAPI path of a Fastify route template (`:id` → `{id}`). */
export function openApiPathOf(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
