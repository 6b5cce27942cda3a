/**
 * `glidepath status [name] [-n ns | -A] [--watch]`: Canaries as a table (NAMESPACE NAME
 * STRATEGY PHASE WEIGHT FAILED/THRESHOLD LAST-TRANSITION MESSAGE), live with --watch.
 */
import { Option } from 'commander';
import type { Command } from 'commander';
import { parseNamespace } from '../option-parsers.ts';
import type { StatusFlags } from '../status/run-status.ts';

/** Adds `status` to the program. */
export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('show Canaries as a table: strategy, phase, canary weight, failed checks, last transition, message')
    .argument('[name]', 'show only this Canary')
    .option('-n, --namespace <namespace>', 'namespace (default: the kubeconfig context\'s)', parseNamespace)
    .addOption(new Option('-A, --all-namespaces', 'Canaries in every namespace').conflicts('namespace'))
    .option('-w, --watch', 'keep the table live, redrawn on every change, until Ctrl-C')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('--context <name>', 'kubeconfig context to use')
    .action(async (name: string | undefined, flags: StatusFlags) => {
      const { runStatus } = await import('../status/run-status.ts');
      await runStatus(name, flags);
    });
}
