import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { OPENAPI_SCHEMAS } from './openapi-schemas.js';
import { documentRoute } from './route-docs.js';

/** A route as the router registered it, for checking the API description covers every route. */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly hidden: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered on the app, collected as it is added. */
    registeredRoutes: readonly RegisteredRoute[];
  }
}

const OPENAPI_METHODS = new Set([
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
]);

function withOpenApiMethodsOnly<T>(document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  for (const item of Object.values(paths)) {
    for (const key of Object.keys(item)) {
      if (!OPENAPI_METHODS.has(key) && key !== 'parameters' && key !== 'summary') delete item[key];
    }
  }
  return document;
}

/**
 * Installs the OpenAPI 3.1 description generated from the route schemas (`GET /openapi.json`)
 * and the rendered reference (`GET /docs`, assets served from the installed package). Must run
 * before any route is added: the generator learns routes as they are registered.
 */
export function installApiDocs(app: FastifyInstance, version: string): void {
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => {
    documentRoute(route);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const hidden = (route.schema as { hide?: boolean } | undefined)?.hide === true;
    for (const method of methods) routes.push({ method, url: route.url, hidden });
  });
  for (const schema of OPENAPI_SCHEMAS) app.addSchema(schema);
  app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Roster SCIM 2.0 API',
        version,
        description:
          'Multi-tenant SCIM 2.0 service provider (RFC 7643, RFC 7644). Each tenant has its own SCIM base URL under /api/v1/tenants/{tenantId}/scim/v2.',
      },
      tags: [
        { name: 'Users' },
        { name: 'Groups' },
        { name: 'Search' },
        { name: 'Bulk' },
        { name: 'Discovery' },
        { name: 'OAuth' },
        { name: 'Operations' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          clientBasic: { type: 'http', scheme: 'basic' },
        },
      },
    },
    // Methods such as QUERY (from catch-all routes) have no place in an OpenAPI 3.1 path item.
    transformObject: (document) =>
      'openapiObject' in document
        ? withOpenApiMethodsOnly(document.openapiObject)
        : document.swaggerObject,
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } });
  app.register(async (scope) => {
    scope.get('/openapi.json', async () => app.swagger());
  });
}
