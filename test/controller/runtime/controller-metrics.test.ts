import { expect } from 'chai';
import { register as globalRegistry } from 'prom-client';
import { canaryStatusValue, ControllerMetrics } from '../../../src/controller/runtime/controller-metrics.ts';

describe('ControllerMetrics', () => {
  it('exposes every glidepath metric name on its own registry, not the global one', async () => {
    const metrics = new ControllerMetrics();
    metrics.setCanaryStatus('shop', 'podinfo', 'Progressing');
    metrics.setCanaryWeight('shop', 'podinfo', 20);
    metrics.observeReleaseDuration('shop', 'podinfo', 95);
    metrics.setCanaryTotals(new Map([['shop', 3]]));
    metrics.setMetricAnalysis('shop', 'podinfo', 'request-success-rate', 99.5);
    metrics.recordReconcile('requeue_after', 0.004);
    metrics.recordReconcile('error', 0.02);
    metrics.setQueueDepth(7);
    metrics.setLeader(true);
    const text = await metrics.exposition();
    for (const name of [
      'glidepath_canary_status', 'glidepath_canary_weight', 'glidepath_canary_duration_seconds', 'glidepath_canary_total',
      'glidepath_canary_metric_analysis', 'glidepath_reconcile_total', 'glidepath_reconcile_errors_total',
      'glidepath_reconcile_duration_seconds', 'glidepath_workqueue_depth', 'glidepath_leader', 'process_cpu_seconds_total',
      'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text, name).to.include(`# TYPE ${name} `);
    }
    expect(text).to.include('glidepath_canary_status{namespace="shop",name="podinfo"} 0');
    expect(text).to.include('glidepath_canary_weight{namespace="shop",workload="podinfo"} 20');
    expect(text).to.include('glidepath_canary_total{namespace="shop"} 3');
    expect(text).to.include('glidepath_canary_metric_analysis{namespace="shop",name="podinfo",metric="request-success-rate"} 99.5');
    expect(text).to.include('glidepath_reconcile_total{result="requeue_after"} 1');
    expect(text).to.include('glidepath_reconcile_errors_total 1');
    expect(text).to.include('glidepath_reconcile_duration_seconds_count 2');
    expect(text).to.include('glidepath_canary_duration_seconds_bucket{le="120",namespace="shop",name="podinfo"} 1');
    expect(text).to.include('glidepath_workqueue_depth 7');
    expect(await globalRegistry.metrics()).to.not.include('glidepath_');
  });

  it('keeps two instances apart', async () => {
    const a = new ControllerMetrics({ defaultMetrics: false });
    const b = new ControllerMetrics({ defaultMetrics: false });
    a.setQueueDepth(5);
    expect(await b.exposition()).to.include('glidepath_workqueue_depth 0');
  });

  it('uses Flagger\'s status encoding', () => {
    expect(canaryStatusValue('Progressing')).to.equal(0);
    expect(canaryStatusValue('Promoting')).to.equal(0);
    expect(canaryStatusValue('Succeeded')).to.equal(1);
    expect(canaryStatusValue('Initialized')).to.equal(1);
    expect(canaryStatusValue('Failed')).to.equal(2);
  });

  it('forgets a deleted canary\'s series, and drops an analysis value with no data', async () => {
    const metrics = new ControllerMetrics({ defaultMetrics: false });
    metrics.setCanaryStatus('shop', 'podinfo', 'Succeeded');
    metrics.setCanaryWeight('shop', 'podinfo', 0);
    metrics.setMetricAnalysis('shop', 'podinfo', 'request-duration', 120);
    metrics.setMetricAnalysis('shop', 'podinfo', 'request-success-rate', 100);
    metrics.setMetricAnalysis('shop', 'podinfo', 'request-success-rate', null);
    let text = await metrics.exposition();
    expect(text).to.not.include('metric="request-success-rate"');
    expect(text).to.include('metric="request-duration"');
    metrics.forgetCanary('shop', 'podinfo', 'podinfo');
    text = await metrics.exposition();
    expect(text).to.not.include('name="podinfo"');
    expect(text).to.not.include('workload="podinfo"');
  });

  it('feeds the work queue hooks into reconcile and depth metrics', async () => {
    const metrics = new ControllerMetrics({ defaultMetrics: false });
    const hooks = metrics.workQueueHooks();
    hooks.onDepth?.(4);
    hooks.onReconciled?.('shop/podinfo', 'success', 12);
    const text = await metrics.exposition();
    expect(text).to.include('glidepath_workqueue_depth 4');
    expect(text).to.include('glidepath_reconcile_total{result="success"} 1');
    expect(text).to.include('glidepath_reconcile_duration_seconds_bucket{le="0.025"} 1');
    expect(text).to.include('glidepath_reconcile_duration_seconds_bucket{le="0.01"} 0');
  });

  it('counts Event outcomes by label', async () => {
    const metrics = new ControllerMetrics({ defaultMetrics: false });
    metrics.countEvent('created');
    metrics.countEvent('created');
    metrics.countEvent('dropped');
    const text = await metrics.exposition();
    expect(text).to.include('glidepath_events_total{outcome="created"} 2');
    expect(text).to.include('glidepath_events_total{outcome="dropped"} 1');
  });
});
