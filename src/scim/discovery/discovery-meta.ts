/** The `meta` of a discovery document, RFC 7644 §4: its resource type and absolute location. */
export function createDiscoveryMeta(
  resourceType: 'ServiceProviderConfig' | 'ResourceType' | 'Schema',
  baseUrl: string,
  relativePath: string,
): { resourceType: string; location: string } {
  return { resourceType, location: `${baseUrl.replace(/\/+$/, '')}/${relativePath}` };
}
