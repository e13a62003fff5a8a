import type { Store, TenantStore } from '../../provisioning/index.js';
import type { RosterMetrics } from './metrics.js';

type AnyFunction = (...args: unknown[]) => unknown;

function isThenable(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Wraps every method of `target` so asynchronous calls are timed. Methods run on the real object
 * (not the proxy) because the SQL adapters keep their state in private fields.
 */
function timed<T extends object>(
  target: T,
  metrics: RosterMetrics,
  rewrap: (name: string, args: unknown[], result: unknown) => unknown,
  wrapArgs: (name: string, args: unknown[]) => unknown[],
): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const method = value as AnyFunction;
      return (...args: unknown[]) => {
        const result = method.apply(object, wrapArgs(property, args));
        if (!isThenable(result)) return rewrap(property, args, result);
        const stop = metrics.storeDuration.startTimer({ operation: property });
        metrics.storeInFlight.inc({ operation: property });
        return result.then(
          (resolved) => {
            stop({ outcome: 'ok' });
            metrics.storeInFlight.dec({ operation: property });
            return resolved;
          },
          (error: unknown) => {
            stop({ outcome: 'error' });
            metrics.storeInFlight.dec({ operation: property });
            throw error;
          },
        );
      };
    },
  });
}

function instrumentTenantStore(store: TenantStore, metrics: RosterMetrics): TenantStore {
  return timed(
    store,
    metrics,
    (_name, _args, result) => result,
    (name, args) => {
      const work = args[0];
      if (name !== 'transaction' || typeof work !== 'function') return args;
      return [
        (inner: TenantStore) => (work as AnyFunction)(instrumentTenantStore(inner, metrics)),
        ...args.slice(1),
      ];
    },
  );
}

/** The store with every port call timed into `roster_store_operation_duration_seconds`. */
export function instrumentStore(store: Store, metrics: RosterMetrics): Store {
  return timed(
    store,
    metrics,
    (name, _args, result) =>
      name === 'forTenant' ? instrumentTenantStore(result as TenantStore, metrics) : result,
    (_name, args) => args,
  );
}
