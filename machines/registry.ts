import type { SnapshotFrom } from 'xstate';
import { abTestingMachine } from './ab-testing-machine.ts';
import { blueGreenMachine } from './blue-green-machine.ts';
import { canaryMachine } from './canary-machine.ts';
import { Strategy } from './release-types.ts';

/**
 * Any of the release machines. Built from one setup with the same state names,
 * they share one type; the registry entries below would not compile otherwise.
 */
export type ReleaseMachine = typeof canaryMachine;
/** A snapshot of any release machine. */
export type ReleaseSnapshot = SnapshotFrom<ReleaseMachine>;

/** A machine with the name and version its persisted snapshots carry. */
export interface MachineEntry {
  /** Stored in `status.machine.name`; equal to the strategy. */
  name: string;
  /** Bumped whenever a state's meaning changes, so old snapshots are migrated or refused. */
  version: number;
  strategy: Strategy;
  machine: ReleaseMachine;
}

const entries: readonly MachineEntry[] = Object.freeze([
  Object.freeze({ name: canaryMachine.id, version: 1, strategy: Strategy.Canary, machine: canaryMachine }),
  Object.freeze({ name: blueGreenMachine.id, version: 1, strategy: Strategy.BlueGreen, machine: blueGreenMachine }),
  Object.freeze({ name: abTestingMachine.id, version: 1, strategy: Strategy.ABTesting, machine: abTestingMachine }),
]);

/** Thrown when a strategy name is not one of ours. */
export class UnknownStrategyError extends Error {
  override readonly name = 'UnknownStrategyError';
}

/** Every registered machine, in strategy order. */
export function machineEntries(): readonly MachineEntry[] {
  return entries;
}

/** The registry entry for a strategy; throws UnknownStrategyError naming the allowed values. */
export function entryForStrategy(strategy: string): MachineEntry {
  const entry = entries.find((candidate) => candidate.strategy === strategy);
  if (entry === undefined) {
    const allowed = entries.map((candidate) => candidate.strategy).join(', ');
    throw new UnknownStrategyError(`unknown strategy '${strategy}': expected one of ${allowed}`);
  }
  return entry;
}

/** The machine that runs a strategy; throws UnknownStrategyError for anything else. */
export function machineFor(strategy: string): ReleaseMachine {
  return entryForStrategy(strategy).machine;
}

/** The registry entry whose persisted name is `name`, or undefined. */
export function entryNamed(name: string): MachineEntry | undefined {
  return entries.find((candidate) => candidate.name === name);
}

/** The strategy a snapshot's machine runs. */
export function strategyOf(snapshot: ReleaseSnapshot): Strategy {
  return entryForStrategy(snapshot.machine.id).strategy;
}
