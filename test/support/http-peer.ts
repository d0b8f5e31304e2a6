/**
 * A scripted HTTP peer on 127.0.0.1 standing in for an AWS API endpoint that misbehaves (never
 * answers, drops the connection, answers only some calls). Registered per test file; every
 * server and socket is closed after each test, so a held request cannot outlive its test.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach } from 'vitest';

export interface HttpPeer {
  /** Starts a server with `listener`; resolves to its endpoint URL. */
  readonly listen: (listener: RequestListener) => Promise<string>;
  /** Closes the current server, leaving its port free (and unanswered). */
  readonly close: () => Promise<void>;
}

export const useHttpPeer = (): HttpPeer => {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  const close = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  };
  afterEach(close);
  return {
    close,
    listen: async (listener) => {
      const started = createServer(listener);
      server = started;
      started.on('connection', (socket) => sockets.add(socket));
      await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
    },
  };
};
