import type { ScimResource } from '../schema/index.js';
import { URN } from '../urns.js';
import { createDiscoveryMeta } from './discovery-meta.js';

/** What Roster actually supports, as advertised at /ServiceProviderConfig (RFC 7643 §5, RFC 9865). */
export interface ServiceProviderFeatures {
  documentationUri?: string;
  patch: boolean;
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  filter: { supported: boolean; maxResults: number };
  changePassword: boolean;
  sort: boolean;
  etag: boolean;
  /** RFC 9865 cursor and index pagination. */
  pagination?: {
    cursor: boolean;
    index: boolean;
    defaultPaginationMethod: 'index' | 'cursor';
    defaultPageSize: number;
    maxPageSize: number;
    cursorTimeout: number;
  };
}

/** Builds the ServiceProviderConfig document, RFC 7643 §5 and RFC 7644 §4. */
export function createServiceProviderConfig(
  features: ServiceProviderFeatures,
  baseUrl: string,
): ScimResource {
  return {
    schemas: [URN.serviceProviderConfig],
    ...(features.documentationUri !== undefined
      ? { documentationUri: features.documentationUri }
      : {}),
    patch: { supported: features.patch },
    bulk: { ...features.bulk },
    filter: { ...features.filter },
    changePassword: { supported: features.changePassword },
    sort: { supported: features.sort },
    etag: { supported: features.etag },
    ...(features.pagination ? { pagination: { ...features.pagination } } : {}),
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication scheme using the OAuth Bearer Token Standard',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: createDiscoveryMeta('ServiceProviderConfig', baseUrl, 'ServiceProviderConfig'),
  };
}
