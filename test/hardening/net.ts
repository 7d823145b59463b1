/** Raw HTTP/1.1 over sockets for the hardening attacks (fetch cannot send half a request). */
import { readFileSync } from 'node:fs';
import { type Socket, connect } from 'node:net';

export interface RawOutcome {
  /** Everything the server sent. */
  response: string;
  /** The server closed the connection (rather than the test). */
  closedByServer: boolean;
}

/** Opens a connection, writes `chunks` (in order), and resolves when the server closes it. */
export function openRaw(port: number, ...chunks: (string | Buffer)[]): { socket: Socket; done: Promise<RawOutcome> } {
  const socket = connect({ host: '127.0.0.1', port });
  let response = '';
  socket.on('data', (d) => {
    response += d.toString('latin1');
  });
  const done = new Promise<RawOutcome>((resolve) => {
    socket.once('close', () => resolve({ response, closedByServer: true }));
    socket.on('error', () => {});
  });
  socket.once('connect', () => {
    for (const c of chunks) socket.write(c);
  });
  return { socket, done };
}

/** Status code and JSON body of a raw response (first response only). */
export function parseRaw(text: string): { status: number; json: unknown } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
  const body = text.slice(text.indexOf('\r\n\r\n') + 4);
  let json: unknown;
  try {
    json = JSON.parse(body.trim().split('\r\n').at(-1) ?? '');
  } catch {
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
  }
  return { status, json };
}

/** Resident memory of a process in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? Number.NaN);
  return kb * 1024;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
