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

/** Generates and stores a new ES256 signing key. */
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

/** Creates a key ring reading keys from `store`. */
export function createKeyRing(store: Store): KeyRing {
  let keys: LoadedKey[] | undefined;
  const load = async (): Promise<LoadedKey[]> => {
    const records = [...(await store.listSigningKeys())].sort((a, b) =>
      a.created < b.created ? -1 : a.created > b.created ? 1 : 0,
    );
    keys = await Promise.all(records.map(loadRecord));
    return keys;
  };
  return {
    async current() {
      const all = keys ?? (await load());
      const newest = all[all.length - 1];
      if (!newest) throw new Error('no signing key in the database: run `roster migrate`');
      return newest;
    },
    async publicKey(kid) {
      const found = (keys ?? (await load())).find((k) => k.kid === kid);
      if (found) return found.publicKey;
      return (await load()).find((k) => k.kid === kid)?.publicKey;
    },
    async jwks() {
      return { keys: (keys ?? (await load())).map((k) => k.publicJwk) };
    },
  };
}
