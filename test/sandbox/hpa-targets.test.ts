import { expect } from 'chai';
import { hpaTargets } from '../../src/sandbox/hpa-targets.ts';

const cpu = (target: number): Record<string, unknown> => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } });

describe('HPA TARGETS cell', () => {
  it('prints <none> without metrics', () => {
    expect(hpaTargets({ spec: {} })).to.equal('<none>');
  });

  it('prints reported current values next to their targets, by position and type', () => {
    const hpa = {
      spec: { metrics: [cpu(60), { type: 'Object', object: { metric: { name: 'hits' }, target: { type: 'AverageValue', averageValue: '10' } } }] },
      status: { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 42 } } }, { type: 'Object', object: { current: { averageValue: '7' } } }] },
    };
    expect(hpaTargets(hpa)).to.equal('cpu: 42%/60%, 7/10 (avg)');
  });

  it('shows four metrics and counts the rest', () => {
    expect(hpaTargets({ spec: { metrics: [cpu(1), cpu(2), cpu(3), cpu(4), cpu(5), cpu(6)] } }))
      .to.equal('cpu: <unknown>/1%, cpu: <unknown>/2%, cpu: <unknown>/3%, cpu: <unknown>/4% + 2 more...');
  });
});
