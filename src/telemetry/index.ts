// The telemetry layer's public surface; the controller imports from here.
export { PrometheusClient, type PrometheusClientOptions } from './prometheus-client.ts';
export { authFromSecret, type AuthFromSecret, type SecretLike } from './auth-from-secret.ts';
export { authorizationHeader, type PrometheusAuth } from './prometheus-auth.ts';
export { OutcomeKind, type QueryClient, type QueryOutcome } from './query-outcome.ts';
export { NO_VALUES_FOUND } from './prometheus-response.ts';
export { judgeMeasurement, MetricKind, type JudgeInput, type Measurement, type ThresholdRange } from './measurement.ts';
export { BuiltinMetric, builtinQuery, isBuiltinMetric, primaryWorkload, WorkloadRole, type BuiltinQueryInput } from './builtin-metrics.ts';
export { renderMetricTemplate, type TemplateValues } from './metric-template.ts';
export { runAnalysis, queryWithDeadline, type AnalysisMetric, type AnalysisRequest, type AnalysisTarget } from './analysis-runner.ts';
export { TelemetryInputError } from './telemetry-input-error.ts';
