/**
 * Server-sent events for the page: one stream per browser tab, a `retry:` hint so
 * EventSource reconnects quickly, and comment heartbeats so proxies and idle timeouts
 * do not cut a quiet stream.
 */
import type { Request, Response } from 'express';

/** Timing of the stream. */
export interface StreamTiming {
  /** Sent as `retry:`; how long the browser waits before reconnecting. */
  retryMs: number;
  /** How often a heartbeat comment is sent. */
  heartbeatMs: number;
}

/** Defaults: reconnect after 1 s, heartbeat every 15 s. */
export const DEFAULT_STREAM_TIMING: StreamTiming = Object.freeze({ retryMs: 1000, heartbeatMs: 15_000 });

/** Fans events out to every connected client. */
export class EventStream {
  private readonly clients = new Set<Response>();
  private readonly heartbeat: NodeJS.Timeout;
  private nextId = 1;

  constructor(private readonly timing: StreamTiming = DEFAULT_STREAM_TIMING) {
    this.heartbeat = setInterval(() => { this.sendRaw(': heartbeat\n\n'); }, timing.heartbeatMs);
    this.heartbeat.unref();
  }

  /** The number of connected clients. */
  get size(): number {
    return this.clients.size;
  }

  /** Turns a request into a stream; the client is dropped when its connection closes. */
  connect(_req: Request, res: Response): void {
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write(`retry: ${this.timing.retryMs}\n: connected\n\n`);
    this.clients.add(res);
    res.on('close', () => { this.clients.delete(res); });
  }

  /** Sends one event with a JSON payload to every client. */
  send(event: string, data: unknown): void {
    const id = this.nextId;
    this.nextId += 1;
    // JSON.stringify never emits a raw newline, so one `data:` line always suffices.
    this.sendRaw(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends every stream and stops the heartbeat. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private sendRaw(text: string): void {
    for (const res of this.clients) {
      if (!res.writableEnded) res.write(text);
    }
  }
}
