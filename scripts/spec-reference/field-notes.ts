/**
 * Meanings for fields whose CRD schema carries no description, so the generated reference
 * says what every field does. A description in the CRD always wins (it also feeds
 * `kubectl explain`); these fill the gaps. Keys are `Kind path`; patterns cover families of
 * Istio fields that are passed through unchanged.
 */

const EXACT: Readonly<Record<string, string>> = Object.freeze({
  'Canary spec.targetRef.apiVersion': 'API version of the target; only apps/v1 Deployments are released.',
  'Canary spec.targetRef.kind': 'Kind of the target.',
  'Canary spec.targetRef.name': 'Name of the Deployment in the Canary\'s namespace.',
  'Canary spec.autoscalerRef.apiVersion': 'API version of the HorizontalPodAutoscaler (autoscaling/v2).',
  'Canary spec.autoscalerRef.kind': 'Kind of the autoscaler.',
  'Canary spec.autoscalerRef.name': 'Name of the HorizontalPodAutoscaler that targets the Deployment.',
  'Canary spec.autoscalerRef.primaryScalerReplicas': 'Replica bounds for the primary\'s autoscaler copy, when they should differ from the original\'s.',
  'Canary spec.autoscalerRef.primaryScalerReplicas.minReplicas': 'minReplicas of the primary\'s autoscaler.',
  'Canary spec.autoscalerRef.primaryScalerReplicas.maxReplicas': 'maxReplicas of the primary\'s autoscaler.',
  'Canary spec.service.portName': 'Name of the port on the generated Services (Istio infers the protocol from an http/grpc prefix).',
  'Canary spec.service.appProtocol': 'appProtocol of the generated Service port.',
  'Canary spec.service.headless': 'Make the generated -primary and -canary Services headless (clusterIP None).',
  'Canary spec.analysis.stepWeights[]': 'A canary weight in percent.',
  'Canary spec.analysis.metrics[].thresholdRange': 'The accepted range of the metric\'s value; a value outside it is a failed check.',
  'Canary spec.analysis.metrics[].thresholdRange.min': 'Lowest accepted value (for example 99 for a success rate in percent).',
  'Canary spec.analysis.metrics[].thresholdRange.max': 'Highest accepted value (for example 500 for a p99 in milliseconds).',
  'Canary spec.analysis.metrics[].templateRef': 'The MetricTemplate that holds the query, for metrics that are not builtin.',
  'Canary spec.analysis.metrics[].templateRef.name': 'Name of the MetricTemplate.',
  'Canary spec.analysis.metrics[].templateRef.namespace': 'Namespace of the MetricTemplate; defaults to the Canary\'s.',
  'Canary spec.analysis.webhooks[].name': 'Name of the webhook, unique within the Canary; sent in the payload and shown in status.',
  'Canary spec.analysis.webhooks[].url': 'Where the JSON payload is POSTed; an answer above 202 is a failure.',
  'Canary spec.analysis.webhooks[].timeout': 'Deadline of one attempt.',
  'Canary spec.analysis.webhooks[].metadata': 'Free-form key/values sent as the payload\'s metadata.',
  'Canary spec.analysis.webhooks[].retries': 'Extra attempts after a failed one, with backoff.',
  'Canary spec.analysis.webhooks[].muteAlert': 'Accepted for Flagger compatibility (Flagger mutes its alert for this hook).',
  'Canary spec.analysis.webhooks[].disableTLS': 'Accepted for Flagger compatibility (skip TLS verification for this hook).',
  'Canary spec.analysis.alerts': 'Flagger alert providers; accepted for compatibility, Glidepath records Events instead.',
  'Canary spec.analysis.alerts[].name': 'Name of the alert.',
  'Canary spec.analysis.alerts[].severity': 'Which events are sent: info, warn or error.',
  'Canary spec.analysis.alerts[].providerRef': 'The AlertProvider to send to.',
  'Canary spec.analysis.alerts[].providerRef.name': 'Name of the AlertProvider.',
  'Canary spec.analysis.alerts[].providerRef.namespace': 'Namespace of the AlertProvider; defaults to the Canary\'s.',
  'Canary spec.analysis.sessionAffinity.cookieName': 'Cookie that pins a user to the canary once routed there.',
  'Canary spec.analysis.sessionAffinity.primaryCookieName': 'Cookie that pins a user to the primary.',
  'Canary spec.analysis.sessionAffinity.maxAge': 'Cookie lifetime in seconds.',
  'Canary spec.analysis.sessionAffinity.domain': 'Cookie Domain attribute.',
  'Canary spec.analysis.sessionAffinity.path': 'Cookie Path attribute.',
  'Canary spec.analysis.sessionAffinity.httpOnly': 'Cookie HttpOnly attribute.',
  'Canary spec.analysis.sessionAffinity.secure': 'Cookie Secure attribute.',
  'Canary spec.analysis.sessionAffinity.partitioned': 'Cookie Partitioned attribute.',
  'Canary spec.analysis.sessionAffinity.sameSite': 'Cookie SameSite attribute.',
  'Canary status.observedGeneration': 'The spec generation the controller last acted on.',
  'Canary status.phase': 'Flagger\'s phase: Initializing, Initialized, Waiting, Progressing, WaitingPromotion, Promoting, Finalising, Succeeded, Failed, Terminating, Terminated.',
  'Canary status.canaryWeight': 'Percent of traffic routed to the canary now.',
  'Canary status.failedChecks': 'Failed checks in this release so far (cumulative, as in Flagger); rollback at analysis.threshold.',
  'Canary status.iterations': 'Analysis iterations done (blue/green and A/B).',
  'Canary status.lastTransitionTime': 'When the phase last changed.',
  'Canary status.conditions': 'Standard conditions: Promoted (as Flagger) and Ready.',
  'Canary status.machine.name': 'Which release machine runs this Canary (canary, blueGreen or abTesting).',
  'Canary status.machine.version': 'Version of the machine definition the snapshot was written with.',
  'Canary status.machine.snapshot': 'The persisted XState snapshot; the controller restores it on every pass.',
  'Canary status.checks[].name': 'Metric or webhook name.',
  'Canary status.checks[].value': 'The value measured (null when there was no data).',
  'Canary status.checks[].thresholdMin': 'The lower bound it was judged against.',
  'Canary status.checks[].thresholdMax': 'The upper bound it was judged against.',
  'Canary status.checks[].verdict': 'Successful, Failed, Inconclusive or Error.',
  'Canary status.checks[].message': 'Why, in words (for example "no data: fewer than minRequests requests").',
  'Canary status.checks[].query': 'The PromQL that was run.',
  'Canary status.checks[].time': 'When it was measured.',
  'Canary status.history[].time': 'When the transition happened.',
  'Canary status.history[].from': 'Machine state before.',
  'Canary status.history[].to': 'Machine state after.',
  'Canary status.history[].event': 'The event that caused it (TICK, NEW_REVISION, PROMOTE, ...).',
  'Canary status.history[].weight': 'Canary weight after the transition.',
  'Canary status.history[].message': 'What happened; operator actions end with the annotation that requested them.',
  'MetricTemplate spec': 'Where to query and what.',
  'MetricTemplate spec.provider.type': 'Metrics provider; only prometheus.',
  'MetricTemplate spec.provider.secretRef.name': 'Secret in the template\'s namespace with username/password (basic auth) or token (bearer).',
  'MetricTemplate status': 'Written by the controller.',
  'MetricTemplate status.observedGeneration': 'The spec generation last checked.',
  'MetricTemplate status.conditions': 'Ready: whether the template renders and its provider is usable.',
});

const CONDITION_FIELDS: Readonly<Record<string, string>> = Object.freeze({
  type: 'Condition type.',
  status: 'True, False or Unknown.',
  reason: 'A CamelCase reason for the status.',
  message: 'Details for people.',
  lastUpdateTime: 'When the condition was last written.',
  lastTransitionTime: 'When the status last changed.',
  observedGeneration: 'The spec generation the condition describes.',
});

const PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/^Canary status\.conditions\[\]\.(\w+)$/, 'condition'],
  [/^MetricTemplate status\.conditions\[\]\.(\w+)$/, 'condition'],
  [/^Canary spec\.service\.(apex|primary|canary)\.(labels|annotations)$/, 'metadata'],
  [/^Canary spec\.(service|analysis)\.match\[\]/, 'Istio HTTPMatchRequest field of the same name, copied into the generated route unchanged.'],
  [/^Canary spec\.service\.(rewrite|retries|headers|corsPolicy)\b/, 'Istio VirtualService HTTPRoute field of the same name, copied into every generated route unchanged.'],
];

/** The meaning of a field that has no description in its CRD, or '' when none is known. */
export function fieldNote(kind: string, path: string): string {
  const key = `${kind} ${path}`;
  const exact = EXACT[key];
  if (exact !== undefined) return exact;
  for (const [pattern, note] of PATTERNS) {
    const match = pattern.exec(key);
    if (match === null) continue;
    if (note === 'condition') return CONDITION_FIELDS[match[1] ?? ''] ?? '';
    if (note === 'metadata') return `${match[2] === 'labels' ? 'Labels' : 'Annotations'} added to the generated ${match[1] ?? ''} objects.`;
    return note;
  }
  return '';
}
