import type { Filter } from '../path/index.js';
import type {
  AttributeDefinition,
  ResolvedAttribute,
  ResourceTypeName,
  SchemaRegistry,
  ScimResource,
} from '../schema/index.js';
import { compileFilterIn } from './compile-filter.js';
import type { FilterPredicate } from './compile-filter.js';
import { createResourceScope, createValueScope } from './filter-scope.js';
import { isObject } from './read-attribute-values.js';

const compiled = new WeakMap<
  SchemaRegistry,
  WeakMap<Filter, Map<ResourceTypeName, FilterPredicate>>
>();

/**
 * Resolves `filter` against a resource type's schemas and returns a reusable predicate over its
 * resources, RFC 7644 §3.4.2.2; compiled predicates are cached per registry, filter and type.
 */
export function compileFilter(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  filter: Filter,
): FilterPredicate {
  let byFilter = compiled.get(registry);
  if (!byFilter) compiled.set(registry, (byFilter = new WeakMap()));
  let byType = byFilter.get(filter);
  if (!byType) byFilter.set(filter, (byType = new Map()));
  let predicate = byType.get(resourceType);
  if (!predicate) {
    predicate = compileFilterIn(filter, createResourceScope(registry, resourceType));
    byType.set(resourceType, predicate);
  }
  return predicate;
}

/**
 * True when `resource` matches `filter`, RFC 7644 §3.4.2.2: any-value match on multi-valued
 * attributes, caseExact honoured, `ne` true on a missing attribute, `eq null` meaning "not present".
 * This in-memory evaluator is the reference the SQL filter compilers are tested against.
 */
export function evaluateFilter(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  filter: Filter,
  resource: ScimResource,
): boolean {
  return compileFilter(registry, resourceType, filter)(resource);
}

const compiledValueFilters = new WeakMap<Filter, WeakMap<AttributeDefinition, FilterPredicate>>();

/**
 * Resolves a PATCH value filter against the sub-attributes of the complex `attribute` and returns
 * a reusable predicate over its values, RFC 7644 §3.5.2; cached per filter and attribute.
 */
export function compileValueFilter(attribute: ResolvedAttribute, filter: Filter): FilterPredicate {
  const definition = attribute.subAttribute ?? attribute.attribute;
  let byDefinition = compiledValueFilters.get(filter);
  if (!byDefinition) compiledValueFilters.set(filter, (byDefinition = new WeakMap()));
  let predicate = byDefinition.get(definition);
  if (!predicate) {
    const inner = compileFilterIn(filter, createValueScope(attribute));
    predicate = (element) => isObject(element) && inner(element);
    byDefinition.set(definition, predicate);
  }
  return predicate;
}

/**
 * True when one value of the multi-valued complex `attribute` matches a PATCH value filter,
 * RFC 7644 §3.5.2 (`type eq "work"` against one email object). Throws scimError.invalidFilter
 * when the filter names no sub-attribute of `attribute`.
 */
export function matchesValueFilter(
  _registry: SchemaRegistry,
  _resourceType: ResourceTypeName,
  attribute: ResolvedAttribute,
  filter: Filter,
  element: unknown,
): boolean {
  return compileValueFilter(attribute, filter)(element);
}
