/**
 * Limits against oversized and slow clients, as Fastify server options. Bodies have their own
 * limits (`ROSTER_BODY_LIMIT`, Bulk `maxPayloadSize`); path parameters are capped by the router.
 */
export const SERVER_LIMITS = {
  http: {
    /** Request line plus headers; a large external JWT still fits (Node answers 431 beyond it). */
    maxHeaderSize: 16_384,
    /** A client must finish sending its headers within this time. */
    headersTimeout: 20_000,
  },
  /** A client must finish sending the whole request within this time (slowloris). */
  requestTimeout: 60_000,
  /** An idle socket is closed after this time; long enough for a large Bulk to be processed. */
  connectionTimeout: 300_000,
} as const;
