// Worker thread for the sandbox benchmark: opens N watch streams and records, for every event,
// the delay between the writer's `sent` timestamp and the moment the complete line was received
// here. A 'data' chunk holds whole lines the moment it arrives, so every line in it gets the
// chunk's arrival time: the thread's own time spent scanning the other 99 streams' chunks is
// client overhead, not delivery delay. Lines are scanned as bytes (no UTF-8 decoding, no string
// concatenation), because one thread parses ~200,000 lines a second here and its CPU is taken
// from the same two cores the server runs on.
import http from 'node:http';
import { parentPort } from 'node:worker_threads';

interface WatcherJob {
  url: string;
  path: string;
  watchers: number;
  eventsPerWatcher: number;
  timeoutMs: number;
}

// One job's state. The thread serves every fan-out of a benchmark run in turn, so its code is
// compiled by the warm-up and not again for each measured fan-out.
interface Run {
  job: WatcherJob;
  latencies: Float64Array<ArrayBuffer>;
  /** When each recorded event was sent (epoch ms), for the latency-over-time view. */
  sentAt: Float64Array<ArrayBuffer>;
  /** Arrival time of the chunk being scanned: every line in it was complete then. */
  arrived: number;
  received: number[];
  recorded: number;
  requests: http.ClientRequest[];
  finished: boolean;
}

const marker = Buffer.from('"sent":"', 'latin1');
const newline = 0x0a;
const quote = 0x22;
const empty: Buffer = Buffer.alloc(0);

function now(): number {
  return performance.timeOrigin + performance.now();
}

function finish(run: Run): void {
  if (run.finished) return;
  run.finished = true;
  for (const r of run.requests) r.destroy();
  const short = run.received.filter((n) => n < run.job.eventsPerWatcher).length;
  const { latencies, sentAt, recorded } = run;
  parentPort?.postMessage({ kind: 'done', latencies: latencies.subarray(0, recorded), sentAt: sentAt.subarray(0, recorded), short }, [latencies.buffer, sentAt.buffer]);
}

// Records the event in data[start, end) (one line without its newline) if it carries a timestamp.
function recordLine(run: Run, data: Buffer, start: number, end: number): boolean {
  const at = data.indexOf(marker, start);
  if (at < 0 || at > end) return false;
  const from = at + marker.length;
  const sent = Number(data.toString('latin1', from, data.indexOf(quote, from)));
  run.sentAt[run.recorded] = sent;
  run.latencies[run.recorded++] = run.arrived - sent;
  return true;
}

/** Scans the complete lines of `data`; returns the unfinished tail to keep for the next chunk. */
function scan(run: Run, data: Buffer, index: number): Buffer {
  run.arrived = now();
  let start = 0;
  for (let nl = data.indexOf(newline); nl >= 0; nl = data.indexOf(newline, start)) {
    if (run.finished) return empty;
    if (recordLine(run, data, start, nl)) run.received[index] = (run.received[index] ?? 0) + 1;
    start = nl + 1;
    if (run.recorded === run.latencies.length) {
      finish(run);
      return empty;
    }
  }
  return start === data.length ? empty : Buffer.from(data.subarray(start));
}

function open(run: Run, index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${run.job.url}${run.job.path}`, { agent: false }, (res) => {
      let tail: Buffer = empty;
      res.on('data', (chunk: Buffer) => {
        tail = scan(run, tail.length === 0 ? chunk : Buffer.concat([tail, chunk]), index);
      });
      resolve();
    });
    req.on('error', reject);
    run.requests.push(req);
  });
}

async function start(job: WatcherJob): Promise<void> {
  const total = job.watchers * job.eventsPerWatcher;
  const run: Run = { job, latencies: new Float64Array(total), sentAt: new Float64Array(total), received: new Array<number>(job.watchers).fill(0), arrived: 0, recorded: 0, requests: [], finished: false };
  await Promise.all(Array.from({ length: job.watchers }, (_, i) => open(run, i)));
  setTimeout(() => { finish(run); }, job.timeoutMs).unref();
  parentPort?.postMessage({ kind: 'ready' });
}

parentPort?.on('message', (job: WatcherJob) => {
  start(job).catch((err: unknown) => { parentPort?.postMessage({ kind: 'error', message: err instanceof Error ? err.message : String(err) }); });
});
