/**
 * `glidepath promote | abort | pause | resume | retry <name>`: set the action annotation,
 * wait for the controller, report what it did. Exit codes: 0 acted, 2 refused, 3 timed out,
 * 1 anything else (no such Canary, API unreachable, annotation removed by someone else).
 */
import type { Command } from 'commander';
import { formatDuration } from '../../api/duration.ts';
import type { ActionOutcome, OperatorAction } from '../actions/action-outcome.ts';
import { OperatorAction as Actions, annotationOf } from '../actions/action-outcome.ts';
import type { ActionResult } from '../actions/request-action.ts';
import { requestAction } from '../actions/request-action.ts';
import { CanaryApi } from '../canary-api.ts';
import { CliError, ExitCode } from '../cli-error.ts';
import { loadKubeTarget } from '../kube-target.ts';
import { parseNamespace, parsePositiveDuration } from '../option-parsers.ts';

const SUMMARIES: Readonly<Record<OperatorAction, string>> = Object.freeze({
  promote: 'skip the remaining analysis (or pass a waiting gate) and promote the canary',
  abort: 'stop the release: all traffic back to the primary, canary scaled to 0',
  pause: 'hold the release where it is (weights and counters stay)',
  resume: 'continue a paused release',
  retry: 'run the last failed revision again without changing the Deployment',
});

interface ActionFlags {
  namespace?: string;
  kubeconfig?: string;
  context?: string;
  timeout: number;
  wait: boolean;
}

function describe(result: ActionResult, namespace: string, name: string, timeoutMs: number): string {
  const { request, outcome } = result;
  const who = `${namespace}/${name}`;
  const annotation = annotationOf(request.action);
  if (result.timedOut) {
    throw new CliError(`${who}: no controller acted on ${annotation} within ${formatDuration(timeoutMs)}; the annotation is still set and a controller will act on it when it sees it (to cancel: kubectl annotate canary ${name} -n ${namespace} ${annotation}-)`, ExitCode.TimedOut);
  }
  return outcomeLine(outcome, who, request.action);
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

async function runAction(action: OperatorAction, name: string, flags: ActionFlags): Promise<void> {
  const target = loadKubeTarget({ kubeconfig: flags.kubeconfig, context: flags.context });
  const namespace = flags.namespace ?? target.namespace;
  const timeoutMs = flags.wait ? flags.timeout : 0;
  const result = await requestAction({ api: new CanaryApi(target), namespace, name, action, timeoutMs });
  process.stdout.write(`${describe(result, namespace, name, flags.timeout)}\n`);
}

function registerAction(program: Command, action: OperatorAction): void {
  program
    .command(action)
    .description(`${SUMMARIES[action]} (sets ${annotationOf(action)}, then waits for the controller)`)
    .argument('<name>', 'the Canary')
    .option('-n, --namespace <namespace>', 'the Canary\'s namespace (default: the kubeconfig context\'s)', parseNamespace)
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('--context <name>', 'kubeconfig context to use')
    .option('--timeout <duration>', 'how long to wait for the controller', parsePositiveDuration, 60_000)
    .option('--no-wait', 'set the annotation and exit without waiting')
    .addHelpText('after', '\nExit codes: 0 the controller acted, 2 it refused (the reason is printed), 3 it did not act in time, 1 other errors.')
    .action(async (name: string, flags: ActionFlags) => {
      await runAction(action, name, flags);
    });
}

/** Adds the five operator action commands to the program. */
export function registerActionCommands(program: Command): void {
  for (const action of Object.values(Actions)) registerAction(program, action);
}
