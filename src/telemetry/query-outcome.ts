/** What one instant query produced, reduced to what a check can judge. */
export type QueryOutcome =
  | { kind: 'value'; value: number }
  | { kind: 'no-data'; reason: string }
  | { kind: 'error'; message: string };

/** The three outcome kinds, as constants. */
export const OutcomeKind = Object.freeze({
  Value: 'value',
  NoData: 'no-data',
  Error: 'error',
} as const);
export type OutcomeKind = (typeof OutcomeKind)[keyof typeof OutcomeKind];

/** Anything that can run an instant PromQL query; it resolves to an outcome and never rejects. */
export interface QueryClient {
  query(promql: string): Promise<QueryOutcome>;
}

/** Builds an error outcome. */
export function errorOutcome(message: string): QueryOutcome {
  return { kind: 'error', message };
}
