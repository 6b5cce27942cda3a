import { stringify } from 'yaml';

/** The scrape job name every generated config uses. */
export const SCRAPE_JOB = 'mesh';

const HOST_PORT = /^(?<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(?<port>\d{1,5})$/;
// Prometheus rejects a scrape_timeout longer than the interval, and its default timeout is 10s.
const MAX_SCRAPE_TIMEOUT_MS = 10_000;

/** Throws a clear error unless `target` is a `host:port` string Prometheus can scrape. */
export function validateScrapeTarget(target: string): void {
  if (typeof target !== 'string') throw new Error(`scrape target ${JSON.stringify(target)} is not a host:port string`);
  const match = HOST_PORT.exec(target);
  const port = Number(match?.groups?.port ?? NaN);
  if (match === null || port < 1 || port > 65535) {
    throw new Error(`scrape target "${target}" is not a host:port string such as "127.0.0.1:9464"`);
  }
}

/** Throws a clear error unless the interval is a whole number of milliseconds of at least 10ms. */
export function validateScrapeInterval(intervalMs: number): void {
  if (!Number.isInteger(intervalMs) || intervalMs < 10) {
    throw new Error(`scrapeIntervalMs must be an integer of at least 10 (milliseconds), got ${intervalMs}`);
  }
}

/** Renders a Prometheus config that scrapes `targets` at `/metrics` every `intervalMs`. */
export function renderScrapeConfig(targets: readonly string[], intervalMs: number): string {
  // Callers from plain JavaScript or YAML may pass anything here.
  const given: unknown = targets;
  if (!Array.isArray(given)) throw new Error('scrapeTargets must be an array of host:port strings');
  validateScrapeInterval(intervalMs);
  targets.forEach(validateScrapeTarget);
  const interval = `${intervalMs}ms`;
  const config = {
    global: {
      scrape_interval: interval,
      evaluation_interval: interval,
      scrape_timeout: `${Math.min(intervalMs, MAX_SCRAPE_TIMEOUT_MS)}ms`,
    },
    scrape_configs: [
      {
        job_name: SCRAPE_JOB,
        metrics_path: '/metrics',
        scheme: 'http',
        static_configs: [{ targets: [...targets] }],
      },
    ],
  };
  return stringify(config);
}
