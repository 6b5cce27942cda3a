import { expect } from 'chai';
import type { Deployment, PodTemplate } from '../../../src/controller/k8s-objects/object-shapes.ts';
import { REVISION_ANNOTATION } from '../../../src/controller/k8s-objects/primary-deployment.ts';
import type { PrimarySpec, WantedPrimaryFacts } from '../../../src/controller/reconciler/primary-repair.ts';
import { replicasToRestore, templateRepairPatch, wantedPrimary } from '../../../src/controller/reconciler/primary-repair.ts';
import { convergesAppliedState, objectRepair, restoredEvent } from '../../../src/controller/reconciler/drift-repairs.ts';
import { podinfoCanary } from '../k8s-objects/fixtures.ts';

function template(image: string): PodTemplate {
  return { metadata: { labels: { app: 'podinfo-primary' } }, spec: { containers: [{ name: 'app', image }] } };
}

function primary(revision: string | undefined, image: string, replicas = 2): Deployment {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'podinfo-primary', namespace: 'shop', generation: 4, ...(revision === undefined ? {} : { annotations: { [REVISION_ANNOTATION]: revision } }) },
    spec: { replicas, selector: { matchLabels: { app: 'podinfo-primary' } }, template: template(image) },
  };
}

function facts(overrides: Partial<WantedPrimaryFacts>): WantedPrimaryFacts {
  return { promoting: false, targetRevision: 'v2', promotedRevision: 'v1', recorded: undefined, live: undefined, buildFromTarget: () => template('target:v2'), ...overrides };
}

describe('wantedPrimary', () => {
  it('takes the target\'s template while promoting, before any promotion and when the target is at the promoted revision', () => {
    for (const f of [facts({ promoting: true }), facts({ promotedRevision: null }), facts({ promotedRevision: 'v2' })]) {
      expect(wantedPrimary(f)).to.deep.equal({ revision: 'v2', template: template('target:v2'), fromTarget: true });
    }
  });

  it('mid-release takes the recorded promoted template, never the target\'s', () => {
    const recorded: PrimarySpec = { revision: 'v1', template: template('target:v1'), fromTarget: true };
    let built = 0;
    const wanted = wantedPrimary(facts({ recorded, buildFromTarget: () => { built += 1; return template('target:v2'); } }));
    expect(wanted).to.equal(recorded);
    expect(built, 'the in-flight template is not even built').to.equal(0);
  });

  it('mid-release without a record adopts the live primary when it carries the promoted revision', () => {
    const live = primary('v1', 'live:v1');
    expect(wantedPrimary(facts({ live }))).to.deep.equal({ revision: 'v1', template: template('live:v1'), fromTarget: false });
  });

  it('returns null mid-release when neither a record nor a primary at the promoted revision exists', () => {
    expect(wantedPrimary(facts({}))).to.equal(null);
    expect(wantedPrimary(facts({ live: primary('v2', 'target:v2') }))).to.equal(null);
    expect(wantedPrimary(facts({ recorded: { revision: 'v0', template: template('old'), fromTarget: true } }))).to.equal(null);
  });

  it('reuses a record built from the target at the same revision instead of rebuilding every pass', () => {
    const recorded: PrimarySpec = { revision: 'v2', template: template('target:v2'), fromTarget: true };
    expect(wantedPrimary(facts({ promotedRevision: 'v2', recorded, buildFromTarget: () => { throw new Error('rebuilt'); } }))).to.equal(recorded);
    const adopted: PrimarySpec = { ...recorded, fromTarget: false };
    expect(wantedPrimary(facts({ promotedRevision: 'v2', recorded: adopted }))?.fromTarget, 'an adopted record is rebuilt from the target').to.equal(true);
  });
});

describe('templateRepairPatch', () => {
  const wanted: PrimarySpec = { revision: 'v1', template: template('app:v1'), fromTarget: true };

  it('is null when the live primary holds the template (server defaults added are fine) and the revision annotation', () => {
    const live = primary('v1', 'app:v1');
    (live.spec?.template?.spec?.containers?.[0] as Record<string, unknown>).imagePullPolicy = 'IfNotPresent';
    expect(templateRepairPatch(live, wanted)).to.equal(null);
  });

  it('puts back an edited image with the revision annotation', () => {
    const patch = templateRepairPatch(primary('v1', 'app:hacked'), wanted);
    expect(patch).to.deep.equal({ metadata: { annotations: { [REVISION_ANNOTATION]: 'v1' } }, spec: { template: { spec: { containers: [{ name: 'app', image: 'app:v1' }] } } } });
  });

  it('puts back a removed revision annotation', () => {
    expect(templateRepairPatch(primary(undefined, 'app:v1'), wanted)).to.deep.equal({ metadata: { annotations: { [REVISION_ANNOTATION]: 'v1' } }, spec: { template: {} } });
  });
});

describe('replicasToRestore', () => {
  it('leaves any count of at least 1 alone (the HPA\'s or the operator\'s)', () => {
    expect(replicasToRestore(primary('v1', 'x', 5), 2, 3)).to.equal(null);
    expect(replicasToRestore(primary('v1', 'x', 1), 2, 3)).to.equal(null);
  });

  it('restores a primary scaled to 0 to its last count, else the fallback, never below 1', () => {
    expect(replicasToRestore(primary('v1', 'x', 0), 4, 3)).to.equal(4);
    expect(replicasToRestore(primary('v1', 'x', 0), undefined, 3)).to.equal(3);
    expect(replicasToRestore(primary('v1', 'x', 0), undefined, 0)).to.equal(1);
  });
});

describe('drift repairs', () => {
  it('count as repairs only when the pass converges to an already applied snapshot at the observed generation', () => {
    const canary = podinfoCanary();
    expect(convergesAppliedState(canary), 'first pass: bootstrap').to.equal(false);
    canary.metadata.generation = 2;
    canary.status = { machine: { name: 'canary', version: 1, snapshot: {} }, observedGeneration: 2 };
    expect(convergesAppliedState(canary)).to.equal(true);
    canary.metadata.generation = 3;
    expect(convergesAppliedState(canary), 'a spec change is no drift').to.equal(false);
  });

  it('become Normal Restored Events, or Warning RestoreFailed when they could not be made', () => {
    expect(restoredEvent(objectRepair('Service', 'shop-primary', true))).to.deep.equal({ type: 'Normal', reason: 'Restored', message: 'Service shop-primary restored: it was missing' });
    expect(restoredEvent(objectRepair('VirtualService', 'shop', false, 'canary weight 20%')).message).to.equal('VirtualService shop restored: it differed from the desired state (canary weight 20%)');
    expect(restoredEvent({ kind: 'ConfigMap', name: 'a-primary', what: 'cannot restore it', failed: true })).to.deep.equal({ type: 'Warning', reason: 'RestoreFailed', message: 'ConfigMap a-primary: cannot restore it' });
  });
});
