import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a database, which a test can cut (refuse new connections
 * and drop open ones, as an unreachable or restarting server does) and restore on the same port.
 */
export interface TcpProxy {
  readonly port: number;
  /** Drops every open connection but keeps accepting new ones (a database restart). */
  dropConnections(): void;
  /** Stops listening and drops every open connection (the database is unreachable). */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (host:port) on an ephemeral port of 127.0.0.1. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  const handle = (client: Socket) => {
    const upstream = connect(target);
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  };
  let server: Server = createServer(handle);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port }, () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const port = await listen(0);
  let listening = true;
  const dropConnections = () => {
    for (const socket of open) socket.destroy();
    open.clear();
  };
  const stop = async () => {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    dropConnections();
    await closed;
  };
  return {
    port,
    dropConnections,
    cut: stop,
    async restore() {
      if (listening) return;
      server = createServer(handle);
      await listen(port);
      listening = true;
    },
    close: stop,
  };
}
