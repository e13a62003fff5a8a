import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterpriseUserSchema, groupSchema, userSchema } from '../../src/scim/schema/index.js';
import type { SchemaDefinition } from '../../src/scim/schema/index.js';
import { BULK_PREFERENCES_URN } from '../../src/http/routes/bulk-route.js';
import { URN } from '../../src/scim/urns.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';
import { bodyOf, expectScimError, SCIM_JSON } from './scim-expectations.js';

const BASE_URL = `${PUBLIC_URL}/api/v1/tenants/acme/scim/v2`;

const userResourceType = {
  schemas: [URN.resourceType],
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: URN.user,
  schemaExtensions: [{ schema: URN.enterpriseUser, required: false }],
  meta: { resourceType: 'ResourceType', location: `${BASE_URL}/ResourceTypes/User` },
};

const groupResourceType = {
  schemas: [URN.resourceType],
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: URN.group,
  meta: { resourceType: 'ResourceType', location: `${BASE_URL}/ResourceTypes/Group` },
};

type AttributeDocument = { name: string; subAttributes?: AttributeDocument[] } & Record<
  string,
  unknown
>;

/** Every attribute of a schema document carries the RFC 7643 §7 characteristics. */
function expectDescribed(attributes: AttributeDocument[]): void {
  for (const attribute of attributes) {
    expect(attribute, attribute.name).toEqual(
      expect.objectContaining({
        name: expect.any(String),
        type: expect.stringMatching(
          /^(string|boolean|decimal|integer|dateTime|reference|binary|complex)$/,
        ),
        multiValued: expect.any(Boolean),
        description: expect.any(String),
        required: expect.any(Boolean),
        caseExact: expect.any(Boolean),
        mutability: expect.stringMatching(/^(readOnly|readWrite|immutable|writeOnly)$/),
        returned: expect.stringMatching(/^(always|never|default|request)$/),
        uniqueness: expect.stringMatching(/^(none|server|global)$/),
      }),
    );
    if (attribute.subAttributes) expectDescribed(attribute.subAttributes);
  }
}

const attributeNames = (schema: SchemaDefinition) => schema.attributes.map((a) => a.name);

describe.each(testDatabaseNames)('discovery over %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = async (path: string) => {
    const response = await t.scim('GET', path);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe(SCIM_JSON);
    return bodyOf(response);
  };

  describe('/ServiceProviderConfig', () => {
    it('describes the configured features, bearer authentication and its own meta', async () => {
      expect(await get('/ServiceProviderConfig')).toEqual({
        schemas: [URN.serviceProviderConfig, BULK_PREFERENCES_URN],
        [BULK_PREFERENCES_URN]: expect.any(Object),
        documentationUri: expect.any(String),
        patch: { supported: true },
        bulk: {
          supported: true,
          maxOperations: t.config.bulk.maxOperations,
          maxPayloadSize: t.config.bulk.maxPayloadSize,
        },
        filter: { supported: true, maxResults: t.config.filterMaxResults },
        changePassword: { supported: true },
        sort: { supported: true },
        etag: { supported: true },
        pagination: expect.objectContaining({ index: true, cursor: true, cursorTimeout: 3600 }),
        authenticationSchemes: [
          expect.objectContaining({
            type: 'oauthbearertoken',
            name: expect.any(String),
            description: expect.any(String),
          }),
        ],
        meta: {
          resourceType: 'ServiceProviderConfig',
          location: `${BASE_URL}/ServiceProviderConfig`,
        },
      });
    });

    it('advertises only features the server answers without 501', async () => {
      const config = (await get('/ServiceProviderConfig')) as Record<
        string,
        { supported?: boolean }
      >;
      const user = bodyOf(
        await t.scim('POST', '/Users', { body: { userName: 'feature.probe' } }),
      ) as { id: string };
      const probes: [string, () => ReturnType<TestApp['scim']>][] = [
        ['filter', () => t.scim('GET', '/Users?filter=userName%20eq%20%22feature.probe%22')],
        ['sort', () => t.scim('GET', '/Users?sortBy=userName&sortOrder=descending')],
        [
          'patch',
          () =>
            t.scim('PATCH', `/Users/${user.id}`, {
              body: {
                schemas: [URN.patchOp],
                Operations: [{ op: 'replace', path: 'displayName', value: 'Probe' }],
              },
            }),
        ],
        [
          'bulk',
          () => t.scim('POST', '/Bulk', { body: { schemas: [URN.bulkRequest], Operations: [] } }),
        ],
      ];
      const unanswered: string[] = [];
      for (const [feature, probe] of probes) {
        if (config[feature]?.supported !== true) continue;
        const response = await probe();
        if (response.statusCode === 501 || response.statusCode >= 500)
          unanswered.push(`${feature}: ${response.body}`);
      }
      expect(unanswered).toEqual([]);
    });
  });

  describe('/ResourceTypes', () => {
    it('lists User and Group as a ListResponse', async () => {
      const body = (await get('/ResourceTypes')) as { Resources: { id: string }[] };
      expect(body).toEqual({
        schemas: [URN.listResponse],
        totalResults: 2,
        startIndex: 1,
        itemsPerPage: 2,
        Resources: expect.arrayContaining([userResourceType, groupResourceType]),
      });
    });

    it('returns one resource type by name', async () => {
      expect(await get('/ResourceTypes/User')).toEqual(userResourceType);
      expect(await get('/ResourceTypes/Group')).toEqual(groupResourceType);
    });

    it('returns 404 for an unknown resource type', async () => {
      expectScimError(
        await t.scim('GET', '/ResourceTypes/Device'),
        404,
        undefined,
        'resource type "Device" not found',
      );
    });
  });

  describe('/Schemas', () => {
    it('lists the User, enterprise User and Group schemas with every attribute described', async () => {
      const body = (await get('/Schemas')) as {
        Resources: { id: string; attributes: AttributeDocument[] }[];
      };
      expect(body).toMatchObject({
        schemas: [URN.listResponse],
        totalResults: 3,
        startIndex: 1,
        itemsPerPage: 3,
      });
      expect(body.Resources.map((s) => s.id).sort()).toEqual(
        [URN.enterpriseUser, URN.group, URN.user].sort(),
      );
      for (const schema of body.Resources) {
        expect(schema).toMatchObject({
          schemas: [URN.schema],
          name: expect.any(String),
          meta: { resourceType: 'Schema', location: `${BASE_URL}/Schemas/${schema.id}` },
        });
        expectDescribed(schema.attributes);
      }
    });

    it('returns the User schema by URN, generated from the schema model', async () => {
      const body = (await get(`/Schemas/${URN.user}`)) as { attributes: AttributeDocument[] };
      expect(body).toMatchObject({
        schemas: [URN.schema],
        id: URN.user,
        name: 'User',
        meta: { resourceType: 'Schema', location: `${BASE_URL}/Schemas/${URN.user}` },
      });
      expect(body.attributes.map((a) => a.name)).toEqual(attributeNames(userSchema));
      const byName = new Map(body.attributes.map((a) => [a.name, a]));
      expect(byName.get('userName')).toMatchObject({
        required: true,
        caseExact: false,
        uniqueness: 'server',
      });
      expect(byName.get('password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
      expect(byName.get('groups')).toMatchObject({ mutability: 'readOnly', multiValued: true });
    });

    it('returns the enterprise User and Group schemas by URN', async () => {
      const enterprise = (await get(`/Schemas/${URN.enterpriseUser}`)) as {
        attributes: AttributeDocument[];
      };
      expect(enterprise.attributes.map((a) => a.name)).toEqual(
        attributeNames(enterpriseUserSchema),
      );
      const group = (await get(`/Schemas/${URN.group}`)) as { attributes: AttributeDocument[] };
      expect(group.attributes.map((a) => a.name)).toEqual(attributeNames(groupSchema));
    });

    it('returns 404 for an unknown schema URN', async () => {
      const urn = 'urn:example:params:scim:schemas:core:2.0:Device';
      expectScimError(
        await t.scim('GET', `/Schemas/${urn}`),
        404,
        undefined,
        `schema "${urn}" not found`,
      );
    });
  });

  describe('restrictions', () => {
    it.each(['/ServiceProviderConfig', '/ResourceTypes', '/Schemas'])(
      'returns 403 for a filter on %s',
      async (path) => {
        const response = await t.scim(
          'GET',
          `${path}?filter=${encodeURIComponent('id eq "User"')}`,
        );
        expectScimError(
          response,
          403,
          undefined,
          'discovery endpoints do not support filtering (RFC 7644 §4)',
        );
      },
    );

    it.each(['/ServiceProviderConfig', '/ResourceTypes', '/Schemas'])(
      'requires a bearer token for %s',
      async (path) => {
        const response = await t.scim('GET', path, { token: null });
        expectScimError(response, 401);
        expect(response.headers['www-authenticate']).toBe('Bearer realm="roster"');
      },
    );
  });
});
