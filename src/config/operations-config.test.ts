import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('operations configuration', () => {
  it('defaults to no metrics token, a 10 s shutdown grace period, 30 days of activity and idle collection', () => {
    expect(loadConfig({}).operations).toEqual({
      metricsToken: undefined,
      shutdownGraceMs: 10_000,
      activityRetentionDays: 30,
      idleCollection: true,
    });
  });

  it('reads ROSTER_METRICS_TOKEN, ROSTER_SHUTDOWN_GRACE_MS, ROSTER_ACTIVITY_RETENTION_DAYS and ROSTER_IDLE_GC', () => {
    expect(
      loadConfig({
        ROSTER_METRICS_TOKEN: ' scrape ',
        ROSTER_SHUTDOWN_GRACE_MS: '2500',
        ROSTER_ACTIVITY_RETENTION_DAYS: '90',
        ROSTER_IDLE_GC: 'Off',
      }).operations,
    ).toEqual({
      metricsToken: 'scrape',
      shutdownGraceMs: 2500,
      activityRetentionDays: 90,
      idleCollection: false,
    });
    expect(loadConfig({ ROSTER_IDLE_GC: 'on' }).operations.idleCollection).toBe(true);
  });

  it.each([
    ['ROSTER_ACTIVITY_RETENTION_DAYS', '0'],
    ['ROSTER_ACTIVITY_RETENTION_DAYS', 'forever'],
    ['ROSTER_SHUTDOWN_GRACE_MS', '-1'],
    ['ROSTER_IDLE_GC', 'yes'],
  ])('rejects %s=%s with an error naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
