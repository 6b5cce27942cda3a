/** The controller's alert dispatcher, wired to the API: provider and Secret reads by GET, warnings as Canary Events. */
import type { KubeConfig } from '@kubernetes/client-node';
import { EventRecorder, EventType } from '../reconciler/canary-events.ts';
import { kubeSecretReader } from '../reconciler/cluster-api.ts';
import type { Clock } from '../runtime/clock.ts';
import type { EventQueue } from '../runtime/event-queue.ts';
import type { Logger } from '../runtime/logger.ts';
import { AlertDispatcher } from './alert-dispatcher.ts';
import { kubeAlertProviderReader } from './kube-alert-provider-reader.ts';

/** A dispatcher that reads AlertProviders and their Secrets from `kc` and queues failures as Warning Events on `queue`. */
export function controllerAlertDispatcher(kc: KubeConfig, queue: EventQueue, logger: Logger, clock: Clock): AlertDispatcher {
  const events = new EventRecorder(queue);
  const alertLogger = logger.child({ component: 'alerts' });
  return new AlertDispatcher({
    resolution: { readProvider: kubeAlertProviderReader(kc), readSecret: kubeSecretReader(kc) },
    warn: (canary, reason, message) => {
      events.record(canary, { type: EventType.Warning, reason, message }, clock.now());
      return Promise.resolve();
    },
    logger: alertLogger,
  });
}
