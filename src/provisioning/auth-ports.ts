/** An OAuth 2.0 client of one tenant (RFC 6749 §2): its secret is kept only as an scrypt hash. */
export interface OAuthClientRecord {
  readonly clientId: string;
  readonly tenantId: string;
  readonly name: string | null;
  readonly secretHash: string;
  /** Space-separated scopes the client may be granted (RFC 6749 §3.3). */
  readonly scope: string;
  readonly created: string;
  readonly revoked: string | null;
}

/** A token Roster issued, recorded by its `jti` (RFC 7519 §4.1.7) so that it can be revoked. */
export interface IssuedTokenRecord {
  readonly jti: string;
  readonly tenantId: string | null;
  readonly subject: string | null;
  readonly clientId: string | null;
  readonly created: string;
  /** ISO instant after which the token is invalid anyway; null when unknown. */
  readonly expires: string | null;
  readonly revoked: string | null;
}

/** A tenant's own identity provider whose JWTs Roster accepts (RFC 7519, keys by RFC 7517 JWKS). */
export interface ExternalIssuerRecord {
  readonly tenantId: string;
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl: string;
  /** The claim carrying the scopes, as a space-separated string or an array. */
  readonly scopeClaim: string;
  readonly created: string;
}

/** Credentials of every tenant: OAuth clients, issued and revoked tokens, external issuers. */
export interface AuthStore {
  insertClient(record: OAuthClientRecord): Promise<void>;
  getClient(clientId: string): Promise<OAuthClientRecord | undefined>;
  /** Clients of one tenant, or of every tenant when `tenantId` is undefined. */
  listClients(tenantId?: string): Promise<OAuthClientRecord[]>;
  /** Marks a client revoked and revokes every token issued to it; false when the id is unknown. */
  revokeClient(clientId: string, revoked: string): Promise<boolean>;

  recordToken(record: IssuedTokenRecord): Promise<void>;
  /** Marks a token revoked (recording it when it was never recorded); false when it was already revoked. */
  revokeToken(jti: string, revoked: string): Promise<boolean>;
  /** Ids of revoked tokens that have not expired at `now` (ISO instant). */
  listRevokedTokenIds(now: string): Promise<string[]>;

  /** Sets (creates or replaces) a tenant's external issuer. */
  setExternalIssuer(record: ExternalIssuerRecord): Promise<void>;
  getExternalIssuer(tenantId: string): Promise<ExternalIssuerRecord | undefined>;
  deleteExternalIssuer(tenantId: string): Promise<boolean>;
}
