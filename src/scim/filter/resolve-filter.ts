import type { Filter } from '../path/index.js';
import type { ResourceTypeName, SchemaRegistry } from '../schema/index.js';
import { compileFilter } from './evaluate-filter.js';

/**
 * Checks every path and comparison of `filter` against the resource type's schemas,
 * RFC 7644 §3.4.2.2, and returns the filter unchanged. Roster's policy: an unknown attribute is
 * 400 invalidFilter naming it (not an empty result); gt/ge/lt/le on boolean or binary, co/sw/ew
 * on non-strings, a value of the wrong JSON type, and `[...]` on a non-complex attribute are
 * invalidFilter; a filter on a write-only attribute (`password`) is 400 sensitive.
 */
export function resolveFilter(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  filter: Filter,
): Filter {
  compileFilter(registry, resourceType, filter);
  return filter;
}
