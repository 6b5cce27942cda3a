// Worker thread for the sandbox benchmark: opens N watch streams and records, for every event,
// the delay between the writer's `sent` timestamp and the moment the complete line was received
// here. A 'data' chunk holds whole lines the moment it arrives, so every line in it gets the
// chunk's arrival time: the thread's own time spent scanning the other 99 streams' chunks is
// client overhead, not delivery delay. Lines are scanned as bytes (no UTF-8 decoding, no string
// concatenation), because one thread parses ~200,000 lines a second here and its CPU is taken
// from the same two cores the server runs on.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

interface WatcherJob {
  url: string;
  path: string;
  watchers: number;
  eventsPerWatcher: number;
  timeoutMs: number;
}

const job = workerData as WatcherJob;
const latencies = new Float64Array(job.watchers * job.eventsPerWatcher);
// When each recorded event was sent (epoch ms), for the latency-over-time view.
const sentAt = new Float64Array(job.watchers * job.eventsPerWatcher);
const received = new Array<number>(job.watchers).fill(0);
let recorded = 0;
const marker = Buffer.from('"sent":"', 'latin1');
const newline = 0x0a;
const quote = 0x22;
const empty: Buffer = Buffer.alloc(0);

function now(): number {
  return performance.timeOrigin + performance.now();
}

function finish(requests: http.ClientRequest[]): void {
  for (const r of requests) r.destroy();
  const short = received.filter((n) => n < job.eventsPerWatcher).length;
  parentPort?.postMessage({ kind: 'done', latencies: latencies.subarray(0, recorded), sentAt: sentAt.subarray(0, recorded), short }, [latencies.buffer, sentAt.buffer]);
}

// Records the event in data[start, end) (one line without its newline) if it carries a timestamp.
function recordLine(data: Buffer, start: number, end: number, arrived: number): boolean {
  const at = data.indexOf(marker, start);
  if (at < 0 || at > end) return false;
  const from = at + marker.length;
  const sent = Number(data.toString('latin1', from, data.indexOf(quote, from)));
  sentAt[recorded] = sent;
  latencies[recorded++] = arrived - sent;
  return true;
}

/** Scans the complete lines of `data`; returns the unfinished tail to keep for the next chunk. */
function scan(data: Buffer, index: number, requests: http.ClientRequest[]): Buffer {
  const arrived = now();
  let start = 0;
  for (let nl = data.indexOf(newline); nl >= 0; nl = data.indexOf(newline, start)) {
    if (recordLine(data, start, nl, arrived)) received[index] = (received[index] ?? 0) + 1;
    start = nl + 1;
    if (recorded === latencies.length) {
      finish(requests);
      return empty;
    }
  }
  return start === data.length ? empty : Buffer.from(data.subarray(start));
}

function open(index: number, requests: http.ClientRequest[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${job.url}${job.path}`, { agent: false }, (res) => {
      let tail: Buffer = empty;
      res.on('data', (chunk: Buffer) => {
        tail = scan(tail.length === 0 ? chunk : Buffer.concat([tail, chunk]), index, requests);
      });
      resolve();
    });
    req.on('error', reject);
    requests.push(req);
  });
}

const requests: http.ClientRequest[] = [];
await Promise.all(Array.from({ length: job.watchers }, (_, i) => open(i, requests)));
setTimeout(() => { if (recorded < latencies.length) finish(requests); }, job.timeoutMs).unref();
parentPort?.postMessage({ kind: 'ready' });
