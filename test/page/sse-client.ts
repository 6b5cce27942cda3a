/**
 * A minimal server-sent-events reader for tests: collects the raw stream and parsed
 * events, and waits for one with a deadline.
 */
import { waitFor } from '../helpers/wait-for.ts';

/** One parsed event. */
export interface SseEvent {
  event: string;
  data: string;
  id: string;
}

/** An open stream. */
export interface SseStream {
  raw(): string;
  events(): readonly SseEvent[];
  /** Resolves with the first event after index `from` matching `match`; fails after the deadline. */
  waitForEvent(match: (e: SseEvent) => boolean, what: string, timeoutMs?: number, from?: number): Promise<SseEvent>;
  close(): void;
}

function parse(block: string): SseEvent | undefined {
  const event: SseEvent = { event: 'message', data: '', id: '' };
  let hasData = false;
  for (const line of block.split('\n')) {
    const [field, ...rest] = line.split(':');
    const value = rest.join(':').replace(/^ /, '');
    if (field === 'event') event.event = value;
    if (field === 'id') event.id = value;
    if (field === 'data') {
      event.data += value;
      hasData = true;
    }
  }
  return hasData ? event : undefined;
}

/** Opens `url` and reads it until closed. */
export async function openStream(url: string): Promise<SseStream & { status: number; headers: Headers }> {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal, headers: { Accept: 'text/event-stream' } });
  let text = '';
  const events: SseEvent[] = [];
  const body = res.body;
  const reparse = (): void => {
    events.length = 0;
    for (const block of text.split('\n\n').slice(0, -1)) {
      const parsed = parse(block);
      if (parsed !== undefined) events.push(parsed);
    }
  };
  if (body !== null) {
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of body) {
          text += decoder.decode(chunk as Uint8Array, { stream: true });
          reparse();
        }
      } catch {
        // Aborted by close().
      }
    })();
  }
  return {
    status: res.status,
    headers: res.headers,
    raw: () => text,
    events: () => events,
    waitForEvent: (match, what, timeoutMs = 1000, from = 0) =>
      waitFor(() => events.slice(from).find(match), { what, timeoutMs, intervalMs: 5, describeLast: () => `stream so far: ${JSON.stringify(text.slice(-500))}` }),
    close: () => { controller.abort(); },
  };
}
