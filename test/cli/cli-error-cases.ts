/**
 * Table-driven bad-input tests for CLI commands: every case runs at once in a `before` hook
 * (they are independent child processes), then each gets its own `it`.
 */
import { expect } from 'chai';
import type { CliResult } from './cli-process.ts';
import { isOneLineError, runCli } from './cli-process.ts';

/** A bad invocation: what it is, its arguments (built when the hook runs), the error line expected. */
export type CliErrorCase = readonly [what: string, args: () => string[], message: RegExp];

/** Registers the cases: each must exit 1 with one stderr line matching its message. Call inside a `describe`. */
export function itFailsWithOneLine(cases: readonly CliErrorCase[]): void {
  const results = new Map<string, CliResult>();
  before(async function () {
    this.timeout(120_000);
    await Promise.all(cases.map(async ([what, args]) => { results.set(what, await runCli(args())); }));
  });
  for (const [what, , message] of cases) {
    it(`${what}: exit 1 and one line`, () => {
      const result = results.get(what);
      if (result === undefined) throw new Error(`${what}: the CLI was not run`);
      expect(result.code, result.stderr).to.equal(1);
      expect(isOneLineError(result.stderr), result.stderr).to.equal(true);
      expect(result.stderr.trim()).to.match(message);
    });
  }
}
