import { scimError } from '../errors.js';
import { commonAttributes } from './common-attributes.js';
import { valuesEqual } from './compare-values.js';
import { attributePosition, indexByName } from './find-attribute.js';
import {
  ABSENT,
  isJsonObject,
  isMissingValue,
  normalizeAttributeValue,
  requiredIn,
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
}

/** What a top-level member name of a resource names: where its given value is recorded. */
type Member =
  | { readonly kind: 'schemas' }
  | { readonly kind: 'core' | 'common' | 'extension'; readonly position: number };

/** A resource type's core schema and extensions, resolved once per registry. */
interface ResolvedType {
  readonly core: SchemaDefinition | undefined;
  readonly extensions: readonly Extension[];
  /**
   * Top-level members by canonical and by lower-cased name (RFC 7643 §2.1): `schemas`, the
   * extension URNs, the core attributes, the common ones; the first of a lower-cased name wins.
   */
  readonly members: ReadonlyMap<string, Member>;
  /** The URNs of the core schema and the extensions, by canonical and lower-cased spelling. */
  readonly schemaIds: ReadonlyMap<string, string>;
}

function indexMembers(
  core: SchemaDefinition | undefined,
  extensions: readonly Extension[],
): Map<string, Member> {
  const entries: (readonly [string, Member])[] = [['schemas', { kind: 'schemas' }]];
  extensions.forEach((extension, position) =>
    entries.push([extension.schema.id, { kind: 'extension', position }]),
  );
  core?.attributes.forEach((definition, position) =>
    entries.push([definition.name, { kind: 'core', position }]),
  );
  commonAttributes.forEach((definition, position) =>
    entries.push([definition.name, { kind: 'common', position }]),
  );
  return indexByName(entries);
}

function indexSchemaIds(
  core: SchemaDefinition | undefined,
  extensions: readonly Extension[],
): Map<string, string> {
  const schemas = [...(core ? [core] : []), ...extensions.map((e) => e.schema)];
  return indexByName(schemas.map((schema) => [schema.id, schema.id]));
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
    const core = registry.schema(type.schema);
    const extensions = type.schemaExtensions.flatMap((e) => {
      const schema = registry.schema(e.schema);
      return schema ? [{ schema, required: e.required }] : [];
    });
    resolved = {
      core,
      extensions,
      members: indexMembers(core, extensions),
      schemaIds: indexSchemaIds(core, extensions),
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

function canonicalSchemas(given: unknown, schemaIds: ReadonlyMap<string, string>): string[] {
  if (given === null || given === undefined) return [];
  if (!Array.isArray(given) || !given.every((urn) => typeof urn === 'string')) {
    throw scimError.invalidValue("Attribute 'schemas' must be an array of strings");
  }
  const listed: string[] = [];
  for (const urn of given as string[]) {
    const id = schemaIds.get(urn) ?? schemaIds.get(urn.toLowerCase());
    if (id === undefined) {
      throw scimError.invalidValue(`Schema '${urn}' is not served by this resource type`);
    }
    if (!listed.includes(id)) listed.push(id);
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
    const path = prefix === '' ? definition.name : `${prefix}${definition.name}`;
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

/** The name of the definition at `position`, for error details. */
function nameAt(definitions: readonly AttributeDefinition[], position: number): string {
  return definitions[position]?.name ?? '';
}

function extensionId(extensions: readonly Extension[], position: number): string {
  return extensions[position]?.schema.id ?? '';
}

function hasMembers(object: Record<string, unknown>): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
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
  const { core, extensions, members, schemaIds } = resolveType(registry, resourceType);
  if (!core) throw scimError.internal(`Schema '${type.schema}' is not registered`);

  let schemasValue: unknown;
  let schemasSeen = false;
  const commonGiven = givenFor(commonAttributes);
  const coreGiven = givenFor(core.attributes);
  const extensionGiven = givenFor(extensions);
  for (const key in input) {
    if (!Object.hasOwn(input, key)) continue;
    const value = input[key];
    // Names usually arrive spelled as defined: try them as given before lower-casing.
    const member = members.get(key) ?? members.get(key.toLowerCase());
    if (member === undefined) {
      throw scimError.invalidValue(`Unknown attribute '${key}' for resource type ${type.name}`);
    }
    switch (member.kind) {
      case 'schemas':
        if (schemasSeen) {
          throw scimError.invalidValue("Attribute 'schemas' is given more than once");
        }
        schemasSeen = true;
        schemasValue = value;
        break;
      case 'extension':
        give(extensionGiven, member.position, value, extensionId(extensions, member.position));
        break;
      case 'core':
        give(coreGiven, member.position, value, nameAt(core.attributes, member.position));
        break;
      case 'common':
        give(commonGiven, member.position, value, nameAt(commonAttributes, member.position));
        break;
    }
  }

  const listed = canonicalSchemas(schemasValue, schemaIds);
  const existing = options.mode === 'replace' ? options.existing : undefined;
  const output: ScimResource = { schemas: [] };
  normalizeLevel(commonAttributes, commonGiven, existing, '', output);
  normalizeLevel(core.attributes, coreGiven, existing, '', output);

  const schemas = [core.id];
  for (let position = 0; position < extensions.length; position++) {
    const extension = extensions[position] as Extension;
    const urn = extension.schema.id;
    const given = extensionGiven[position];
    const value = given === ABSENT ? undefined : given;
    if (value !== undefined && value !== null && !isJsonObject(value)) {
      throw scimError.invalidValue(`Extension '${urn}' must be an object`);
    }
    const previous = existing?.[urn];
    const present = isJsonObject(value) || extension.required;
    let assigned = false;
    if (present || isJsonObject(previous)) {
      const target: Record<string, unknown> = {};
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
      assigned = hasMembers(target);
      if (assigned) output[urn] = target;
    }
    if (assigned || listed.includes(urn)) schemas.push(urn);
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
