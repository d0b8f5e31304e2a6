/**
 * Test guard: every socket a test opens must go to the loopback interface. A test that tries
 * to reach AWS or any other host fails loudly here instead of silently depending on a network.
 */
import net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

type ConnectArgs = Parameters<net.Socket['connect']>;
const originalConnect = net.Socket.prototype.connect as (this: net.Socket, ...args: ConnectArgs) => net.Socket;

const hostOf = (args: readonly unknown[]): string | undefined => {
  const [first] = args;
  if (Array.isArray(first)) return hostOf(first);
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; path?: string };
    if (options.path) return undefined; // unix socket
    return options.host ?? 'localhost';
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined; // unix socket path
  const second = args[1];
  return typeof second === 'string' ? second : 'localhost';
};

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: ConnectArgs): net.Socket {
  const host = hostOf(args);
  if (host !== undefined && !LOOPBACK.has(host)) {
    throw new Error(`test tried to open a socket to ${host}; tests may only reach 127.0.0.1`);
  }
  return originalConnect.apply(this, args);
} as net.Socket['connect'];
