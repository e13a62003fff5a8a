import { URN } from '../urns.js';
import { defineAttribute } from './define-attribute.js';
import type { SchemaDefinition } from './types.js';

/** The Group schema, RFC 7643 §4.2 and §8.7.1. */
export const groupSchema: SchemaDefinition = Object.freeze({
  id: URN.group,
  name: 'Group',
  description: 'Group',
  attributes: Object.freeze([
    // §4.2 says REQUIRED although the §8.7.1 listing says false; Roster follows §4.2.
    defineAttribute({
      name: 'displayName',
      type: 'string',
      description: 'A human-readable name for the Group. REQUIRED.',
      required: true,
    }),
    defineAttribute({
      name: 'members',
      type: 'complex',
      multiValued: true,
      description: 'A list of members of the Group.',
      subAttributes: [
        // §4.2 lets a service provider require a non-empty member value.
        defineAttribute({
          name: 'value',
          type: 'string',
          description: 'Identifier of the member of this Group.',
          required: true,
          mutability: 'immutable',
        }),
        defineAttribute({
          name: '$ref',
          type: 'reference',
          referenceTypes: ['User', 'Group'],
          description: 'The URI corresponding to a SCIM resource that is a member of this Group.',
          mutability: 'immutable',
        }),
        defineAttribute({
          name: 'type',
          type: 'string',
          description: "A label indicating the type of resource, e.g., 'User' or 'Group'.",
          canonicalValues: ['User', 'Group'],
          mutability: 'immutable',
        }),
        // The §8.4 example sends `display`; §2.4 gives it immutable mutability.
        defineAttribute({
          name: 'display',
          type: 'string',
          description: 'A human-readable name for the member.',
          mutability: 'immutable',
        }),
      ],
    }),
  ]),
});
