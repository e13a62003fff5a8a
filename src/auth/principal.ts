/** Scopes Roster knows: read for GET and searches, write for every change (incl. Bulk). */
export type Scope = 'scim:read' | 'scim:write';

export const ALL_SCOPES: readonly Scope[] = ['scim:read', 'scim:write'];

/** Who is calling: the tenant a token is bound to, its subject and scopes. */
export interface Principal {
  readonly tenantId: string;
  readonly subject: string;
  readonly scopes: ReadonlySet<string>;
  readonly tokenId: string | undefined;
  /** When the credential stops being valid (ms since epoch). */
  readonly expiresAt: number | undefined;
}

/** Parses a space-separated scope string (RFC 6749 §3.3) and keeps only known scopes; throws on unknown ones. */
export function parseScopes(text: string): Scope[] {
  const scopes = text.split(/\s+/).filter((s) => s !== '');
  for (const scope of scopes) {
    if (!(ALL_SCOPES as readonly string[]).includes(scope)) {
      throw new Error(`unknown scope "${scope}" (known: ${ALL_SCOPES.join(', ')})`);
    }
  }
  return [...new Set(scopes)] as Scope[];
}
