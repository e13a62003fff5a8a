/** `client.quirk` name of the normaliser below, as the activity log records it. */
export const entraAdscimSchemaQuirk = 'entra.adscimSchemaUrn';

const ADSCIM_PREFIX = 'http://schemas.microsoft.com/2006/11/resourcemanagement/adscim/';

/**
 * Microsoft Entra ID lists its own `http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group`
 * (and `/User`) URN in `schemas` on POST/PUT although it sends no attributes under it. Dropping a
 * URN that carries no data loses nothing; one that does carry data is left for the schema engine
 * to refuse (RFC 7643 §3: every `schemas` entry must be served).
 */
export function dropEntraAdscimSchema(body: unknown): { body: unknown; applied: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { body, applied: [] };
  const resource = body as Record<string, unknown>;
  const schemas = resource.schemas;
  if (!Array.isArray(schemas)) return { body, applied: [] };
  const keys = new Set(Object.keys(resource).map((k) => k.toLowerCase()));
  const kept = schemas.filter(
    (urn) =>
      typeof urn !== 'string' ||
      !urn.toLowerCase().startsWith(ADSCIM_PREFIX) ||
      keys.has(urn.toLowerCase()),
  );
  if (kept.length === schemas.length) return { body, applied: [] };
  return { body: { ...resource, schemas: kept }, applied: [entraAdscimSchemaQuirk] };
}
