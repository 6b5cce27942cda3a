/**
 * `glidepath promote | abort | pause | resume | retry <name>`: set the action annotation,
 * wait for the controller, report what it did. Exit codes: 0 acted, 2 refused, 3 timed out,
 * 1 anything else (no such Canary, API unreachable, annotation removed by someone else).
 */
import type { Command } from 'commander';
import type { OperatorAction } from '../actions/action-outcome.ts';
import type { ActionFlags } from '../actions/run-action.ts';
import { parseNamespace, parsePositiveDuration } from '../option-parsers.ts';

const SUMMARIES: Readonly<Record<OperatorAction, string>> = Object.freeze({
  promote: 'skip the remaining analysis (or pass a waiting gate) and promote the canary',
  abort: 'stop the release: all traffic back to the primary, canary scaled to 0',
  pause: 'hold the release where it is (weights and counters stay)',
  resume: 'continue a paused release',
  retry: 'run the last failed revision again without changing the Deployment',
});

function registerAction(program: Command, action: OperatorAction): void {
  program
    .command(action)
    .description(`${SUMMARIES[action]} (sets glidepath.dev/${action}, then waits for the controller)`)
    .argument('<name>', 'the Canary')
    .option('-n, --namespace <namespace>', 'the Canary\'s namespace (default: the kubeconfig context\'s)', parseNamespace)
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('--context <name>', 'kubeconfig context to use')
    .option('--timeout <duration>', 'how long to wait for the controller', parsePositiveDuration, 60_000)
    .option('--no-wait', 'set the annotation and exit without waiting')
    .addHelpText('after', '\nExit codes: 0 the controller acted, 2 it refused (the reason is printed), 3 it did not act in time, 1 other errors.')
    .action(async (name: string, flags: ActionFlags) => {
      const { runAction } = await import('../actions/run-action.ts');
      await runAction(action, name, flags);
    });
}

/** Adds the five operator action commands to the program. */
export function registerActionCommands(program: Command): void {
  for (const action of Object.keys(SUMMARIES) as OperatorAction[]) registerAction(program, action);
}
