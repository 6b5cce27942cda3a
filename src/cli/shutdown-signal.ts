/**
 * Waiting for Ctrl-C or a termination request. The first SIGINT/SIGTERM lets a command stop
 * what it started; a second one during that shutdown exits at once (Prometheus' orphan
 * guard still reaps it).
 */

const SIGNALS = Object.freeze(['SIGINT', 'SIGTERM'] as const);
type ShutdownSignal = (typeof SIGNALS)[number];

/** Resolves with the first SIGINT or SIGTERM received from now on; a second one exits the process with 130. */
export function waitForShutdownSignal(onForced: () => void = () => undefined): Promise<ShutdownSignal> {
  return new Promise((resolve) => {
    const first = (signal: ShutdownSignal): void => {
      for (const s of SIGNALS) process.off(s, first);
      for (const s of SIGNALS) {
        process.once(s, () => {
          onForced();
          process.exit(130);
        });
      }
      resolve(signal);
    };
    for (const s of SIGNALS) process.on(s, first);
  });
}
