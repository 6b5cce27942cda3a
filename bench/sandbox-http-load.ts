// A lean HTTP/1.1 load generator for the sandbox benchmark: raw keep-alive sockets with a few
// pipelined requests in flight each, so the client spends far less CPU per request than
// node:http's client would and the server, not the generator, sets the pace.
import { connect } from 'node:net';
import type { Socket } from 'node:net';

/** Builds the bytes of request `i`. */
export type RequestFactory = (i: number) => Buffer;

/** Encodes a POST with a JSON body as raw HTTP/1.1 bytes. */
export function postRequest(host: string, path: string, body: unknown): Buffer {
  const payload = Buffer.from(JSON.stringify(body));
  const head = `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\nConnection: keep-alive\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), payload]);
}

interface Conn {
  socket: Socket;
  buffered: Buffer;
  inFlight: number;
}

/** Counts complete responses in `conn.buffered`, checking each status; returns how many finished. */
function drainResponses(conn: Conn, expectStatus: number): number {
  let done = 0;
  for (;;) {
    const headerEnd = conn.buffered.indexOf('\r\n\r\n');
    if (headerEnd < 0) return done;
    const head = conn.buffered.subarray(0, headerEnd).toString('latin1');
    const status = Number(head.slice(9, 12));
    if (status !== expectStatus) throw new Error(`unexpected HTTP status ${status}: ${head.split('\r\n')[0] ?? ''}`);
    const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? '0');
    const total = headerEnd + 4 + length;
    if (conn.buffered.length < total) return done;
    conn.buffered = conn.buffered.subarray(total);
    done++;
  }
}

/** Options of one load run. */
export interface LoadOptions {
  port: number;
  total: number;
  connections: number;
  /** Requests kept in flight per connection (HTTP pipelining). */
  depth: number;
  expectStatus: number;
  /** Open-loop pacing: issue at most this many requests per second (default: as fast as possible). */
  ratePerSecond?: number;
}

interface LoadState {
  issued: number;
  completed: number;
  started: number;
}

function allowed(opts: LoadOptions, state: LoadState): number {
  if (opts.ratePerSecond === undefined) return opts.total;
  const due = Math.floor(((performance.now() - state.started) * opts.ratePerSecond) / 1000) + 1;
  return Math.min(opts.total, due);
}

function pumpAll(conns: Conn[], opts: LoadOptions, state: LoadState, make: RequestFactory): void {
  const limit = allowed(opts, state);
  const batches = conns.map((): Buffer[] => []);
  let progressed = true;
  while (state.issued < limit && progressed) {
    progressed = false;
    conns.forEach((conn, c) => {
      if (state.issued >= limit || conn.inFlight >= opts.depth) return;
      batches[c]?.push(make(state.issued++));
      conn.inFlight++;
      progressed = true;
    });
  }
  conns.forEach((conn, c) => {
    const batch = batches[c] ?? [];
    if (batch.length > 0) conn.socket.write(batch.length === 1 ? (batch[0] ?? Buffer.alloc(0)) : Buffer.concat(batch));
  });
}

/** Sends `total` requests and resolves with the achieved requests per second once all responses arrived. */
export function runLoad(opts: LoadOptions, make: RequestFactory): Promise<number> {
  const state: LoadState = { issued: 0, completed: 0, started: performance.now() };
  const conns: Conn[] = [];
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (err?: Error): void => {
      if (timer !== undefined) clearInterval(timer);
      for (const x of conns) x.socket.destroy();
      if (err === undefined) resolve((opts.total / (performance.now() - state.started)) * 1000);
      else reject(err);
    };
    const onData = (conn: Conn, chunk: Buffer): void => {
      conn.buffered = conn.buffered.length === 0 ? chunk : Buffer.concat([conn.buffered, chunk]);
      try {
        const finished = drainResponses(conn, opts.expectStatus);
        conn.inFlight -= finished;
        state.completed += finished;
      } catch (err) {
        finish(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      if (state.completed === opts.total) finish();
      else pumpAll(conns, opts, state, make);
    };
    let connecting = opts.connections;
    // Requests are built (and stamped) only once every connection is up: a request waiting for its
    // TCP handshake has not been sent, and the pace starts with the first real send.
    const onConnect = (): void => {
      if (--connecting > 0) return;
      state.started = performance.now();
      if (timer === undefined && opts.ratePerSecond !== undefined) timer = setInterval(() => { pumpAll(conns, opts, state, make); }, 2);
      pumpAll(conns, opts, state, make);
    };
    for (let c = 0; c < opts.connections; c++) {
      const conn: Conn = { socket: connect(opts.port, '127.0.0.1', onConnect), buffered: Buffer.alloc(0), inFlight: 0 };
      conn.socket.setNoDelay(true);
      conn.socket.on('error', finish);
      conn.socket.on('data', (chunk: Buffer) => { onData(conn, chunk); });
      conns.push(conn);
    }
  });
}
