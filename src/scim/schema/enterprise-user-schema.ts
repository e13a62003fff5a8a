import { URN } from '../urns.js';
import { defineAttribute } from './define-attribute.js';
import type { AttributeDefinition, SchemaDefinition } from './types.js';

const text = (name: string, description: string): AttributeDefinition =>
  defineAttribute({ name, type: 'string', description });

/** The enterprise User extension, RFC 7643 §4.3 and §8.7.1. */
export const enterpriseUserSchema: SchemaDefinition = Object.freeze({
  id: URN.enterpriseUser,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: Object.freeze([
    text('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person.'),
    text('costCenter', 'Identifies the name of a cost center.'),
    text('organization', 'Identifies the name of an organization.'),
    text('division', 'Identifies the name of a division.'),
    text('department', 'Identifies the name of a department.'),
    defineAttribute({
      name: 'manager',
      type: 'complex',
      description: "The User's manager.",
      subAttributes: [
        // §4.3 calls value and $ref RECOMMENDED, so they are not enforced.
        text('value', "The id of the SCIM resource representing the User's manager."),
        defineAttribute({
          name: '$ref',
          type: 'reference',
          referenceTypes: ['User'],
          description: "The URI of the SCIM resource representing the User's manager.",
        }),
        defineAttribute({
          name: 'displayName',
          type: 'string',
          description: "The displayName of the User's manager.",
          mutability: 'readOnly',
        }),
      ],
    }),
  ]),
});
