import { commonAttributes } from './common-attributes.js';
import { findAttribute } from './find-attribute.js';
import { isJsonObject } from './normalize-attribute-value.js';
import type { SchemaRegistry } from './schema-registry.js';
import type {
  AttributeDefinition,
  ResourceTypeDefinition,
  ResourceTypeName,
  ScimResource,
} from './types.js';

export interface ProjectOptions {
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}

/** What a list of attribute paths names: per schema URN, per attribute, all or some sub-attributes. */
type Selection = Map<string, 'all' | Map<string, 'all' | Set<string>>>;

function selectionKey(urn: string): string {
  return urn.toLowerCase();
}

/** Splits `[URN ":"] attr ["." sub]` and resolves it; the URN alone names a whole schema. */
function addPath(
  registry: SchemaRegistry,
  type: ResourceTypeDefinition,
  selection: Selection,
  raw: string,
): void {
  const path = raw.trim();
  if (path === '') return;
  const served = [type.schema, ...type.schemaExtensions.map((e) => e.schema)];
  const whole = served.find((urn) => urn.toLowerCase() === path.toLowerCase());
  if (whole) {
    selection.set(selectionKey(whole), 'all');
    return;
  }
  const colon = path.lastIndexOf(':');
  const schema = colon >= 0 ? path.slice(0, colon) : undefined;
  const rest = colon >= 0 ? path.slice(colon + 1) : path;
  const [attribute = '', subAttribute, extra] = rest.split('.');
  if (extra !== undefined) return;
  const resolved = registry.resolveAttribute(type.name, {
    ...(schema !== undefined ? { schema } : {}),
    attribute,
    ...(subAttribute !== undefined ? { subAttribute } : {}),
  });
  if (!resolved) return;
  const key = selectionKey(resolved.schema);
  let bySchema = selection.get(key);
  if (bySchema === 'all') return;
  if (!bySchema) selection.set(key, (bySchema = new Map()));
  const name = resolved.attribute.name;
  const current = bySchema.get(name);
  if (current === 'all') return;
  if (!resolved.subAttribute) bySchema.set(name, 'all');
  else bySchema.set(name, new Set([...(current ?? []), resolved.subAttribute.name]));
}

function buildSelection(
  registry: SchemaRegistry,
  type: ResourceTypeDefinition,
  paths: readonly string[] | undefined,
): Selection | undefined {
  if (!paths) return undefined;
  const selection: Selection = new Map();
  for (const path of paths) addPath(registry, type, selection, path);
  return selection.size > 0 ? selection : undefined;
}

function lookup(
  selection: Selection | undefined,
  urn: string,
  name: string,
): 'all' | Set<string> | undefined {
  const bySchema = selection?.get(selectionKey(urn));
  return bySchema === 'all' ? 'all' : bySchema?.get(name);
}

function projectComplex(
  definition: AttributeDefinition,
  value: Record<string, unknown>,
  included: 'all' | Set<string> | undefined,
  excluded: Set<string> | undefined,
): Record<string, unknown> | undefined {
  const result: Record<string, unknown> = {};
  for (const [key, subValue] of Object.entries(value)) {
    const sub = findAttribute(definition.subAttributes ?? [], key);
    const returned = sub?.returned ?? 'default';
    const name = sub?.name ?? key;
    if (returned === 'never') continue;
    if (returned !== 'always') {
      const named = included instanceof Set && included.has(name);
      if (included instanceof Set ? !named : returned === 'request' && included !== 'all') continue;
      if (excluded?.has(name)) continue;
    }
    result[key] = subValue;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

/** Applies RFC 7643 §7 `returned` and the requested sets to one attribute's value. */
function projectAttribute(
  definition: AttributeDefinition,
  value: unknown,
  included: 'all' | Set<string> | undefined,
  excluded: 'all' | Set<string> | undefined,
  filtering: boolean,
): unknown {
  if (definition.returned === 'never') return undefined;
  if (definition.returned !== 'always') {
    if (filtering ? included === undefined : definition.returned === 'request') return undefined;
    if (excluded === 'all') return undefined;
  }
  const subs = definition.subAttributes;
  if (definition.type !== 'complex' || !subs) return value;
  const sets = {
    included: filtering ? included : undefined,
    excluded: excluded instanceof Set ? excluded : undefined,
  };
  const project = (item: unknown): unknown =>
    isJsonObject(item) ? projectComplex(definition, item, sets.included, sets.excluded) : item;
  if (Array.isArray(value)) {
    const items = value.map(project).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  return project(value);
}

/**
 * Shapes a resource for a response (RFC 7644 §3.4.2.5, §3.9; RFC 7643 §7 `returned`):
 * `never` attributes removed, `always` ones kept, `request` ones only when named, `default` ones
 * kept unless excluded or, when `attributes` is given, unless left unnamed. Never mutates input.
 */
export function projectResource(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  resource: ScimResource,
  options: ProjectOptions,
): ScimResource {
  const type = registry.resourceType(resourceType);
  const core = registry.schema(type.schema);
  const included = buildSelection(registry, type, options.attributes);
  const excluded = buildSelection(registry, type, options.excludedAttributes);
  const filtering = included !== undefined;
  const output: ScimResource = {};

  const projectLevel = (
    urn: string,
    definitions: readonly AttributeDefinition[],
    key: string,
    value: unknown,
    target: Record<string, unknown>,
  ): void => {
    const definition = findAttribute(definitions, key);
    if (!definition) {
      if (!filtering) target[key] = value;
      return;
    }
    const projected = projectAttribute(
      definition,
      value,
      lookup(included, urn, definition.name),
      lookup(excluded, urn, definition.name),
      filtering,
    );
    if (projected !== undefined) target[key] = projected;
  };

  for (const [key, value] of Object.entries(resource)) {
    const lowered = key.toLowerCase();
    if (lowered === 'schemas') {
      output[key] = value;
      continue;
    }
    const extension = type.schemaExtensions.find((e) => e.schema.toLowerCase() === lowered);
    const extensionSchema = extension ? registry.schema(extension.schema) : undefined;
    if (extensionSchema && isJsonObject(value)) {
      const projected: Record<string, unknown> = {};
      for (const [name, attributeValue] of Object.entries(value)) {
        projectLevel(
          extensionSchema.id,
          extensionSchema.attributes,
          name,
          attributeValue,
          projected,
        );
      }
      if (Object.keys(projected).length > 0) output[key] = projected;
      continue;
    }
    projectLevel(
      type.schema,
      [...(core?.attributes ?? []), ...commonAttributes],
      key,
      value,
      output,
    );
  }
  return output;
}
