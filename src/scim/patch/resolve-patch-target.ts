import { scimError } from '../errors.js';
import { parsePatchPath } from '../path/index.js';
import type { Filter } from '../path/types.js';
import { findAttribute } from '../schema/index.js';
import type { ResolvedAttribute, SchemaRegistry } from '../schema/index.js';
import type { AttributeDefinition, ResourceTypeName } from '../schema/types.js';

/** The whole extension object named by its schema URN, e.g. `path: "urn:…:enterprise:2.0:User"`. */
export interface ExtensionTarget {
  readonly kind: 'extension';
  readonly schema: string;
  readonly required: boolean;
}

/** An attribute, optionally narrowed by a value filter and/or a sub-attribute (RFC 7644 §3.5.2). */
export interface AttributeTarget {
  readonly kind: 'attribute';
  readonly resolved: ResolvedAttribute;
  readonly filter: Filter | undefined;
  /** `name.givenName` or the `value` of `emails[type eq "work"].value`. */
  readonly subAttribute: AttributeDefinition | undefined;
}

export type PatchTarget = ExtensionTarget | AttributeTarget;

/** The extension schema URN (canonical spelling) a name denotes, if any. */
export function findExtension(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  name: string,
): { schema: string; required: boolean } | undefined {
  const wanted = name.toLowerCase();
  return registry
    .resourceType(resourceType)
    .schemaExtensions.find((extension) => extension.schema.toLowerCase() === wanted);
}

/** Resolves a PATCH `path` against the resource type's schemas, RFC 7644 §3.5.2; throws invalidPath. */
export function resolvePatchTarget(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  path: string,
): PatchTarget {
  const extension = findExtension(registry, resourceType, path.trim());
  if (extension) return { kind: 'extension', ...extension };

  const parsed = parsePatchPath(path);
  const { schema, attribute, subAttribute } = parsed.path;
  const resolved = registry.resolveAttribute(resourceType, { schema, attribute, subAttribute });
  if (!resolved) throw scimError.invalidPath(`"${path}" names no attribute of ${resourceType}`);

  if (!parsed.valueFilter) {
    return { kind: 'attribute', resolved, filter: undefined, subAttribute: resolved.subAttribute };
  }
  const definition = resolved.attribute;
  if (resolved.subAttribute || !definition.multiValued || definition.type !== 'complex') {
    throw scimError.invalidPath(
      `"${path}": a value filter applies only to a complex multi-valued attribute`,
    );
  }
  let sub: AttributeDefinition | undefined;
  if (parsed.subAttribute !== undefined) {
    sub = findAttribute(definition.subAttributes ?? [], parsed.subAttribute);
    if (!sub) {
      throw scimError.invalidPath(
        `"${path}": "${definition.name}" has no sub-attribute "${parsed.subAttribute}"`,
      );
    }
  }
  return { kind: 'attribute', resolved, filter: parsed.valueFilter, subAttribute: sub };
}
