/** The Debian package that ships the Prometheus server binary. */
export const PROMETHEUS_PACKAGE = 'prometheus';

/** The Prometheus binary could not be found or is not executable. */
export class PrometheusNotInstalledError extends Error {
  override readonly name = 'PrometheusNotInstalledError';

  /** Names where we looked and how to install the binary. */
  constructor(lookedFor: string) {
    super(
      `Prometheus binary not found (${lookedFor}); install it with "apt-get install ${PROMETHEUS_PACKAGE}" ` +
        `(Debian package "${PROMETHEUS_PACKAGE}") or point PROMETHEUS_BIN at the binary`,
    );
  }
}

/** Prometheus was found but did not come up: bad options, an early exit, or no readiness in time. */
export class PrometheusStartError extends Error {
  override readonly name = 'PrometheusStartError';
}
