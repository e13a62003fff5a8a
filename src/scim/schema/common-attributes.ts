import { defineAttribute } from './define-attribute.js';
import type { AttributeDefinition } from './types.js';

const readOnlyMeta = (
  name: string,
  type: 'string' | 'dateTime' | 'reference',
  description: string,
  caseExact: boolean,
): AttributeDefinition =>
  defineAttribute({
    name,
    type,
    description,
    caseExact,
    mutability: 'readOnly',
    ...(type === 'reference' ? { referenceTypes: ['uri'] } : {}),
  });

/** The common attributes every resource carries, RFC 7643 §3.1: `id`, `externalId`, `meta`. */
export const commonAttributes: readonly AttributeDefinition[] = Object.freeze([
  defineAttribute({
    name: 'id',
    type: 'string',
    description: 'A unique identifier for a SCIM resource as defined by the service provider.',
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  defineAttribute({
    name: 'externalId',
    type: 'string',
    description: 'An identifier for the resource as defined by the provisioning client.',
    caseExact: true,
  }),
  defineAttribute({
    name: 'meta',
    type: 'complex',
    description: 'A complex attribute containing resource metadata.',
    mutability: 'readOnly',
    subAttributes: [
      readOnlyMeta(
        'resourceType',
        'string',
        'The name of the resource type of the resource.',
        true,
      ),
      readOnlyMeta('created', 'dateTime', 'The DateTime that the resource was added.', false),
      readOnlyMeta(
        'lastModified',
        'dateTime',
        'The most recent DateTime that the details of this resource were updated.',
        false,
      ),
      readOnlyMeta('location', 'reference', 'The URI of the resource being returned.', true),
      readOnlyMeta('version', 'string', 'The version (entity-tag) of the resource.', true),
    ],
  }),
]);
