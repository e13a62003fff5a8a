import type { AttrPath } from '../path/index.js';
import type { ResolvedAttribute, ResourceTypeName, SchemaRegistry } from '../schema/index.js';
import { readAttributeValues, readMember } from './read-attribute-values.js';
import { resolveFilterAttribute, resolveValueFilterAttribute } from './resolve-filter-attribute.js';
import type { FilterPathUse } from './resolve-filter-attribute.js';

/** What an attribute path in a filter selects: its resolution and how to read its values. */
export interface FilterTarget {
  readonly resolved: ResolvedAttribute;
  /** Every value the path selects in `node`, multi-valued attributes flattened. */
  read(node: unknown): unknown[];
}

/** Resolves the paths of one filter level: whole resources, or one value of a complex attribute. */
export interface FilterScope {
  target(path: AttrPath, use: FilterPathUse): FilterTarget;
}

/** The scope of a filter over whole resources of one type (RFC 7644 §3.4.2.2). */
export function createResourceScope(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
): FilterScope {
  return {
    target(path, use) {
      const resolved = resolveFilterAttribute(registry, resourceType, path, use);
      const { attribute, subAttribute } = resolved;
      const container = (node: unknown): unknown =>
        resolved.isExtension ? readMember(node, resolved.schema) : node;
      const read = (node: unknown): unknown[] => {
        const values = readAttributeValues(container(node), attribute.name);
        return subAttribute
          ? values.flatMap((value) => readAttributeValues(value, subAttribute.name))
          : values;
      };
      return { resolved, read };
    },
  };
}

/**
 * The scope inside `parent[valFilter]` (RFC 7644 §3.4.2.2 valuePath, §3.5.2 PATCH): each path
 * names a sub-attribute of `parent` and is read from one of its values.
 */
export function createValueScope(parent: ResolvedAttribute): FilterScope {
  return {
    target(path, use) {
      const resolved = resolveValueFilterAttribute(parent, path, use);
      const name = resolved.subAttribute?.name ?? '';
      return { resolved, read: (node) => readAttributeValues(node, name) };
    },
  };
}
