import type { StateValue } from 'xstate';
import { entryNamed } from './registry.ts';
import type { MachineEntry, ReleaseMachine, ReleaseSnapshot } from './registry.ts';
import { SnapshotError, SnapshotErrorReason } from './snapshot-error.ts';
import { persistedSnapshotProblems } from './snapshot-schema.ts';
import type { ReleaseContext } from './release-types.ts';

/** What `status.machine` holds: which machine, which version of it, and its persisted snapshot. */
export interface PersistedMachine {
  name: string;
  version: number;
  snapshot: PersistedSnapshot;
}

/** XState's persisted snapshot of a release machine, as plain JSON. */
export interface PersistedSnapshot {
  status: 'active';
  value: StateValue;
  context: ReleaseContext;
  historyValue?: Record<string, unknown>;
  children?: Record<string, unknown>;
}

/** Upgrades a persisted machine by exactly one version (from `version` to `version + 1`). */
export type Migration = (persisted: PersistedMachine) => PersistedMachine;
/** Migrations per machine name, keyed by the version they upgrade from. */
export type MigrationRegistry = Readonly<Record<string, Readonly<Record<number, Migration>>>>;

/** No machine has changed shape since version 1, so nothing needs migrating yet. */
export const migrations: MigrationRegistry = Object.freeze({});

function knownEntry(name: string): MachineEntry {
  const entry = entryNamed(name);
  if (entry === undefined) {
    throw new SnapshotError(SnapshotErrorReason.UnknownMachine, `unknown machine '${name}': no such machine is registered`);
  }
  return entry;
}

/** Persists a snapshot for `status.machine`; the result survives JSON.stringify/parse unchanged. */
export function persist(machineName: string, snapshot: ReleaseSnapshot): PersistedMachine {
  const entry = knownEntry(machineName);
  if (snapshot.machine.id !== entry.name) {
    throw new SnapshotError(
      SnapshotErrorReason.UnknownMachine,
      `snapshot belongs to machine '${snapshot.machine.id}', not '${machineName}'`,
    );
  }
  const persisted: unknown = entry.machine.getPersistedSnapshot(snapshot);
  const json = JSON.parse(JSON.stringify(persisted)) as PersistedSnapshot;
  return { name: entry.name, version: entry.version, snapshot: json };
}

function parse(json: unknown): unknown {
  if (typeof json !== 'string') return json;
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new SnapshotError(SnapshotErrorReason.Malformed, `status.machine is not valid JSON: ${detail}`);
  }
}

function checkShape(value: unknown): PersistedMachine {
  const problems = persistedSnapshotProblems(value);
  if (problems.length > 0) {
    throw new SnapshotError(SnapshotErrorReason.Malformed, `status.machine is malformed: ${problems.join('; ')}`);
  }
  return value as PersistedMachine;
}

function migrate(persisted: PersistedMachine, entry: MachineEntry, registry: MigrationRegistry): PersistedMachine {
  const where = `snapshot of machine '${entry.name}' has version ${persisted.version}`;
  if (persisted.version > entry.version) {
    throw new SnapshotError(
      SnapshotErrorReason.VersionMismatch,
      `${where}, newer than this build's version ${entry.version}: refusing to misread it (upgrade the controller)`,
    );
  }
  let current = persisted;
  while (current.version < entry.version) {
    const step = registry[entry.name]?.[current.version];
    if (step === undefined) {
      throw new SnapshotError(
        SnapshotErrorReason.VersionMismatch,
        `${where}, but this build runs version ${entry.version} and has no migration from version ${current.version}`,
      );
    }
    current = checkShape(step(current));
  }
  return current;
}

/** Every state path a machine can be in, like `waiting` or `progressing.analysing`. */
export function statePaths(machine: ReleaseMachine): string[] {
  const paths: string[] = [];
  const visit = (node: { path: string[]; states: Record<string, unknown> }): void => {
    const children = Object.values(node.states) as (typeof node)[];
    if (children.length === 0) paths.push(node.path.join('.'));
    children.forEach(visit);
  };
  visit(machine.root);
  return paths;
}

/** A state value as a dotted path; compound values must name exactly one child per level. */
export function statePathOf(value: StateValue): string {
  if (typeof value === 'string') return value;
  const entries = Object.entries(value);
  const [only] = entries;
  if (entries.length !== 1 || only === undefined || only[1] === undefined) return JSON.stringify(value);
  return `${only[0]}.${statePathOf(only[1])}`;
}

function checkState(persisted: PersistedMachine, machine: ReleaseMachine): void {
  const path = statePathOf(persisted.snapshot.value);
  const known = statePaths(machine);
  if (!known.includes(path)) {
    throw new SnapshotError(
      SnapshotErrorReason.UnknownState,
      `snapshot of machine '${persisted.name}' is in state '${path}', which version ${persisted.version} does not have (states: ${known.join(', ')})`,
    );
  }
}

/**
 * Restores a snapshot persisted by `persist` (as an object or a JSON string).
 * Anything that cannot be read exactly as written throws a SnapshotError:
 * malformed JSON or shape, an unknown machine, a version with no migration,
 * or a state the machine does not have.
 */
export function restore(json: unknown, registry: MigrationRegistry = migrations): ReleaseSnapshot {
  const persisted = checkShape(parse(json));
  const entry = knownEntry(persisted.name);
  const current = migrate(persisted, entry, registry);
  checkState(current, entry.machine);
  return entry.machine.resolveState({ value: current.snapshot.value, context: current.snapshot.context });
}
