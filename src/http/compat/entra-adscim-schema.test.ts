import { describe, expect, it } from 'vitest';
import { dropEntraAdscimSchema } from './entra-adscim-schema.js';

const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ADSCIM = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

describe('entra.adscimSchemaUrn', () => {
  it('drops the ADSCIM URN Entra lists without data under it', () => {
    const body = { schemas: [GROUP_URN, ADSCIM], displayName: 'Group1DisplayName' };
    expect(dropEntraAdscimSchema(body)).toEqual({
      body: { schemas: [GROUP_URN], displayName: 'Group1DisplayName' },
      applied: ['entra.adscimSchemaUrn'],
    });
    expect(body.schemas).toEqual([GROUP_URN, ADSCIM]);
  });

  it('keeps the URN when the body carries attributes under it, so they are refused, not lost', () => {
    const body = { schemas: [GROUP_URN, ADSCIM], [ADSCIM]: { x: 1 }, displayName: 'g' };
    expect(dropEntraAdscimSchema(body)).toEqual({ body, applied: [] });
  });

  it('leaves bodies without the URN untouched', () => {
    const body = { schemas: [GROUP_URN], displayName: 'g' };
    expect(dropEntraAdscimSchema(body)).toEqual({ body, applied: [] });
    expect(dropEntraAdscimSchema('x')).toEqual({ body: 'x', applied: [] });
  });
});
