export {
  createKeyRing,
  createSigningKey,
  ensureSigningKey,
  SIGNING_ALGORITHM,
} from './key-ring.js';
export type { KeyRing } from './key-ring.js';
export {
  createBearerVerifier,
  issueToken,
  verifyBearer,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
} from './tokens.js';
export type { IssueTokenOptions } from './tokens.js';
export { ALL_SCOPES, parseScopes } from './principal.js';
export type { Principal, Scope } from './principal.js';
