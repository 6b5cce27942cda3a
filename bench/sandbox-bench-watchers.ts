// Worker thread for the sandbox benchmark: opens N watch streams and records, for every event,
// the delay between the writer's `sent` timestamp and the moment the line was read here.
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
const received = new Array<number>(job.watchers).fill(0);
let recorded = 0;
const marker = '"sent":"';

function now(): number {
  return performance.timeOrigin + performance.now();
}

function finish(requests: http.ClientRequest[]): void {
  for (const r of requests) r.destroy();
  parentPort?.postMessage({ kind: 'done', latencies: latencies.subarray(0, recorded), short: received.filter((n) => n < job.eventsPerWatcher).length }, [latencies.buffer]);
}

function onLine(line: string, index: number, requests: http.ClientRequest[]): void {
  const at = line.indexOf(marker);
  if (at < 0) return;
  const end = line.indexOf('"', at + marker.length);
  latencies[recorded++] = now() - Number(line.slice(at + marker.length, end));
  received[index] = (received[index] ?? 0) + 1;
  if (recorded === latencies.length) finish(requests);
}

function open(index: number, requests: http.ClientRequest[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${job.url}${job.path}`, { agent: false }, (res) => {
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let nl = buffered.indexOf('\n');
        while (nl >= 0) {
          onLine(buffered.slice(0, nl), index, requests);
          buffered = buffered.slice(nl + 1);
          nl = buffered.indexOf('\n');
        }
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
