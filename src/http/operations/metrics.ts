import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

type HttpLabels = 'route' | 'method' | 'status' | 'tenant';

/** Every metric one Roster app exports, on its own registry (no process-global state). */
export interface RosterMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<HttpLabels>;
  readonly httpDuration: Histogram<HttpLabels>;
  readonly bulkOperations: Counter<'method' | 'status'>;
  readonly storeDuration: Histogram<'operation' | 'outcome'>;
  readonly storeInFlight: Gauge<'operation'>;
}

/** Creates the metrics of one app; `processMetrics` adds prom-client's default process metrics. */
export function createMetrics(options: { processMetrics?: boolean } = {}): RosterMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const labelNames = ['route', 'method', 'status', 'tenant'] as const;
  return {
    registry,
    httpRequests: new Counter({
      name: 'roster_http_requests_total',
      help: 'HTTP requests answered, by route template, method, status and tenant',
      labelNames,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'roster_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route template, method, status and tenant',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    bulkOperations: new Counter({
      name: 'roster_bulk_operations_total',
      help: 'Bulk operations run (RFC 7644 §3.7), by operation method and result status',
      labelNames: ['method', 'status'],
      registers: [registry],
    }),
    storeDuration: new Histogram({
      name: 'roster_store_operation_duration_seconds',
      help: 'Database work per store port call, by operation and outcome (ok or error)',
      labelNames: ['operation', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    }),
    storeInFlight: new Gauge({
      name: 'roster_store_operations_in_flight',
      help: 'Store port calls waiting for the database (a measure of pool pressure)',
      labelNames: ['operation'],
      registers: [registry],
    }),
  };
}
