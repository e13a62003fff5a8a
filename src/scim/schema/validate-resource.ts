import { scimError } from '../errors.js';
import { commonAttributes } from './common-attributes.js';
import { valuesEqual } from './compare-values.js';
import { attributePosition } from './find-attribute.js';
import {
  ABSENT,
  isJsonObject,
  isMissingValue,
  normalizeAttributeValue,
} from './normalize-attribute-value.js';
import type { SchemaRegistry } from './schema-registry.js';
import type {
  AttributeDefinition,
  ResourceTypeName,
  SchemaDefinition,
  ScimResource,
} from './types.js';

export interface ValidateOptions {
  mode: 'create' | 'replace';
  /** The stored resource a replace applies to; enables the immutable check. */
  existing?: ScimResource;
}

interface Extension {
  readonly schema: SchemaDefinition;
  readonly required: boolean;
  /** The schema URN lower-cased, as attribute names compare (RFC 7643 §2.1). */
  readonly key: string;
}

/** A resource type's core schema and extensions, resolved once per registry. */
interface ResolvedType {
  readonly core: SchemaDefinition | undefined;
  readonly extensions: readonly Extension[];
}

const resolvedTypes = new WeakMap<SchemaRegistry, Map<ResourceTypeName, ResolvedType>>();

function resolveType(registry: SchemaRegistry, resourceType: ResourceTypeName): ResolvedType {
  let byType = resolvedTypes.get(registry);
  if (byType === undefined) {
    byType = new Map();
    resolvedTypes.set(registry, byType);
  }
  let resolved = byType.get(resourceType);
  if (resolved === undefined) {
    const type = registry.resourceType(resourceType);
    resolved = {
      core: registry.schema(type.schema),
      extensions: type.schemaExtensions.flatMap((e) => {
        const schema = registry.schema(e.schema);
        return schema ? [{ schema, required: e.required, key: schema.id.toLowerCase() }] : [];
      }),
    };
    byType.set(resourceType, resolved);
  }
  return resolved;
}

/** Values given for a list of definitions, by position in the list; ABSENT where none. */
type Given = unknown[];

function givenFor(definitions: readonly unknown[]): Given {
  return new Array<unknown>(definitions.length).fill(ABSENT);
}

/** Records the value at `position`, refusing a second one (names differing in case). */
function give(given: Given, position: number, value: unknown, name: string): void {
  if (given[position] !== ABSENT) {
    throw scimError.invalidValue(`Attribute '${name}' is given more than once`);
  }
  given[position] = value;
}

/** The required definitions of each list, found once. */
const requiredOf = new WeakMap<readonly AttributeDefinition[], readonly AttributeDefinition[]>();

function requiredIn(definitions: readonly AttributeDefinition[]): readonly AttributeDefinition[] {
  let required = requiredOf.get(definitions);
  if (required === undefined) {
    required = definitions.filter((definition) => definition.required);
    requiredOf.set(definitions, required);
  }
  return required;
}

function canonicalSchemas(
  given: unknown,
  core: SchemaDefinition,
  extensions: readonly Extension[],
): string[] {
  if (given === null || given === undefined) return [];
  if (!Array.isArray(given) || !given.every((urn) => typeof urn === 'string')) {
    throw scimError.invalidValue("Attribute 'schemas' must be an array of strings");
  }
  const served = [core, ...extensions.map((e) => e.schema)];
  const listed: string[] = [];
  for (const urn of given as string[]) {
    const match = served.find((s) => s.id.toLowerCase() === urn.toLowerCase());
    if (!match) throw scimError.invalidValue(`Schema '${urn}' is not served by this resource type`);
    if (!listed.includes(match.id)) listed.push(match.id);
  }
  return listed;
}

/**
 * Validates attributes of one schema level and writes canonical values into `target`,
 * ignoring readOnly ones (RFC 7644 §3.3) and keeping immutable ones unchanged (RFC 7643 §7).
 */
function normalizeLevel(
  definitions: readonly AttributeDefinition[],
  given: Given,
  existing: Record<string, unknown> | undefined,
  prefix: string,
  target: Record<string, unknown>,
): void {
  for (let position = 0; position < definitions.length; position++) {
    const definition = definitions[position] as AttributeDefinition;
    const givenValue = given[position];
    // Most definitions are not given at all: skip them before anything else.
    if (givenValue === ABSENT && existing === undefined) continue;
    if (definition.mutability === 'readOnly') continue;
    const previous = existing ? existing[definition.name] : undefined;
    const keeps =
      definition.mutability === 'immutable' && previous !== undefined && previous !== null;
    if (!keeps && givenValue === ABSENT) continue;
    const path = `${prefix}${definition.name}`;
    const value =
      givenValue !== ABSENT ? normalizeAttributeValue(definition, givenValue, path) : undefined;
    if (keeps) {
      if (value !== undefined && !valuesEqual(definition, previous, value)) {
        throw scimError.mutability(`Attribute '${path}' is immutable and cannot be changed`);
      }
      target[definition.name] = value ?? structuredClone(previous);
      continue;
    }
    if (value !== undefined) target[definition.name] = value;
  }
  for (const definition of requiredIn(definitions)) {
    if (isMissingValue(target[definition.name])) {
      throw scimError.invalidValue(`Attribute '${prefix}${definition.name}' is required`);
    }
  }
}

function collectExtension(schema: SchemaDefinition, value: Record<string, unknown>): Given {
  const given = givenFor(schema.attributes);
  for (const [key, attributeValue] of Object.entries(value)) {
    const position = attributePosition(schema.attributes, key);
    const definition = schema.attributes[position];
    if (!definition) throw scimError.invalidValue(`Unknown attribute '${schema.id}:${key}'`);
    give(given, position, attributeValue, `${schema.id}:${definition.name}`);
  }
  return given;
}

/** Group members name a resource type; a case-insensitive match takes the canonical spelling. */
function normalizeMemberTypes(resource: ScimResource): void {
  const members = resource['members'];
  if (!Array.isArray(members)) return;
  for (const member of members) {
    if (!isJsonObject(member) || typeof member['type'] !== 'string') continue;
    const lowered = member['type'].toLowerCase();
    if (lowered === 'user') member['type'] = 'User';
    else if (lowered === 'group') member['type'] = 'Group';
  }
}

/**
 * Turns a client body into the canonical wire form of a resource (RFC 7643 §2, §3, §7;
 * RFC 7644 §3.3, §3.5.1): canonical names and URNs, types checked, readOnly values dropped,
 * unassigned values left out. Never mutates `input`.
 */
export function validateResource(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  input: unknown,
  options: ValidateOptions,
): ScimResource {
  if (!isJsonObject(input)) throw scimError.invalidSyntax('A resource must be a JSON object');
  const type = registry.resourceType(resourceType);
  const { core, extensions } = resolveType(registry, resourceType);
  if (!core) throw scimError.internal(`Schema '${type.schema}' is not registered`);

  let schemasValue: unknown;
  let schemasSeen = false;
  const commonGiven = givenFor(commonAttributes);
  const coreGiven = givenFor(core.attributes);
  const extensionGiven = givenFor(extensions);
  for (const key in input) {
    if (!Object.hasOwn(input, key)) continue;
    const value = input[key];
    const lowered = key.toLowerCase();
    if (lowered === 'schemas') {
      if (schemasSeen) throw scimError.invalidValue("Attribute 'schemas' is given more than once");
      schemasSeen = true;
      schemasValue = value;
      continue;
    }
    const extensionPosition = extensions.findIndex((e) => e.key === lowered);
    const extension = extensions[extensionPosition];
    if (extension) {
      give(extensionGiven, extensionPosition, value, extension.schema.id);
      continue;
    }
    const position = attributePosition(core.attributes, key);
    const definition = core.attributes[position];
    if (definition) {
      give(coreGiven, position, value, definition.name);
      continue;
    }
    const commonPosition = attributePosition(commonAttributes, key);
    const common = commonAttributes[commonPosition];
    if (!common) {
      throw scimError.invalidValue(`Unknown attribute '${key}' for resource type ${type.name}`);
    }
    give(commonGiven, commonPosition, value, common.name);
  }

  const listed = canonicalSchemas(schemasValue, core, extensions);
  const existing = options.mode === 'replace' ? options.existing : undefined;
  const output: ScimResource = { schemas: [] };
  normalizeLevel(commonAttributes, commonGiven, existing, '', output);
  normalizeLevel(core.attributes, coreGiven, existing, '', output);

  const schemas = [core.id];
  for (const [position, extension] of extensions.entries()) {
    const urn = extension.schema.id;
    const given = extensionGiven[position];
    const value = given === ABSENT ? undefined : given;
    if (value !== undefined && value !== null && !isJsonObject(value)) {
      throw scimError.invalidValue(`Extension '${urn}' must be an object`);
    }
    const previous = existing?.[urn];
    const target: Record<string, unknown> = {};
    const present = isJsonObject(value) || extension.required;
    if (present || isJsonObject(previous)) {
      const given = isJsonObject(value)
        ? collectExtension(extension.schema, value)
        : givenFor(extension.schema.attributes);
      const check = present ? normalizeLevel : normalizeImmutableOnly;
      check(
        extension.schema.attributes,
        given,
        isJsonObject(previous) ? previous : undefined,
        `${urn}:`,
        target,
      );
    }
    if (Object.keys(target).length > 0) output[urn] = target;
    if (Object.keys(target).length > 0 || listed.includes(urn)) schemas.push(urn);
  }
  output['schemas'] = schemas;
  if (resourceType === 'Group') normalizeMemberTypes(output);
  return output;
}

/** An absent extension on replace still keeps its immutable values (RFC 7643 §7). */
function normalizeImmutableOnly(
  definitions: readonly AttributeDefinition[],
  _given: Given,
  existing: Record<string, unknown> | undefined,
  _prefix: string,
  target: Record<string, unknown>,
): void {
  for (const definition of definitions) {
    const previous = existing?.[definition.name];
    if (definition.mutability === 'immutable' && previous !== undefined && previous !== null) {
      target[definition.name] = structuredClone(previous);
    }
  }
}
