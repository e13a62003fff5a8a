/** `oauth_clients`: OAuth 2.0 clients (RFC 6749 §2), one tenant each, secrets only as scrypt hashes. */
export interface OAuthClientsTable {
  client_id: string;
  tenant_id: string;
  name: string | null;
  secret_hash: string;
  scope: string;
  created: string;
  revoked: string | null;
}

/** `issued_tokens`: tokens Roster issued or revoked, by `jti`, so that revocation reaches every process. */
export interface IssuedTokensTable {
  jti: string;
  tenant_id: string | null;
  subject: string | null;
  client_id: string | null;
  created: string;
  expires: string | null;
  revoked: string | null;
}

/** `external_issuers`: at most one identity provider per tenant whose JWTs Roster accepts. */
export interface ExternalIssuersTable {
  tenant_id: string;
  issuer: string;
  audience: string;
  jwks_url: string;
  scope_claim: string;
  created: string;
}

/** The tables added by migration `0002_auth`. */
export interface AuthTables {
  oauth_clients: OAuthClientsTable;
  issued_tokens: IssuedTokensTable;
  external_issuers: ExternalIssuersTable;
}
