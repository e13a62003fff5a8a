import { scimError } from '../errors.js';
import type { AttrPath } from '../path/index.js';
import type { AttributeDefinition, ResourceTypeName, SchemaRegistry } from '../schema/index.js';
import { printAttrPath } from './print-filter.js';
import { readAttributeValues, readMember } from './read-attribute-values.js';

/** What an attribute path in a filter selects: its definition and how to read its values. */
export interface FilterTarget {
  /** The definition compared against (the sub-attribute's, when one is named). */
  readonly definition: AttributeDefinition;
  /** The path as written, for error details. */
  readonly name: string;
  /** Every value the path selects in `node`, multi-valued attributes flattened. */
  read(node: unknown): unknown[];
}

/** Resolves the attribute paths of one filter level: a whole resource, or one value of a complex attribute. */
export interface FilterScope {
  target(path: AttrPath): FilterTarget;
  /** True inside `attr[...]`, where paths are relative to one value of the attribute. */
  readonly isValueFilter: boolean;
}

/**
 * RFC 7643 §3 `schemas`: every resource has it, but no schema defines it, so filters
 * (`schemas eq "urn:...:enterprise:2.0:User"`, RFC 7644 §3.4.2.2) resolve it here. URNs are
 * case-insensitive.
 */
const schemasAttribute: AttributeDefinition = Object.freeze({
  name: 'schemas',
  type: 'reference',
  multiValued: true,
  description: 'The schema URNs the resource uses.',
  required: true,
  caseExact: false,
  mutability: 'readOnly',
  returned: 'always',
  uniqueness: 'none',
  referenceTypes: Object.freeze(['uri']),
});

function refuseSensitive(path: AttrPath, definitions: readonly (AttributeDefinition | undefined)[]): void {
  for (const definition of definitions) {
    if (definition && (definition.returned === 'never' || definition.mutability === 'writeOnly')) {
      throw scimError.sensitive(
        `at ${path.span.start}: "${printAttrPath(path)}" is write-only and cannot be filtered on; ` +
          'personal data must not travel in a URL, send queries in a POST /.search body (RFC 7644 §3.4.2.4, §7.5.2)',
      );
    }
  }
}

/** The scope of a filter over whole resources of one type (RFC 7644 §3.4.2.2), resolved through the registry. */
export function createResourceScope(registry: SchemaRegistry, resourceType: ResourceTypeName): FilterScope {
  return {
    isValueFilter: false,
    target(path) {
      const name = printAttrPath(path);
      const isSchemas =
        path.schema === undefined && path.subAttribute === undefined && path.attribute.toLowerCase() === 'schemas';
      if (isSchemas) {
        return { definition: schemasAttribute, name, read: (node) => readAttributeValues(node, 'schemas') };
      }
      const resolved = registry.resolveAttribute(resourceType, {
        attribute: path.attribute,
        ...(path.schema === undefined ? {} : { schema: path.schema }),
        ...(path.subAttribute === undefined ? {} : { subAttribute: path.subAttribute }),
      });
      if (!resolved) {
        throw scimError.invalidFilter(`at ${path.span.start}: unknown attribute "${name}" for resource type ${resourceType}`);
      }
      refuseSensitive(path, [resolved.attribute, resolved.subAttribute]);
      const { attribute, subAttribute } = resolved;
      const container = (node: unknown): unknown => (resolved.isExtension ? readMember(node, resolved.schema) : node);
      const read = (node: unknown): unknown[] => {
        const values = readAttributeValues(container(node), attribute.name);
        return subAttribute ? values.flatMap((value) => readAttributeValues(value, subAttribute.name)) : values;
      };
      return { definition: subAttribute ?? attribute, name, read };
    },
  };
}

/**
 * The scope inside a value filter `attr[valFilter]` (RFC 7644 §3.4.2.2 valuePath, §3.5.2 PATCH):
 * each path names a sub-attribute of `parent` and is read from one of its values.
 */
export function createValueScope(parent: AttributeDefinition, parentName: string): FilterScope {
  return {
    isValueFilter: true,
    target(path) {
      const name = printAttrPath(path);
      if (path.schema !== undefined || path.subAttribute !== undefined) {
        throw scimError.invalidFilter(
          `at ${path.span.start}: "${name}" inside "${parentName}[...]" must be a plain sub-attribute name of "${parentName}"`,
        );
      }
      const lower = path.attribute.toLowerCase();
      const definition = parent.subAttributes?.find((sub) => sub.name.toLowerCase() === lower);
      if (!definition) {
        throw scimError.invalidFilter(`at ${path.span.start}: unknown sub-attribute "${name}" of "${parentName}"`);
      }
      refuseSensitive(path, [definition]);
      return { definition, name, read: (node) => readAttributeValues(node, definition.name) };
    },
  };
}
