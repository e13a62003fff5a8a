import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to the embedded SQLite database on 127.0.0.1:8080', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: 'sqlite:./data/roster.db',
      host: '127.0.0.1',
      port: 8080,
      publicUrl: undefined,
      logLevel: 'info',
      bulk: { maxOperations: 1000, maxPayloadSize: 1_048_576 },
    });
  });

  it('reads every variable, and flags override the environment', () => {
    const env = {
      ROSTER_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/roster',
      ROSTER_HOST: '0.0.0.0',
      ROSTER_PORT: '9090',
      ROSTER_PUBLIC_URL: 'https://scim.example.com/',
      ROSTER_LOG_LEVEL: 'warn',
    };
    expect(loadConfig(env)).toMatchObject({
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/roster',
      host: '0.0.0.0',
      port: 9090,
      publicUrl: 'https://scim.example.com',
      logLevel: 'warn',
    });
    expect(loadConfig(env, { port: 7070, databaseUrl: 'sqlite::memory:' })).toMatchObject({
      port: 7070,
      databaseUrl: 'sqlite::memory:',
    });
  });

  it.each([
    [
      'ROSTER_DATABASE_URL',
      'mysql://x',
      /ROSTER_DATABASE_URL must start with sqlite: or postgres:\/\//,
    ],
    ['ROSTER_PORT', 'eighty', /ROSTER_PORT must be a whole number/],
    ['ROSTER_PORT', '70000', /ROSTER_PORT must be between 0 and 65535/],
    ['ROSTER_PUBLIC_URL', 'ftp://x', /ROSTER_PUBLIC_URL must be an http\(s\) URL/],
    ['ROSTER_LOG_LEVEL', 'loud', /ROSTER_LOG_LEVEL must be one of/],
    ['ROSTER_BULK_MAX_OPERATIONS', '0', /ROSTER_BULK_MAX_OPERATIONS must be between/],
  ])('stops with a message naming %s when it is %s', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
