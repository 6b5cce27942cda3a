/**
 * The simulated Istio mesh as a running service: it watches the sandbox API,
 * drives every VirtualService host's load through the traffic simulator on one
 * shared timer, and serves Istio's metrics for Prometheus to scrape.
 *
 * Simulated time advances in fixed steps of `tickMs`; when the event loop runs
 * late, the missed steps are run back to back (up to a cap), so the request
 * rate Prometheus sees stays true to the configured load.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { MeshWarning } from './annotation-names.ts';
import { watchCluster } from './cluster-watch.ts';
import type { ClusterWatch } from './cluster-watch.ts';
import { IstioMetricsRegistry } from './istio-metrics.ts';
import { startMetricsServer } from './metrics-server.ts';
import { SimulationDefaults, TrafficSimulator } from './traffic-simulator.ts';
import { buildWorld } from './world-model.ts';
import { readMeshOptions } from './mesh-options.ts';
import type { MeshOptions } from './mesh-options.ts';

/** A running mesh. */
export interface RunningMesh {
  /** `http://127.0.0.1:PORT/metrics` */
  metricsUrl: string;
  /** `127.0.0.1:PORT`, for a Prometheus scrape config. */
  scrapeTarget: string;
  /** Overrides a host's load (host as in the VirtualService, `namespace/host`, or the Service FQDN); throws RangeError for a bad rate. */
  setLoad(host: string, rps: number): void;
  /** Requests simulated so far, hosts being driven, and metric label sets. */
  stats(): { requests: number; mirrored: number; hosts: number; series: number; simulatedMs: number };
  /** Warnings currently standing against cluster objects (bad annotations, malformed routes). */
  warnings(): readonly MeshWarning[];
  stop(): Promise<void>;
}

export type { MeshOptions };

/** Most steps run in one timer callback after a stall, so a long pause cannot freeze the process. */
const MAX_CATCH_UP_STEPS = 50;

class MeshLoop {
  readonly registry = new IstioMetricsRegistry();
  readonly sim: TrafficSimulator;
  private dirty = true;
  private steps = 0;
  private readonly startedAt = performance.now();
  private current: readonly MeshWarning[] = [];

  /** Set once the informers are started (they need this loop's change callback first). */
  watch: ClusterWatch | undefined;

  constructor(private readonly opts: Required<MeshOptions>) {
    this.sim = new TrafficSimulator(opts.seed, this.registry, opts.defaultRps);
  }

  markDirty(): void {
    this.dirty = true;
  }

  get simulatedMs(): number {
    return this.steps * this.opts.tickMs;
  }

  get warnings(): readonly MeshWarning[] {
    return this.current;
  }

  tick(): void {
    const watch = this.watch;
    if (this.dirty && watch !== undefined) {
      this.dirty = false;
      this.rebuild(watch);
    }
    const due = Math.floor((performance.now() - this.startedAt) / this.opts.tickMs);
    // After a stall, skip what cannot be caught up rather than spinning.
    if (due - this.steps > MAX_CATCH_UP_STEPS) this.steps = due - MAX_CATCH_UP_STEPS;
    while (this.steps < due) {
      this.sim.step(this.opts.tickMs);
      this.steps++;
    }
  }

  private rebuild(watch: ClusterWatch): void {
    const world = buildWorld(watch.snapshot());
    this.sim.setWorld(world);
    const seen = new Set(this.current.map((w) => `${w.object}: ${w.message}`));
    for (const w of world.warnings) {
      const line = `${w.object}: ${w.message}`;
      if (!seen.has(line)) this.opts.log(`mesh warning: ${line}`);
    }
    this.current = world.warnings;
  }
}

/** Starts watching the cluster, the load and the metrics server; rejects with a clear error for bad options or a busy port. */
export async function startMesh(kc: KubeConfig, options: MeshOptions = {}): Promise<RunningMesh> {
  const opts = readMeshOptions(options);
  const loop = new MeshLoop(opts);
  const server = await startMetricsServer(opts.port, { render: () => loop.registry.render(), ready: () => loop.watch?.synced() ?? false });
  const watch = watchCluster(kc, {
    onChange: () => { loop.markDirty(); },
    onError: (resource, error, retryInMs) => {
      opts.log(`mesh: watching ${resource} failed (${error instanceof Error ? error.message : String(error)}); retrying in ${retryInMs} ms`);
    },
  });
  loop.watch = watch;
  const timer = setInterval(() => { loop.tick(); }, opts.tickMs);
  const target = `127.0.0.1:${server.port}`;
  return {
    metricsUrl: `http://${target}/metrics`,
    scrapeTarget: target,
    setLoad: (host, rps) => { loop.sim.setLoad(host, rps); },
    stats: () => ({ ...loop.sim.stats, hosts: loop.sim.hostCount, series: loop.registry.seriesCount, simulatedMs: loop.simulatedMs }),
    warnings: () => loop.warnings,
    stop: async () => {
      clearInterval(timer);
      await Promise.all([watch.stop(), server.close()]);
    },
  };
}

export { SimulationDefaults };
