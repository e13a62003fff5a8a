import { resolvePatchTarget } from '../../scim/patch/index.js';
import type { PatchOperation } from '../../scim/patch/index.js';
import { findAttribute, isJsonObject } from '../../scim/schema/index.js';
import type { AttributeDefinition } from '../../scim/schema/index.js';
import { rewriteOperations } from './patch-normaliser.js';
import type { NormaliserContext } from './patch-normaliser.js';
import type { PatchNormaliser } from './patch-normaliser.js';

const booleanWords: Record<string, boolean> = { true: true, false: false };

/** One value (an element when multi-valued) with "True"/"False" read as booleans where the schema says boolean. */
function coerceSingle(definition: AttributeDefinition, value: unknown): unknown {
  if (definition.type === 'boolean' && typeof value === 'string') {
    return booleanWords[value.toLowerCase()] ?? value;
  }
  if (definition.type !== 'complex' || !isJsonObject(value)) return value;
  return coerceObject(definition.subAttributes ?? [], value);
}

function coerceValue(definition: AttributeDefinition, value: unknown): unknown {
  if (definition.multiValued && Array.isArray(value))
    return value.map((item) => coerceSingle(definition, item));
  return coerceSingle(definition, value);
}

function coerceObject(
  attributes: readonly AttributeDefinition[],
  object: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).map(([key, item]) => {
      const definition = findAttribute(attributes, key);
      return [key, definition ? coerceValue(definition, item) : item];
    }),
  );
}

function coercePathless(
  value: Record<string, unknown>,
  context: NormaliserContext,
): Record<string, unknown> {
  const { registry, resourceType } = context;
  const extensions = registry.resourceType(resourceType).schemaExtensions;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      const extension = extensions.find(
        (candidate) => candidate.schema.toLowerCase() === key.toLowerCase(),
      );
      const schema = extension ? registry.schema(extension.schema) : undefined;
      if (schema) return [key, isJsonObject(item) ? coerceObject(schema.attributes, item) : item];
      const resolved = registry.resolveAttribute(resourceType, { attribute: key });
      return [key, resolved ? coerceValue(resolved.attribute, item) : item];
    }),
  );
}

function coerceOperation(operation: PatchOperation, context: NormaliserContext): unknown {
  const { path, value } = operation;
  if (path === undefined) return isJsonObject(value) ? coercePathless(value, context) : value;
  let target;
  try {
    target = resolvePatchTarget(context.registry, context.resourceType, path);
  } catch {
    return value;
  }
  if (target.kind === 'extension') {
    const schema = context.registry.schema(target.schema);
    return schema && isJsonObject(value) ? coerceObject(schema.attributes, value) : value;
  }
  if (target.subAttribute) return coerceValue(target.subAttribute, value);
  if (target.filter) return coerceSingle(target.resolved.attribute, value);
  return coerceValue(target.resolved.attribute, value);
}

/**
 * Microsoft Entra ID sends booleans as strings (`"active": "False"`, `"primary": "True"`, any case);
 * this reads them as JSON booleans wherever the schema types the attribute boolean (RFC 7643 §2.3.2).
 */
export const entraStringBoolean: PatchNormaliser = {
  quirk: 'entra.stringBoolean',
  normalise: (operations, context) =>
    rewriteOperations(operations, (operation) => {
      if (operation.op === 'remove' || operation.value === undefined) return undefined;
      const value = coerceOperation(operation, context);
      return JSON.stringify(value) === JSON.stringify(operation.value)
        ? undefined
        : { ...operation, value };
    }),
};
