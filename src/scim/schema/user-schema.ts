import { URN } from '../urns.js';
import { defineAttribute } from './define-attribute.js';
import type { AttributeDefinition, SchemaDefinition } from './types.js';

const text = (name: string, description: string): AttributeDefinition =>
  defineAttribute({ name, type: 'string', description });

const display = text('display', 'A human-readable name, primarily used for display purposes.');
const primary = defineAttribute({
  name: 'primary',
  type: 'boolean',
  description: "A Boolean value indicating the 'primary' or preferred value; true at most once.",
});
const typeLabel = (canonicalValues?: readonly string[]): AttributeDefinition =>
  defineAttribute({
    name: 'type',
    type: 'string',
    description: "A label indicating the attribute's function.",
    ...(canonicalValues ? { canonicalValues } : {}),
  });

/** A multi-valued complex attribute with the RFC 7643 §2.4 value/display/type/primary shape. */
const multiValued = (
  name: string,
  description: string,
  value: AttributeDefinition,
  canonicalTypes?: readonly string[],
): AttributeDefinition =>
  defineAttribute({
    name,
    type: 'complex',
    multiValued: true,
    description,
    subAttributes: [value, display, typeLabel(canonicalTypes), primary],
  });

const readOnlyGroupsSub = (init: Parameters<typeof defineAttribute>[0]): AttributeDefinition =>
  defineAttribute({ ...init, mutability: 'readOnly' });

/** The User schema, RFC 7643 §4.1 and §8.7.1. */
export const userSchema: SchemaDefinition = Object.freeze({
  id: URN.user,
  name: 'User',
  description: 'User Account',
  attributes: Object.freeze([
    defineAttribute({
      name: 'userName',
      type: 'string',
      description: 'Unique identifier for the User, used to authenticate. REQUIRED.',
      required: true,
      uniqueness: 'server',
    }),
    defineAttribute({
      name: 'name',
      type: 'complex',
      description: "The components of the user's real name.",
      subAttributes: [
        text('formatted', 'The full name, formatted for display.'),
        text('familyName', 'The family name of the User.'),
        text('givenName', 'The given name of the User.'),
        text('middleName', 'The middle name(s) of the User.'),
        text('honorificPrefix', 'The honorific prefix(es) of the User.'),
        text('honorificSuffix', 'The honorific suffix(es) of the User.'),
      ],
    }),
    text('displayName', 'The name of the User, suitable for display to end-users.'),
    text('nickName', 'The casual way to address the user in real life.'),
    defineAttribute({
      name: 'profileUrl',
      type: 'reference',
      referenceTypes: ['external'],
      description: "A fully qualified URL pointing to the User's online profile.",
    }),
    text('title', "The user's title, such as 'Vice President'."),
    text('userType', 'The relationship between the organization and the user.'),
    text('preferredLanguage', "The User's preferred written or spoken language."),
    text('locale', "The User's default location for localization."),
    text('timezone', "The User's time zone in the 'Olson' time zone database format."),
    defineAttribute({
      name: 'active',
      type: 'boolean',
      description: "A Boolean value indicating the User's administrative status.",
    }),
    defineAttribute({
      name: 'password',
      type: 'string',
      description: "The User's cleartext password, to set or reset it.",
      mutability: 'writeOnly',
      returned: 'never',
    }),
    multiValued(
      'emails',
      'Email addresses for the user.',
      defineAttribute({
        name: 'value',
        type: 'string',
        description: 'Email address for the user.',
        required: true,
      }),
      ['work', 'home', 'other'],
    ),
    multiValued(
      'phoneNumbers',
      'Phone numbers for the User.',
      text('value', 'Phone number of the User.'),
      ['work', 'home', 'mobile', 'fax', 'pager', 'other'],
    ),
    multiValued(
      'ims',
      'Instant messaging addresses for the User.',
      text('value', 'Instant messaging address for the User.'),
      ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'],
    ),
    multiValued(
      'photos',
      'URLs of photos of the User.',
      defineAttribute({
        name: 'value',
        type: 'reference',
        referenceTypes: ['external'],
        description: 'URL of a photo of the User.',
      }),
      ['photo', 'thumbnail'],
    ),
    defineAttribute({
      name: 'addresses',
      type: 'complex',
      multiValued: true,
      description: 'A physical mailing address for this User.',
      subAttributes: [
        text('formatted', 'The full mailing address, formatted for display.'),
        text('streetAddress', 'The full street address component.'),
        text('locality', 'The city or locality component.'),
        text('region', 'The state or region component.'),
        text('postalCode', 'The zip code or postal code component.'),
        text('country', 'The country name component.'),
        typeLabel(['work', 'home', 'other']),
        // §4.1.2 and the §8.2 example use `primary` although the §8.7.1 listing omits it.
        primary,
      ],
    }),
    defineAttribute({
      name: 'groups',
      type: 'complex',
      multiValued: true,
      description: 'A list of groups to which the user belongs.',
      mutability: 'readOnly',
      subAttributes: [
        readOnlyGroupsSub({
          name: 'value',
          type: 'string',
          description: "The identifier of the User's group.",
        }),
        readOnlyGroupsSub({
          name: '$ref',
          type: 'reference',
          referenceTypes: ['User', 'Group'],
          description: "The URI of the corresponding 'Group' resource.",
        }),
        readOnlyGroupsSub({ name: 'display', type: 'string', description: display.description }),
        readOnlyGroupsSub({
          name: 'type',
          type: 'string',
          description: "A label indicating the attribute's function, e.g., 'direct' or 'indirect'.",
          canonicalValues: ['direct', 'indirect'],
        }),
      ],
    }),
    multiValued(
      'entitlements',
      'A list of entitlements for the User.',
      text('value', 'The value of an entitlement.'),
    ),
    multiValued('roles', 'A list of roles for the User.', text('value', 'The value of a role.')),
    multiValued(
      'x509Certificates',
      'A list of certificates issued to the User.',
      defineAttribute({
        name: 'value',
        type: 'binary',
        description: 'The value of an X.509 certificate.',
        required: true,
      }),
    ),
  ]),
});
