import type { Deployment } from './object-shapes.ts';
import { ObjectBuildError } from './ownership.ts';

/** Label keys tried first, in order, as the one that tells primary pods from canary pods (Flagger's defaults). */
export const PREFERRED_SELECTOR_KEYS: readonly string[] = Object.freeze(['app', 'name', 'app.kubernetes.io/name']);

/** The suffix added to the selector label's value on the primary. */
export const PRIMARY_SUFFIX = '-primary';

/** The label that separates the primary's pods from the canary's. */
export interface SelectorLabel {
  key: string;
  /** The target's (canary's) value. */
  value: string;
  /** The primary's value: `value` + `-primary`. */
  primaryValue: string;
}

/**
 * Returns the target's selector label: the first of `app`, `name`, `app.kubernetes.io/name` in
 * `spec.selector.matchLabels`, else its alphabetically first key. Throws ObjectBuildError when the
 * target has no matchLabels (primary and canary pods could not be told apart).
 */
export function selectorLabel(target: Deployment): SelectorLabel {
  const matchLabels = target.spec?.selector?.matchLabels ?? {};
  const keys = Object.keys(matchLabels);
  const key = PREFERRED_SELECTOR_KEYS.find((k) => k in matchLabels) ?? [...keys].sort()[0];
  if (key === undefined) {
    throw new ObjectBuildError(`Deployment ${target.metadata.name}: spec.selector.matchLabels is empty; Glidepath needs a label (for example app) to tell primary pods from canary pods`);
  }
  const value = matchLabels[key] ?? '';
  return { key, value, primaryValue: `${value}${PRIMARY_SUFFIX}` };
}
