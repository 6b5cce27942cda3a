/**
 * What `glidepath status` does: Canaries as a table; with --watch the table is redrawn on
 * every change (in place on a terminal, appended otherwise) until SIGINT or SIGTERM.
 */
import type { Canary } from '../../api/canary-types.ts';
import { CanaryApi } from '../canary-api.ts';
import { CliError } from '../cli-error.ts';
import { loadKubeTarget } from '../kube-target.ts';
import type { KubeTarget } from '../kube-target.ts';
import { waitForShutdownSignal } from '../shutdown-signal.ts';
import { CanaryWatch } from './canary-watch.ts';
import { renderTable, statusRows } from './status-table.ts';

/** The parsed flags of `glidepath status`. */
export interface StatusFlags {
  namespace?: string;
  allNamespaces?: boolean;
  watch?: boolean;
  kubeconfig?: string;
  context?: string;
}

interface Scope {
  namespace: string | null;
  name: string | undefined;
}

function select(canaries: readonly Canary[], scope: Scope): Canary[] {
  return canaries.filter((c) => scope.name === undefined || c.metadata.name === scope.name);
}

function emptyNote(scope: Scope): string {
  const where = scope.namespace === null ? 'any namespace' : `namespace ${scope.namespace}`;
  return scope.name === undefined ? `no canaries in ${where}` : `no canary named ${scope.name} in ${where}`;
}

function frame(canaries: readonly Canary[], scope: Scope): string {
  const chosen = select(canaries, scope);
  return chosen.length === 0 ? `(${emptyNote(scope)})` : renderTable(statusRows(chosen, Date.now()));
}

async function showOnce(api: CanaryApi, scope: Scope): Promise<void> {
  if (scope.name !== undefined && scope.namespace !== null) {
    const canary = await api.get(scope.namespace, scope.name);
    process.stdout.write(`${renderTable(statusRows([canary], Date.now()))}\n`);
    return;
  }
  const chosen = select(await api.list(scope.namespace), scope);
  if (chosen.length === 0) {
    if (scope.name !== undefined) throw new CliError(`canary ${scope.name}: not found in any namespace`);
    process.stderr.write(`${emptyNote(scope)}\n`);
    return;
  }
  process.stdout.write(`${renderTable(statusRows(chosen, Date.now()))}\n`);
}

function drawer(scope: Scope): (canaries: readonly Canary[]) => void {
  const tty = process.stdout.isTTY;
  let last = '';
  return (canaries) => {
    const text = frame(canaries, scope);
    if (text === last && !tty) return;
    last = text;
    // A terminal gets the table redrawn in place; a pipe gets each new table after a blank line.
    process.stdout.write(tty ? `\x1b[H\x1b[2J${text}\n\n(watching; Ctrl-C to stop)\n` : `${text}\n\n`);
  };
}

async function watch(target: KubeTarget, api: CanaryApi, scope: Scope): Promise<void> {
  const draw = drawer(scope);
  // The first list goes through the CLI's own call, so an unreachable server is one clear error.
  draw(await api.list(scope.namespace));
  const signal = waitForShutdownSignal();
  const live = new CanaryWatch({
    target, api, namespace: scope.namespace, onChange: draw,
    onError: (line) => { process.stderr.write(`${line}\n`); },
  });
  await live.start();
  await signal;
  await live.stop();
}

/** Prints the table once, or keeps it live with --watch. */
export async function runStatus(name: string | undefined, flags: StatusFlags): Promise<void> {
  const target = loadKubeTarget({ kubeconfig: flags.kubeconfig, context: flags.context });
  const scope: Scope = { namespace: flags.allNamespaces === true ? null : flags.namespace ?? target.namespace, name };
  const api = new CanaryApi(target);
  await (flags.watch === true ? watch(target, api, scope) : showOnce(api, scope));
}

