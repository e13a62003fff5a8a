import {
  CURSOR_TIMEOUT_SECONDS,
  createCursorCodec,
  cursorSecretOf,
  type CursorCodec,
} from '../provisioning/index.js';
import type { AppDeps } from './app-deps.js';

const codecs = new WeakMap<AppDeps['store'], Promise<CursorCodec>>();

/** The RFC 9865 cursor codec of the app's database, derived once from its signing keys. */
export function cursorCodecFor(deps: Pick<AppDeps, 'store'>): Promise<CursorCodec> {
  let codec = codecs.get(deps.store);
  if (!codec) {
    codec = cursorSecretOf(deps.store).then((secret) =>
      createCursorCodec(secret, { timeoutSeconds: CURSOR_TIMEOUT_SECONDS }),
    );
    codec.catch(() => codecs.delete(deps.store));
    codecs.set(deps.store, codec);
  }
  return codec;
}
