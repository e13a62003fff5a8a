import { isScimError, scimError } from '../errors.js';
import { isJsonObject } from '../schema/index.js';
import type { SchemaRegistry } from '../schema/index.js';
import type { ResourceTypeName, ScimResource } from '../schema/types.js';
import { applyAttributeOperation } from './apply-attribute-operation.js';
import { atOperation } from './at-operation.js';
import { jsonEqual } from './json-equal.js';
import type { PatchOperation } from './parse-patch-request.js';
import { findExtension, resolvePatchTarget } from './resolve-patch-target.js';
import type { AttributeTarget } from './resolve-patch-target.js';

type Op = PatchOperation['op'];

/** The attributes of one object (the resource, or an extension's object) as attribute targets. */
function targetsOf(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  value: Record<string, unknown>,
  schema: string | undefined,
): [AttributeTarget, unknown][] {
  return Object.entries(value).map(([attribute, item]) => {
    const resolved = registry.resolveAttribute(resourceType, { schema, attribute });
    if (!resolved) {
      const where = schema ?? resourceType;
      throw scimError.invalidPath(`"${attribute}" is not an attribute of ${where}`);
    }
    return [{ kind: 'attribute', resolved, filter: undefined, subAttribute: undefined }, item];
  });
}

/** RFC 7644 §3.5.2.1/§3.5.2.3 without `path`: the value's attributes are each added or replaced. */
function applyPathless(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  resource: ScimResource,
  op: Op,
  value: unknown,
): void {
  if (!isJsonObject(value)) {
    throw scimError.invalidValue(`"${op}" without "path" needs a JSON object value`);
  }
  const targets: [AttributeTarget, unknown][] = [];
  for (const [key, item] of Object.entries(value)) {
    if (key.toLowerCase() === 'schemas') continue;
    const extension = findExtension(registry, resourceType, key);
    if (!extension) {
      targets.push(...targetsOf(registry, resourceType, { [key]: item }, undefined));
      continue;
    }
    if (item === null) {
      removeExtension(resource, extension);
      continue;
    }
    if (!isJsonObject(item)) throw scimError.invalidValue(`"${key}" must be a JSON object`);
    targets.push(...targetsOf(registry, resourceType, item, extension.schema));
  }
  for (const [target, item] of targets) {
    applyAttributeOperation(registry, resourceType, resource, op, target, item);
  }
}

function removeExtension(
  resource: ScimResource,
  extension: { schema: string; required: boolean },
): void {
  if (extension.required) throw scimError.invalidValue(`"${extension.schema}" is required`);
  // An empty object, not a deleted key, so that syncSchemas also drops the URN from `schemas`.
  resource[extension.schema] = {};
}

/** Keeps `schemas` in step with the extension objects present (RFC 7643 §3), dropping empty ones. */
function syncSchemas(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  resource: ScimResource,
): void {
  const type = registry.resourceType(resourceType);
  const listed = Array.isArray(resource.schemas) ? (resource.schemas as unknown[]) : [type.schema];
  let schemas = [...listed];
  for (const { schema } of type.schemaExtensions) {
    const object = resource[schema];
    const present = isJsonObject(object) && Object.keys(object).length > 0;
    if (!present) delete resource[schema];
    const isListed = (urn: unknown) =>
      typeof urn === 'string' && urn.toLowerCase() === schema.toLowerCase();
    if (present && !schemas.some(isListed)) schemas.push(schema);
    if (!present && isJsonObject(object)) schemas = schemas.filter((urn) => !isListed(urn));
  }
  if (Array.isArray(resource.schemas) || schemas.length !== listed.length)
    resource.schemas = schemas;
}

function applyOperation(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  resource: ScimResource,
  operation: PatchOperation,
): void {
  const { op, path, value } = operation;
  if (path === undefined) {
    if (op === 'remove') throw scimError.noTarget('"remove" requires a "path"');
    applyPathless(registry, resourceType, resource, op, value);
    return;
  }
  const target = resolvePatchTarget(registry, resourceType, path);
  if (target.kind === 'attribute') {
    applyAttributeOperation(registry, resourceType, resource, op, target, value);
  } else if (op === 'remove' || value === null) {
    removeExtension(resource, target);
  } else {
    applyPathless(registry, resourceType, resource, op, { [target.schema]: value });
  }
}

/**
 * Applies PATCH operations to a resource, RFC 7644 §3.5.2: in order and atomically (the first
 * failing operation throws, its detail naming `Operations[i]`), never mutating the input.
 * Returns the patched resource and whether it differs from the input. `indexes` gives each
 * operation's index in the request when `operations` is a part of it.
 */
export function applyPatch(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  resource: ScimResource,
  operations: readonly PatchOperation[],
  indexes?: readonly number[],
): { resource: ScimResource; changed: boolean } {
  const working = structuredClone(resource);
  operations.forEach((operation, index) => {
    try {
      applyOperation(registry, resourceType, working, operation);
      syncSchemas(registry, resourceType, working);
    } catch (error) {
      throw isScimError(error) ? atOperation(error, indexes?.[index] ?? index) : error;
    }
  });
  return { resource: working, changed: !jsonEqual(resource, working) };
}
