// The supervisor's public surface; other modules import from here.
export { startPrometheus, type PrometheusOptions, type RunningPrometheus } from './start-prometheus.ts';
export { PrometheusNotInstalledError, PrometheusStartError, PROMETHEUS_PACKAGE } from './errors.ts';
export { SCRAPE_JOB } from './scrape-config.ts';
export { pidAlive } from './process-stop.ts';
export { waitForFirstScrape } from './scrape-wait.ts';
