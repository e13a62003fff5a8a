import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';
import type { SigningKeyRecord, Store } from '../provisioning/ports.js';

export const SIGNING_ALGORITHM = 'ES256';

interface LoadedKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * The signing keys stored in the database, shared by every process on that database, so the CLI
 * and all servers issue and accept the same tokens with no secret to copy around.
 */
export interface KeyRing {
  /** The newest key: the one new tokens are signed with. */
  current(): Promise<LoadedKey>;
  /** The public key for a `kid`, reloading from the database once when it is unknown (rotation). */
  publicKey(kid: string): Promise<CryptoKey | undefined>;
  /** Public keys as a JWK set (RFC 7517 §5). */
  jwks(): Promise<{ keys: JWK[] }>;
}

async function loadRecord(record: SigningKeyRecord): Promise<LoadedKey> {
  const privateJwk = JSON.parse(record.privateJwk) as JWK;
  const publicJwk = JSON.parse(record.publicJwk) as JWK;
  return {
    kid: record.kid,
    privateKey: (await importJWK(privateJwk, record.alg)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, record.alg)) as CryptoKey,
    publicJwk: { ...publicJwk, kid: record.kid, alg: record.alg, use: 'sig' },
  };
}

/**
 * Generates and stores a new ES256 signing key (`roster keys rotate`): new tokens use it, and
 * older keys stay published and accepted so their tokens remain valid until they expire.
 */
export async function createSigningKey(store: Store, now = new Date()): Promise<SigningKeyRecord> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const record: SigningKeyRecord = {
    kid: randomUUID(),
    alg: SIGNING_ALGORITHM,
    privateJwk: JSON.stringify(await exportJWK(privateKey)),
    publicJwk: JSON.stringify(await exportJWK(publicKey)),
    created: now.toISOString(),
  };
  await store.insertSigningKey(record);
  return record;
}

/** Makes sure the database holds a signing key (run after migration). */
export async function ensureSigningKey(store: Store): Promise<void> {
  if ((await store.listSigningKeys()).length === 0) await createSigningKey(store);
}

/** How often a key ring looks for a key added by `roster keys rotate` in another process. */
const CURRENT_KEY_MAX_AGE_MS = 30_000;
/** The shortest gap between two reloads caused by an unknown `kid`, so forged kids cannot flood the database. */
const UNKNOWN_KID_COOLDOWN_MS = 250;

/** Creates a key ring reading keys from `store`. */
export function createKeyRing(
  store: Store,
  options: { currentKeyMaxAgeMs?: number; unknownKidCooldownMs?: number } = {},
): KeyRing {
  const maxAge = options.currentKeyMaxAgeMs ?? CURRENT_KEY_MAX_AGE_MS;
  const cooldown = options.unknownKidCooldownMs ?? UNKNOWN_KID_COOLDOWN_MS;
  let keys: LoadedKey[] | undefined;
  let loadedAt = 0;
  let loading: Promise<LoadedKey[]> | undefined;
  const load = (): Promise<LoadedKey[]> => {
    loading ??= (async () => {
      try {
        const records = [...(await store.listSigningKeys())].sort((a, b) =>
          a.created < b.created ? -1 : a.created > b.created ? 1 : 0,
        );
        keys = await Promise.all(records.map(loadRecord));
        loadedAt = Date.now();
        return keys;
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  };
  const loaded = async (): Promise<LoadedKey[]> => keys ?? (await load());
  const fresh = async (): Promise<LoadedKey[]> =>
    keys && Date.now() - loadedAt < maxAge ? keys : await load();
  return {
    async current() {
      const all = await fresh();
      const newest = all[all.length - 1];
      if (!newest) throw new Error('no signing key in the database: run `roster migrate`');
      return newest;
    },
    async publicKey(kid) {
      const found = (await loaded()).find((k) => k.kid === kid);
      if (found) return found.publicKey;
      if (Date.now() - loadedAt < cooldown) return undefined;
      return (await load()).find((k) => k.kid === kid)?.publicKey;
    },
    async jwks() {
      return { keys: (await fresh()).map((k) => k.publicJwk) };
    },
  };
}
