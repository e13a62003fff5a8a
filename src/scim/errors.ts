import { URN } from './urns.js';

/** The scimType values of RFC 7644 §3.12 plus RFC 9865 cursor errors. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  | 'invalidCursor'
  | 'expiredCursor';

/** RFC 7644 §3.12 error body as it goes on the wire. */
export interface ScimErrorBody {
  schemas: [typeof URN.error];
  status: string;
  scimType?: ScimType;
  detail?: string;
}

const token = Symbol('ScimError');

/**
 * A protocol error a client caused (or a deliberate refusal), RFC 7644 §3.12.
 * Only the factories in `scimError` create one, so status and scimType always pair legally.
 */
export class ScimError extends Error {
  readonly status: number;
  readonly scimType: ScimType | undefined;
  readonly detail: string;
  /** Extra response headers (Retry-After, WWW-Authenticate). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    guard: typeof token,
    status: number,
    scimType: ScimType | undefined,
    detail: string,
    headers: Record<string, string> = {},
  ) {
    if (guard !== token) throw new TypeError('use the scimError factories');
    super(detail);
    this.name = 'ScimError';
    this.status = status;
    this.scimType = scimType;
    this.detail = detail;
    this.headers = headers;
  }

  /** The wire form of this error (RFC 7644 §3.12). */
  toBody(): ScimErrorBody {
    const body: ScimErrorBody = { schemas: [URN.error], status: String(this.status) };
    if (this.scimType) body.scimType = this.scimType;
    body.detail = this.detail;
    return body;
  }
}

const make =
  (status: number, scimType?: ScimType) =>
  (detail: string, headers?: Record<string, string>): ScimError =>
    new ScimError(token, status, scimType, detail, headers);

/**
 * The named factories: the only way to create a ScimError. The catalogue in docs/errors.md
 * lists each key; a test keeps them in sync.
 */
export const scimError = {
  invalidSyntax: make(400, 'invalidSyntax'),
  invalidFilter: make(400, 'invalidFilter'),
  invalidPath: make(400, 'invalidPath'),
  noTarget: make(400, 'noTarget'),
  invalidValue: make(400, 'invalidValue'),
  mutability: make(400, 'mutability'),
  tooMany: make(400, 'tooMany'),
  sensitive: make(400, 'sensitive'),
  invalidVers: make(400, 'invalidVers'),
  invalidCursor: make(400, 'invalidCursor'),
  expiredCursor: make(400, 'expiredCursor'),
  badRequest: make(400),
  unauthorized: make(401),
  forbidden: make(403),
  notFound: make(404),
  methodNotAllowed: make(405),
  notAcceptable: make(406),
  conflict: make(409),
  uniqueness: make(409, 'uniqueness'),
  preconditionFailed: make(412),
  payloadTooLarge: make(413),
  unsupportedMediaType: make(415),
  tooManyRequests: make(429),
  internal: make(500),
  notImplemented: make(501),
  unavailable: make(503),
} as const;

export type ScimErrorName = keyof typeof scimError;

/** True when the value is a ScimError. */
export function isScimError(value: unknown): value is ScimError {
  return value instanceof ScimError;
}
