/**
 * The sandbox's simulated workloads: a deployment controller and a kubelet
 * that talk to the API server only through `@kubernetes/client-node`, like
 * any out-of-process controller would. Two informers (Deployments, Pods) feed
 * two keyed work queues; all delayed work shares one due-time scheduler.
 */
import { AppsV1Api, CoreV1Api, makeInformer } from '@kubernetes/client-node';
import type { KubeConfig, V1Deployment, V1Pod } from '@kubernetes/client-node';
import { describeError, isConflict } from './api-errors.ts';
import { systemClock } from './clock.ts';
import type { Clock } from './clock.ts';
import { DeploymentController } from './deployment-controller.ts';
import { DueQueue } from './due-queue.ts';
import { DEFAULT_RESTART_BACKOFF, SupervisedInformer } from './informer-supervisor.ts';
import type { RestartBackoff } from './informer-supervisor.ts';
import { Kubelet } from './kubelet.ts';
import { PodIndex } from './pod-index.ts';
import { makeRequestOptions } from './request-options.ts';
import { objectKey } from './pod-state.ts';
import { WorkQueue } from './work-queue.ts';

/** Logs a constant message with key/value fields. */
export type WorkloadLogger = (message: string, fields: Record<string, unknown>) => void;

/** Options of the simulator; every field is optional. */
export interface WorkloadSimulatorOptions {
  /** Delay between a Pod's creation and it becoming Running/Ready (default 1000 ms). */
  readyDelayMs?: number;
  /** Keys processed at once per queue (default 16). */
  concurrency?: number;
  /** Backoff for restarting a failed informer (default 1 s to 30 s). */
  restartBackoff?: RestartBackoff;
  clock?: Clock;
  log?: WorkloadLogger;
}

/** Counters for tests and diagnostics. */
export interface WorkloadStats {
  informerRestarts: number;
  pendingDeployments: number;
  pendingPods: number;
}

/** A running simulator. */
export interface WorkloadSimulator {
  stop(): Promise<void>;
  stats(): WorkloadStats;
}

/** Default delay before a simulated Pod becomes Ready. */
export const DEFAULT_READY_DELAY_MS = 1000;

const DEPLOY_PREFIX = 'deploy:';
const POD_PREFIX = 'pod:';

const stderrLogger: WorkloadLogger = (message, fields) => {
  process.stderr.write(`[sandbox-workloads] ${message} ${JSON.stringify(fields)}\n`);
};

/** Starts the deployment controller and kubelet against the cluster in `kc`; resolves once both informers made their first list attempt. */
export async function startWorkloadSimulator(kc: KubeConfig, opts: WorkloadSimulatorOptions = {}): Promise<WorkloadSimulator> {
  const readyDelayMs = validReadyDelay(opts.readyDelayMs ?? DEFAULT_READY_DELAY_MS);
  const clock = opts.clock ?? systemClock();
  const log = opts.log ?? stderrLogger;
  const apps = kc.makeApiClient(AppsV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const backoff = opts.restartBackoff ?? DEFAULT_RESTART_BACKOFF;
  const requests = makeRequestOptions();
  const podInformer = new SupervisedInformer<V1Pod>(
    makeInformer(kc, '/api/v1/pods', () => core.listPodForAllNamespaces({}, requests.plain)), clock, backoff);
  const deployInformer = new SupervisedInformer<V1Deployment>(
    makeInformer(kc, '/apis/apps/v1/deployments', () => apps.listDeploymentForAllNamespaces({}, requests.plain)), clock, backoff);

  const index = new PodIndex();
  const kubelet = new Kubelet({ core, pods: podInformer.informer, clock, readyDelayMs, requests });
  const controller = new DeploymentController({ apps, core, deployments: deployInformer.informer, index, clock, requests });
  const queues = makeQueues({ clock, log, concurrency: opts.concurrency ?? 16 }, kubelet, controller);

  wireDeployments(deployInformer, queues.deployments);
  wirePods(podInformer, { index, kubelet, deployments: queues.deployments, pods: queues.pods });
  for (const supervised of [podInformer, deployInformer]) {
    supervised.onRestart((err, delayMs) => { log('informer failed; restarting', { error: describeError(err), delayMs }); });
  }
  await Promise.all([podInformer.start(), deployInformer.start()]);

  return {
    async stop() {
      await Promise.all([podInformer.stop(), deployInformer.stop()]);
      queues.scheduler.stop();
      await Promise.all([queues.deployments.stop(), queues.pods.stop()]);
      requests.close();
    },
    stats: () => ({
      informerRestarts: podInformer.restarts + deployInformer.restarts,
      pendingDeployments: queues.deployments.activeCount,
      pendingPods: queues.pods.activeCount,
    }),
  };
}

function validReadyDelay(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`readyDelayMs: must be a non-negative number of milliseconds, got ${String(ms)}`);
  }
  return ms;
}

interface Queues {
  scheduler: DueQueue;
  deployments: WorkQueue;
  pods: WorkQueue;
}

function makeQueues(base: { clock: Clock; log: WorkloadLogger; concurrency: number }, kubelet: Kubelet, controller: DeploymentController): Queues {
  const { clock, log, concurrency } = base;
  const route = new Map<string, WorkQueue>();
  const scheduler = new DueQueue(clock, (tagged) => {
    const prefix = tagged.startsWith(DEPLOY_PREFIX) ? DEPLOY_PREFIX : POD_PREFIX;
    route.get(prefix)?.add(tagged.slice(prefix.length));
  });
  const queueFor = (prefix: string, handler: ConstructorParameters<typeof WorkQueue>[1]): WorkQueue => {
    const queue = new WorkQueue(clock, handler, {
      concurrency,
      scheduleAt: (key, due) => { scheduler.schedule(prefix + key, due); },
      onError: (key, err) => {
        // Conflicts are the normal price of optimistic concurrency; the retry resolves them.
        if (!isConflict(err)) log('sync failed; will retry', { key, error: describeError(err) });
      },
    });
    route.set(prefix, queue);
    return queue;
  };
  return {
    scheduler,
    deployments: queueFor(DEPLOY_PREFIX, (key) => controller.sync(key)),
    pods: queueFor(POD_PREFIX, (key) => kubelet.sync(key)),
  };
}

function wireDeployments(informer: SupervisedInformer<V1Deployment>, queue: WorkQueue): void {
  const enqueue = (d: V1Deployment): void => { queue.add(objectKey(d)); };
  informer.informer.on('add', enqueue);
  informer.informer.on('update', enqueue);
  informer.informer.on('delete', enqueue);
}

function wirePods(informer: SupervisedInformer<V1Pod>, parts: { index: PodIndex; kubelet: Kubelet; deployments: WorkQueue; pods: WorkQueue }): void {
  const seen = (pod: V1Pod): void => {
    const owner = parts.index.upsert(pod);
    if (owner !== undefined) parts.deployments.add(owner);
    if (parts.kubelet.observe(pod)) parts.pods.add(objectKey(pod));
  };
  informer.informer.on('add', seen);
  informer.informer.on('update', seen);
  informer.informer.on('delete', (pod) => {
    const owner = parts.index.remove(pod);
    parts.kubelet.forget(pod);
    if (owner !== undefined) parts.deployments.add(owner);
  });
}
