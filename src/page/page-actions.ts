/**
 * The operator actions the page offers, each carried out by the annotation the
 * controller reads (the same one `kubectl annotate` sets), and the kubectl command
 * that does the same from a terminal.
 */
import { ActionAnnotation } from '../controller/reconciler/operator-actions.ts';

/** The actions, in the order the page lists them. */
export const PageAction = Object.freeze({
  Promote: 'promote',
  Abort: 'abort',
  Pause: 'pause',
  Resume: 'resume',
  Retry: 'retry',
} as const);
export type PageAction = (typeof PageAction)[keyof typeof PageAction];

const ACTIONS: readonly PageAction[] = Object.freeze(Object.values(PageAction));

/** What each action does, for the page and for `GET` of the action list. */
export const ACTION_DESCRIPTIONS: Readonly<Record<PageAction, string>> = Object.freeze({
  promote: 'Skip the remaining analysis and promote the canary now.',
  abort: 'Stop the release: all traffic back to the primary, phase Failed.',
  pause: 'Hold traffic where it is and stop analysing until resumed.',
  resume: 'Continue a paused release.',
  retry: 'Run a failed release of the same revision again.',
});

/** The annotation an action sets. */
export function annotationOf(action: PageAction): string {
  return ActionAnnotation[action];
}

/** True when `name` is one of the actions. */
export function isPageAction(name: string): name is PageAction {
  return (ACTIONS as readonly string[]).includes(name);
}

/** Every action name. */
export function pageActions(): readonly PageAction[] {
  return ACTIONS;
}

// Kubernetes names are DNS labels/subdomains, but a shell command deserves quoting anyway.
function shellWord(word: string): string {
  return /^[A-Za-z0-9._/=-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The kubectl command that sets the action's annotation on the Canary, ready to paste. */
export function kubectlCommand(action: PageAction, namespace: string, name: string): string {
  return ['kubectl', 'annotate', 'canary', shellWord(name), '-n', shellWord(namespace), `${annotationOf(action)}=true`, '--overwrite'].join(' ');
}
