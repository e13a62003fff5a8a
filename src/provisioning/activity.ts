/**
 * One provisioning write as the activity log keeps it: who changed what, how it ended, and the
 * versions around it. Single writes and each operation of a bulk request get one entry each.
 */
export interface ActivityEntry {
  readonly time: string;
  readonly tenantId: string;
  /** The OAuth client (token subject) that made the request. */
  readonly clientId: string | null;
  readonly tokenId: string | null;
  /** The HTTP request id (`X-Request-Id`); for a bulk operation, the bulk request's id. */
  readonly requestId: string;
  readonly method: string;
  /** `User`, `Group`, or `Bulk` for a bulk request rejected before any operation ran. */
  readonly resourceType: string;
  readonly resourceId: string | null;
  /** Position of the operation in the bulk request's `Operations`; null for single writes. */
  readonly operationIndex: number | null;
  readonly bulkId: string | null;
  readonly status: number;
  /** Client quirk normalisers applied to a PATCH, e.g. `entra.capitalisedOp`. */
  readonly normalisers: readonly string[];
  readonly versionBefore: string | null;
  readonly versionAfter: string | null;
}

/** A stored entry with its position in the log. */
export interface ActivityRecord extends ActivityEntry {
  readonly seq: number;
}

/** A page query over one tenant's activity, newest first. */
export interface ActivityQuery {
  readonly tenantId: string;
  /** Inclusive lower bound on `time` (ISO 8601). */
  readonly since?: string;
  readonly until?: string;
  readonly resourceId?: string;
  /** Inclusive status range, e.g. 400–499 for `4xx`. */
  readonly status?: { readonly min: number; readonly max: number };
  readonly limit: number;
  /** Continue after this entry (from a previous page's last entry). */
  readonly after?: { readonly time: string; readonly seq: number };
}

export interface ActivityPage {
  readonly entries: readonly ActivityRecord[];
  /** True when more entries follow the last one returned. */
  readonly hasMore: boolean;
}
