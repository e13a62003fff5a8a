import { it } from 'vitest';
import { createTestApp } from '../support/test-app.js';
it('smoke', async () => {
  const t = await createTestApp('sqlite');
  const r = await t.scim('POST', '/Users', { body: { userName: 'bjensen', password: 'x', name: {givenName:'B'} } });
  console.log(r.statusCode, r.headers, r.body);
  const g = await t.scim('GET', '/Users/' + JSON.parse(r.body).id);
  console.log(g.statusCode, g.body);
  await t.close();
});
