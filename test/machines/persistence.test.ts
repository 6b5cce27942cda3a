import { expect } from 'chai';
import { desiredStateOf } from '../../machines/desired-state.ts';
import { persist, restore, statePaths } from '../../machines/persistence.ts';
import type { MigrationRegistry, PersistedMachine } from '../../machines/persistence.ts';
import { machineEntries } from '../../machines/registry.ts';
import type { ReleaseSnapshot } from '../../machines/registry.ts';
import { canAccept, start, stateOf, step } from '../../machines/run.ts';
import { SnapshotError, SnapshotErrorReason } from '../../machines/snapshot-error.ts';
import { Strategy } from '../../machines/release-types.ts';
import type { ReleaseEvent } from '../../machines/release-types.ts';
import { explore, representativeEvents, visits } from './exploration.ts';
import { Release, configFor } from './release-driver.ts';

function roundTrip(name: string, snapshot: ReleaseSnapshot): ReleaseSnapshot {
  return restore(JSON.parse(JSON.stringify(persist(name, snapshot))) as unknown);
}

function outcome(snapshot: ReleaseSnapshot, event: ReleaseEvent): string {
  const result = step(snapshot, event);
  return JSON.stringify({
    value: result.snapshot.value,
    context: result.snapshot.context,
    changed: result.changed,
    accepted: canAccept(snapshot, event).accepted,
    desired: desiredStateOf(result.snapshot),
  });
}

const PER_STATE = 12;

/** Up to PER_STATE reachable snapshots of every state, spread over the walk's order. */
function sampleEveryState(states: ReleaseSnapshot[]): ReleaseSnapshot[] {
  const byState = new Map<string, ReleaseSnapshot[]>();
  for (const state of states) {
    const key = stateOf(state);
    byState.set(key, [...(byState.get(key) ?? []), state]);
  }
  return [...byState.values()].flatMap((group) => {
    const stride = Math.max(1, Math.floor(group.length / PER_STATE));
    return group.filter((_, index) => index % stride === 0).slice(0, PER_STATE);
  });
}

function expectSnapshotError(run: () => unknown, reason: SnapshotErrorReason, message: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(SnapshotError);
    expect((error as SnapshotError).reason).to.equal(reason);
    expect((error as SnapshotError).message).to.match(message);
    return;
  }
  expect.fail(`expected a SnapshotError (${reason})`);
}

describe('persistence', function () {
  this.timeout(20_000);
  for (const entry of machineEntries()) {
    it(`${entry.name}: persisting and restoring at every reachable state gives the same next transitions`, () => {
      const reachable = visits(explore(entry.machine, entry.strategy)).map(({ state }) => state);
      const states = sampleEveryState(reachable);
      expect(new Set(states.map(stateOf)).size).to.equal(statePaths(entry.machine).length);
      for (const original of states) {
        const restored = roundTrip(entry.name, original);
        expect(restored.value).to.deep.equal(original.value);
        expect(restored.context).to.deep.equal(original.context);
        expect(desiredStateOf(restored)).to.deep.equal(desiredStateOf(original));
        for (const event of representativeEvents(original)) {
          expect(outcome(restored, event), `${stateOf(original)} + ${event.type}`).to.equal(outcome(original, event));
        }
      }
    });
  }

  it('writes {name, version, snapshot} that survives JSON unchanged', () => {
    const release = Release.of(Strategy.BlueGreen).bootstrapped().newRevision('B').tick();
    const persisted = persist('blueGreen', release.snapshot);
    expect(persisted).to.include({ name: 'blueGreen', version: 1 });
    expect(JSON.parse(JSON.stringify(persisted))).to.deep.equal(persisted);
    expect(persisted.snapshot.value).to.deep.equal({ progressing: 'analysing' });
    expect(restore(JSON.stringify(persisted)).context).to.deep.equal(release.snapshot.context);
  });

  describe('refuses what it cannot read exactly', () => {
    const good = (): PersistedMachine => persist('canary', start('canary', configFor(Strategy.Canary), 1_000));

    it('garbage JSON', () => {
      expectSnapshotError(() => restore('{"name": "canary",'), SnapshotErrorReason.Malformed, /not valid JSON/);
      expectSnapshotError(() => restore(42), SnapshotErrorReason.Malformed, /\(root\) must be object/);
      expectSnapshotError(() => restore(null), SnapshotErrorReason.Malformed, /malformed/);
    });

    it('a malformed snapshot, naming the field', () => {
      const noContext = { ...good(), snapshot: { status: 'active', value: 'initializing' } };
      expectSnapshotError(() => restore(noContext), SnapshotErrorReason.Malformed, /snapshot must have required property 'context'/);
      const negative = good();
      negative.snapshot.context.failedChecks = -2;
      expectSnapshotError(() => restore(negative), SnapshotErrorReason.Malformed, /snapshot\.context\.failedChecks must be >= 0/);
      const extra = { ...good(), snapshot: { ...good().snapshot, context: { ...good().snapshot.context, surprise: true } } };
      expectSnapshotError(() => restore(extra), SnapshotErrorReason.Malformed, /snapshot\.context must NOT have additional properties/);
      const done = { ...good(), snapshot: { ...good().snapshot, status: 'done' } };
      expectSnapshotError(() => restore(done), SnapshotErrorReason.Malformed, /snapshot\.status must be equal to constant/);
    });

    it('an unknown machine name', () => {
      expectSnapshotError(() => restore({ ...good(), name: 'rainbow' }), SnapshotErrorReason.UnknownMachine, /unknown machine 'rainbow'/);
      expectSnapshotError(() => persist('rainbow', start('canary', configFor(Strategy.Canary), 0)), SnapshotErrorReason.UnknownMachine, /rainbow/);
      expectSnapshotError(() => persist('blueGreen', start('canary', configFor(Strategy.Canary), 0)), SnapshotErrorReason.UnknownMachine, /belongs to machine 'canary', not 'blueGreen'/);
    });

    it('a newer version, and an older one without a migration', () => {
      expectSnapshotError(() => restore({ ...good(), version: 2 }), SnapshotErrorReason.VersionMismatch, /version 2, newer than this build's version 1/);
      expectSnapshotError(() => restore({ ...good(), version: 0 }), SnapshotErrorReason.VersionMismatch, /no migration from version 0/);
    });

    it('an unknown or incomplete state', () => {
      const unknown = { ...good(), snapshot: { ...good().snapshot, value: 'limbo' } };
      expectSnapshotError(() => restore(unknown), SnapshotErrorReason.UnknownState, /state 'limbo', which version 1 does not have/);
      const parentOnly = { ...good(), snapshot: { ...good().snapshot, value: 'progressing' } };
      expectSnapshotError(() => restore(parentOnly), SnapshotErrorReason.UnknownState, /state 'progressing'/);
      const badChild = { ...good(), snapshot: { ...good().snapshot, value: { progressing: 'dozing' } } };
      expectSnapshotError(() => restore(badChild), SnapshotErrorReason.UnknownState, /progressing\.dozing/);
    });
  });

  it('runs registered migrations one version at a time', () => {
    const seen: number[] = [];
    const registry: MigrationRegistry = {
      canary: {
        0: (old) => {
          seen.push(old.version);
          return { ...old, version: 1, snapshot: { ...old.snapshot, value: 'initialized' } };
        },
      },
    };
    const restored = restore({ ...persist('canary', start('canary', configFor(Strategy.Canary), 0)), version: 0 }, registry);
    expect(seen).to.deep.equal([0]);
    expect(restored.value).to.equal('initialized');
  });
});
