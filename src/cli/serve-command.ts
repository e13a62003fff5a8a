import type { Command } from 'commander';
import { startServer } from '../server.js';
import { configFrom } from './config-from-options.js';

/** `roster serve`: runs the HTTP server until SIGINT/SIGTERM, then drains within ROSTER_SHUTDOWN_GRACE_MS. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the SCIM API (migrates the database first unless --no-migrate)')
    .option('--host <host>', 'address to listen on (ROSTER_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (ROSTER_PORT, default 8080)')
    .option('--no-migrate', 'refuse to start when migrations are pending instead of applying them')
    .action(
      async (options: { host?: string; port?: string; migrate: boolean }, command: Command) => {
        const env = { ...process.env };
        if (options.port !== undefined) env.ROSTER_PORT = options.port;
        const port = options.port !== undefined ? Number(options.port) : undefined;
        if (options.port !== undefined && (!/^\d+$/.test(options.port) || (port ?? 0) > 65535)) {
          throw new Error(`--port must be a port number, got "${options.port}"`);
        }
        const config = configFrom(command, {
          ...(options.host ? { host: options.host } : {}),
          ...(port !== undefined ? { port } : {}),
        });
        const server = await startServer(config, {
          migrate: options.migrate,
          print: (line) => process.stdout.write(`${line}\n`),
        });
        const graceMs = config.operations.shutdownGraceMs;
        // Stop accepting, let in-flight requests (a running bulk included) finish, close the
        // database, then exit 0; past the grace period exit 1 and let open transactions roll back.
        const stop = (signal: string) => {
          server.app.log.info({ signal, graceMs }, 'shutting down: finishing in-flight requests');
          const timer = setTimeout(() => {
            server.app.log.error({ graceMs }, 'in-flight requests outlived the grace period');
            process.exit(1);
          }, graceMs);
          timer.unref();
          server.close().then(
            () => {
              server.app.log.info('shut down cleanly');
              process.exit(0);
            },
            (error: unknown) => {
              server.app.log.error({ err: error }, 'shutdown failed');
              process.exit(1);
            },
          );
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
        server.app.log.info({ graceMs }, 'ready: SIGTERM or SIGINT drains and stops');
      },
    );
}
