/** Input to the telemetry layer (a name, an interval, a template) that cannot be turned into a safe query. */
export class TelemetryInputError extends Error {
  override readonly name = 'TelemetryInputError';
}
