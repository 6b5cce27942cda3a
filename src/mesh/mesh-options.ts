/**
 * Options of the running mesh, checked up front so a bad value fails with a
 * message naming it instead of misbehaving later.
 */
import { SimulationDefaults } from './traffic-simulator.ts';

export interface MeshOptions {
  /** Seed of every random draw (default 1). */
  seed?: number;
  /** Port for /metrics on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Simulation step in ms (default 100). */
  tickMs?: number;
  /** Load per host when its VirtualService has no rps annotation (default 20). */
  defaultRps?: number;
  /** Where warnings and watch failures go (default: stderr). */
  log?: (line: string) => void;
}

/** Thrown for an invalid mesh option; the message names the option and the allowed values. */
export class MeshOptionError extends Error {
  override readonly name = 'MeshOptionError';
}

type NumericOption = 'seed' | 'port' | 'tickMs' | 'defaultRps';

const RULES: Readonly<Record<NumericOption, { fallback: number; ok: (v: number) => boolean; rule: string }>> = Object.freeze({
  seed: { fallback: 1, ok: (v) => Number.isSafeInteger(v), rule: 'must be an integer' },
  port: { fallback: 0, ok: (v) => Number.isInteger(v) && v >= 0 && v <= 65535, rule: 'must be an integer port in [0, 65535]' },
  tickMs: { fallback: 100, ok: (v) => Number.isFinite(v) && v >= 10 && v <= 10_000, rule: 'must be a number of ms in [10, 10000]' },
  defaultRps: { fallback: SimulationDefaults.rps, ok: (v) => Number.isFinite(v) && v >= 0 && v <= 100_000, rule: 'must be requests per second in [0, 100000]' },
});

function read(options: MeshOptions, name: NumericOption): number {
  const { fallback, ok, rule } = RULES[name];
  const value = options[name] ?? fallback;
  if (typeof value !== 'number' || !ok(value)) throw new MeshOptionError(`mesh option ${name}=${String(value)} is invalid: ${rule}`);
  return value;
}

/** Applies defaults and validates every option. */
export function readMeshOptions(options: MeshOptions): Required<MeshOptions> {
  return {
    seed: read(options, 'seed'),
    port: read(options, 'port'),
    tickMs: read(options, 'tickMs'),
    defaultRps: read(options, 'defaultRps'),
    log: options.log ?? ((line: string): void => { process.stderr.write(`${line}\n`); }),
  };
}
