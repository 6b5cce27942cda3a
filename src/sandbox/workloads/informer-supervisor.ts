/**
 * Keeps a client-node informer alive. `makeInformer` re-lists by itself after
 * a 410 but stops for good on any other error (a refused connection, a 500),
 * so the owner must restart it; this does so with exponential backoff from
 * 1 s to 30 s, reset by any successful event.
 */
import type { Clock, TimerHandle } from './clock.ts';

/** The part of a client-node informer the supervisor and its users need. */
export interface InformerLike<T extends object> {
  on(verb: 'add' | 'update' | 'delete', cb: (obj: T) => void): void;
  on(verb: 'error' | 'connect', cb: (err?: unknown) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  list(namespace?: string): readonly T[];
  get(name: string, namespace?: string): T | undefined;
}

/** Backoff bounds for restarting a failed informer. */
export interface RestartBackoff {
  initialMs: number;
  maxMs: number;
}

/** Default restart backoff: 1 s doubling to 30 s, as client-node's own examples do. */
export const DEFAULT_RESTART_BACKOFF: RestartBackoff = Object.freeze({ initialMs: 1000, maxMs: 30_000 });

/** Observes restarts, for logs and tests. */
export type RestartListener = (err: unknown, delayMs: number) => void;

/** A started informer plus the knowledge of how often it had to be restarted. */
export class SupervisedInformer<T extends object> {
  private nextDelayMs: number;
  private timer: TimerHandle | undefined;
  private stopped = false;
  private restartCount = 0;
  private readonly listeners: RestartListener[] = [];

  constructor(
    readonly informer: InformerLike<T>,
    private readonly clock: Clock,
    private readonly backoff: RestartBackoff = DEFAULT_RESTART_BACKOFF,
  ) {
    this.nextDelayMs = backoff.initialMs;
    const healthy = (): void => { this.nextDelayMs = this.backoff.initialMs; };
    informer.on('add', healthy);
    informer.on('update', healthy);
    informer.on('delete', healthy);
    informer.on('error', (err) => { this.onError(err); });
  }

  /** How many times the informer was restarted after an error. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Registers a listener told about each scheduled restart. */
  onRestart(listener: RestartListener): void {
    this.listeners.push(listener);
  }

  /** Starts the informer; resolves after its first list attempt (errors are handled by restarting). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.informer.start();
  }

  /** Stops the informer and cancels any pending restart. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    await this.informer.stop();
  }

  private onError(err: unknown): void {
    if (this.stopped || this.timer !== undefined) return;
    const delay = this.nextDelayMs;
    this.nextDelayMs = Math.min(this.backoff.maxMs, delay * 2);
    for (const listener of this.listeners) listener(err, delay);
    this.timer = this.clock.setTimer(delay, () => {
      this.timer = undefined;
      if (this.stopped) return;
      this.restartCount += 1;
      this.informer.start().catch((startErr: unknown) => { this.onError(startErr); });
    });
  }
}
