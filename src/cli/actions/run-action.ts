/**
 * What `glidepath <action> <name>` does: request the action, then print the controller's
 * verdict on stdout (exit 0), or fail with exit 2 (refused), 3 (timed out) or 1 (anything else).
 */
import { formatDuration } from '../../api/duration.ts';
import { CanaryApi } from '../canary-api.ts';
import { CliError, ExitCode } from '../cli-error.ts';
import { loadKubeTarget } from '../kube-target.ts';
import type { ActionOutcome, OperatorAction } from './action-outcome.ts';
import { annotationOf } from './action-outcome.ts';
import type { ActionResult } from './request-action.ts';
import { requestAction } from './request-action.ts';

/** The parsed flags of an action command. */
export interface ActionFlags {
  namespace?: string;
  kubeconfig?: string;
  context?: string;
  timeout: number;
  wait: boolean;
}

function outcomeLine(outcome: ActionOutcome, who: string, action: OperatorAction): string {
  switch (outcome.kind) {
    case 'pending':
      return `${who}: ${annotationOf(action)} set; not waiting for the controller (--no-wait)`;
    case 'acted': {
      const { entry } = outcome;
      return `${who}: ${action} done: ${entry.from} -> ${entry.to}, phase ${outcome.phase ?? 'unknown'}, weight ${entry.weight ?? 0}${entry.message === undefined ? '' : `: ${entry.message}`}`;
    }
    case 'refused':
      throw new CliError(`${who}: ${action} refused by the controller: ${outcome.reason}`, ExitCode.Refused);
    case 'superseded':
      throw new CliError(`${who}: ${annotationOf(action)} was changed to "${outcome.value}" by someone else before the controller acted on this request`);
    case 'unrecorded':
      throw new CliError(`${who}: ${annotationOf(action)} was removed, but neither a history entry nor an ActionRefused event records what happened`);
  }
}

/** The line reporting a result; throws the CliError (with its exit code) for every outcome but success. */
export function describeResult(result: ActionResult, namespace: string, name: string, timeoutMs: number): string {
  const who = `${namespace}/${name}`;
  const annotation = annotationOf(result.request.action);
  if (result.timedOut) {
    throw new CliError(`${who}: no controller acted on ${annotation} within ${formatDuration(timeoutMs)}; the annotation is still set and a controller will act on it when it sees it (to cancel: kubectl annotate canary ${name} -n ${namespace} ${annotation}-)`, ExitCode.TimedOut);
  }
  return outcomeLine(result.outcome, who, result.request.action);
}

/** Requests `action` on the Canary `name` and reports the outcome. */
export async function runAction(action: OperatorAction, name: string, flags: ActionFlags): Promise<void> {
  const target = loadKubeTarget({ kubeconfig: flags.kubeconfig, context: flags.context });
  const namespace = flags.namespace ?? target.namespace;
  const timeoutMs = flags.wait ? flags.timeout : 0;
  const result = await requestAction({ api: new CanaryApi(target), namespace, name, action, timeoutMs });
  process.stdout.write(`${describeResult(result, namespace, name, flags.timeout)}\n`);
}
