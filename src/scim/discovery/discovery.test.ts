import { describe, expect, it } from 'vitest';
import { createSchemaRegistry } from '../schema/index.js';
import { URN } from '../urns.js';
import { createResourceTypeDocuments } from './resource-type-documents.js';
import { createSchemaDocuments } from './schema-documents.js';
import { createServiceProviderConfig } from './service-provider-config.js';
import type { ServiceProviderFeatures } from './service-provider-config.js';

const baseUrl = 'http://127.0.0.1:8080/api/v1/tenants/acme/scim/v2';
const registry = createSchemaRegistry();

const features: ServiceProviderFeatures = {
  patch: true,
  bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
  filter: { supported: true, maxResults: 200 },
  changePassword: false,
  sort: true,
  etag: true,
};

type Json = Record<string, unknown>;
const attributeNamed = (attributes: unknown, name: string): Json => {
  const found = (attributes as Json[]).find((a) => a['name'] === name);
  if (!found) throw new Error(`no attribute ${name}`);
  return found;
};

describe('createServiceProviderConfig', () => {
  it('produces the RFC 7643 §5 shape with one oauthbearertoken scheme and its location', () => {
    expect(createServiceProviderConfig(features, baseUrl)).toEqual({
      schemas: [URN.serviceProviderConfig],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'OAuth Bearer Token',
          description: 'Authentication scheme using the OAuth Bearer Token Standard',
          specUri: 'https://www.rfc-editor.org/info/rfc6750',
          primary: true,
        },
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
    });
  });

  it('advertises documentationUri and RFC 9865 pagination when given', () => {
    const pagination = {
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index' as const,
      defaultPageSize: 100,
      maxPageSize: 1000,
      cursorTimeout: 3600,
    };
    const document = createServiceProviderConfig(
      { ...features, documentationUri: 'https://roster.example/docs', pagination },
      `${baseUrl}/`,
    );
    expect(document['documentationUri']).toBe('https://roster.example/docs');
    expect(document['pagination']).toEqual(pagination);
    expect(document['meta']).toMatchObject({ location: `${baseUrl}/ServiceProviderConfig` });
  });
});

describe('createResourceTypeDocuments', () => {
  it('describes User with the optional enterprise extension and Group without extensions', () => {
    expect(createResourceTypeDocuments(registry, baseUrl)).toEqual([
      {
        schemas: [URN.resourceType],
        id: 'User',
        name: 'User',
        endpoint: '/Users',
        description: 'User Account',
        schema: URN.user,
        schemaExtensions: [{ schema: URN.enterpriseUser, required: false }],
        meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
      },
      {
        schemas: [URN.resourceType],
        id: 'Group',
        name: 'Group',
        endpoint: '/Groups',
        description: 'Group',
        schema: URN.group,
        meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
      },
    ]);
  });
});

describe('createSchemaDocuments', () => {
  const documents = createSchemaDocuments(registry, baseUrl);
  const byId = (id: string): Json => {
    const found = documents.find((d) => d['id'] === id);
    if (!found) throw new Error(`no schema ${id}`);
    return found;
  };

  it('publishes the User, EnterpriseUser and Group schemas with their locations', () => {
    expect(documents.map((d) => [d['id'], d['name']])).toEqual([
      [URN.user, 'User'],
      [URN.enterpriseUser, 'EnterpriseUser'],
      [URN.group, 'Group'],
    ]);
    for (const document of documents) {
      expect(document['schemas']).toEqual([URN.schema]);
      expect(document['meta']).toEqual({
        resourceType: 'Schema',
        location: `${baseUrl}/Schemas/${String(document['id'])}`,
      });
    }
  });

  it('describes userName as required with uniqueness server, as RFC 7643 §8.7.1 does', () => {
    expect(attributeNamed(byId(URN.user)['attributes'], 'userName')).toEqual({
      name: 'userName',
      type: 'string',
      multiValued: false,
      description: expect.any(String),
      required: true,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'server',
    });
  });

  it('describes password as writeOnly and never returned', () => {
    expect(attributeNamed(byId(URN.user)['attributes'], 'password')).toMatchObject({
      mutability: 'writeOnly',
      returned: 'never',
    });
  });

  it('lists the sub-attributes, canonical values and reference types of multi-valued attributes', () => {
    const emails = attributeNamed(byId(URN.user)['attributes'], 'emails');
    expect(emails).toMatchObject({ type: 'complex', multiValued: true });
    expect(attributeNamed(emails['subAttributes'], 'type')['canonicalValues']).toEqual([
      'work',
      'home',
      'other',
    ]);
    const groups = attributeNamed(byId(URN.user)['attributes'], 'groups');
    expect(groups['mutability']).toBe('readOnly');
    expect(attributeNamed(groups['subAttributes'], '$ref')['referenceTypes']).toEqual([
      'User',
      'Group',
    ]);
  });

  it('describes Group members with immutable sub-attributes', () => {
    const members = attributeNamed(byId(URN.group)['attributes'], 'members');
    const subs = members['subAttributes'] as Json[];
    expect(subs.map((s) => s['name'])).toEqual(['value', '$ref', 'type', 'display']);
    expect(subs.every((s) => s['mutability'] === 'immutable')).toBe(true);
  });

  it('describes the enterprise manager with a readOnly displayName', () => {
    const manager = attributeNamed(byId(URN.enterpriseUser)['attributes'], 'manager');
    expect(attributeNamed(manager['subAttributes'], 'displayName')['mutability']).toBe('readOnly');
  });

  it('lists the User attributes of RFC 7643 §8.7.1 in its order', () => {
    expect((byId(URN.user)['attributes'] as Json[]).map((a) => a['name'])).toEqual([
      'userName',
      'name',
      'displayName',
      'nickName',
      'profileUrl',
      'title',
      'userType',
      'preferredLanguage',
      'locale',
      'timezone',
      'active',
      'password',
      'emails',
      'phoneNumbers',
      'ims',
      'photos',
      'addresses',
      'groups',
      'entitlements',
      'roles',
      'x509Certificates',
    ]);
  });

  it('leaves the common attributes out of the schemas, as RFC 7643 §3.1 allows', () => {
    const names = (byId(URN.user)['attributes'] as Json[]).map((a) => a['name']);
    expect(names).not.toContain('id');
    expect(names).not.toContain('meta');
  });
});
