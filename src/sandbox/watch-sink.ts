// The byte sink behind a watch response. node:http's chunked res.write() corks the socket, makes
// three writes (size line, data, CRLF) and uncorks on the next tick, for every watcher on every
// flush; with a hundred watchers that JavaScript overhead is a large part of fan-out cost. Once
// the headers are out and node:http holds nothing queued for the response, writing one framed
// chunk straight to the socket puts the same bytes on the wire. A channel writes the same chunk to
// all its members in a row, so the framed copy is built once and reused.
import type { ServerResponse } from 'node:http';
import type { WatchSink } from './watch-channel.ts';

const framed: { chunk: Buffer | undefined; bytes: Buffer } = { chunk: undefined, bytes: Buffer.alloc(0) };

function frame(chunk: Buffer): Buffer {
  if (framed.chunk !== chunk) {
    framed.chunk = chunk;
    framed.bytes = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`, 'latin1'), chunk, Buffer.from('\r\n', 'latin1')]);
  }
  return framed.bytes;
}

function direct(res: ServerResponse): boolean {
  const socket = res.socket;
  if (socket === null || !res.chunkedEncoding || !res.headersSent || res.writableEnded || socket.destroyed) return false;
  return res.writableLength === socket.writableLength;
}

/** A sink for a chunked watch response that writes each chunk with one socket write when it safely can. */
export function chunkedSink(res: ServerResponse): WatchSink {
  return {
    write(chunk: Buffer): boolean {
      if (chunk.length === 0) return true;
      if (!direct(res)) return res.write(chunk);
      return res.socket?.write(frame(chunk)) ?? false;
    },
    end(): void {
      res.end();
    },
    get writableLength(): number {
      return res.writableLength;
    },
  };
}
