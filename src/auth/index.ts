export {
  createKeyRing,
  createSigningKey,
  ensureSigningKey,
  SIGNING_ALGORITHM,
} from './key-ring.js';
export type { KeyRing } from './key-ring.js';
export {
  invalidToken,
  issueToken,
  readBearerToken,
  verifyBearer,
  verifyRosterToken,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
} from './tokens.js';
export type { IssueTokenOptions } from './tokens.js';
export { createAuthenticator } from './authenticator.js';
export type { Authenticator, AuthenticatorOptions } from './authenticator.js';
export { createRevocationList, REVOCATION_REFRESH_MS } from './revocation-list.js';
export type { RevocationList } from './revocation-list.js';
export { createExternalIssuerVerifier, EXTERNAL_ALGORITHMS } from './external-issuer-verifier.js';
export type { ExternalIssuerOptions, ExternalIssuerVerifier } from './external-issuer-verifier.js';
export { issueRecordedToken } from './issue-recorded-token.js';
export { authenticateClient, createOAuthClient, grantScopes } from './oauth-clients.js';
export type { CreatedClient, ScopeGrant } from './oauth-clients.js';
export { ALL_SCOPES, parseScopes } from './principal.js';
export type { Principal, Scope } from './principal.js';
