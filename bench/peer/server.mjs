// The peer: an in-memory SCIM server built the way scimmy-routers documents it, for side-by-side runs.
import { randomUUID } from 'node:crypto';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

const users = new Map();
const groups = new Map();
const userNames = new Map();
const BASE = '/scim/v2';

function now() {
  return new Date().toISOString();
}

function stamp(record, id) {
  const time = now();
  return { ...record, id, meta: { created: record.meta?.created ?? time, lastModified: time } };
}

function store(map, resource, instance, kind) {
  if (resource.id) {
    const existing = map.get(resource.id);
    if (!existing) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
    const next = stamp({ ...instance, meta: existing.meta }, resource.id);
    if (kind === 'user' && next.userName !== existing.userName) {
      userNames.delete(existing.userName);
      userNames.set(next.userName, resource.id);
    }
    map.set(resource.id, next);
    return next;
  }
  if (kind === 'user' && userNames.has(instance.userName)) {
    throw new SCIMMY.Types.Error(409, 'uniqueness', `userName ${instance.userName} is taken`);
  }
  const id = randomUUID();
  const created = stamp({ ...instance }, id);
  if (kind === 'user') userNames.set(created.userName, id);
  map.set(id, created);
  return created;
}

function read(map, resource) {
  if (resource.id) {
    const found = map.get(resource.id);
    if (!found) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
    return found;
  }
  const all = [...map.values()];
  return resource.filter ? resource.filter.match(all) : all;
}

function remove(map, resource, kind) {
  const existing = map.get(resource.id);
  if (!existing) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
  if (kind === 'user') userNames.delete(existing.userName);
  map.delete(resource.id);
}

SCIMMY.Config.set({
  patch: true,
  filter: { supported: true, maxResults: 200000 },
  sort: true,
  bulk: { supported: true, maxOperations: 100000, maxPayloadSize: 268435456 },
});
SCIMMY.Resources.declare(SCIMMY.Resources.User)
  .ingress((resource, instance) => store(users, resource, instance, 'user'))
  .egress((resource) => read(users, resource))
  .degress((resource) => remove(users, resource, 'user'));
SCIMMY.Resources.declare(SCIMMY.Resources.Group)
  .ingress((resource, instance) => store(groups, resource, instance, 'group'))
  .egress((resource) => read(groups, resource))
  .degress((resource) => remove(groups, resource, 'group'));

const app = express();

// Loads rows straight into memory so large datasets cost the peer nothing to build.
app.post(
  '/_bench/seed',
  express.json({ limit: '16mb', type: ['application/json', 'application/scim+json'] }),
  (req, res) => {
    const { prefix = 'seed', users: count = 0, group } = req.body ?? {};
    const ids = [];
    for (let i = 0; i < count; i++) {
      const userName = `${prefix}-${i}`;
      const created = store(
        users,
        {},
        { schemas: [SCIMMY.Schemas.User.id], userName, externalId: `x-${userName}`, active: true },
        'user',
      );
      ids.push(created.id);
    }
    let groupId;
    if (group) {
      const members = ids.slice(0, group.members).map((value) => ({ value, type: 'User' }));
      groupId = store(
        groups,
        {},
        { schemas: [SCIMMY.Schemas.Group.id], displayName: group.displayName, members },
        'group',
      ).id;
    }
    res.json({
      ids: count <= 1000 ? ids : ids.slice(0, 1000),
      extraIds: ids.slice(group?.members ?? ids.length),
      groupId,
    });
  },
);

app.use(
  BASE,
  new SCIMMYRouters({
    type: 'bearer',
    handler: (request) => {
      if (request.header('Authorization') !== 'Bearer peer')
        throw new Error('Authorization not detected!');
      return 'bench';
    },
  }),
);

const server = app.listen(Number(process.env.PEER_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`peer listening on http://127.0.0.1:${server.address().port}${BASE}\n`);
});
