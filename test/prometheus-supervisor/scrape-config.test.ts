import { expect } from 'chai';
import { parse } from 'yaml';
import { renderScrapeConfig, validateScrapeTarget } from '../../src/prometheus-supervisor/scrape-config.ts';

describe('scrape config', () => {
  it('scrapes every target at /metrics in job "mesh" with the given interval', () => {
    const config = parse(renderScrapeConfig(['127.0.0.1:9464', 'localhost:1'], 1000)) as {
      global: Record<string, string>;
      scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[] }[] }[];
    };
    expect(config.global).to.deep.equal({ scrape_interval: '1000ms', evaluation_interval: '1000ms', scrape_timeout: '1000ms' });
    expect(config.scrape_configs[0]?.job_name).to.equal('mesh');
    expect(config.scrape_configs[0]?.metrics_path).to.equal('/metrics');
    expect(config.scrape_configs[0]?.static_configs[0]?.targets).to.deep.equal(['127.0.0.1:9464', 'localhost:1']);
  });

  it('caps the scrape timeout at 10s for long intervals', () => {
    const config = parse(renderScrapeConfig([], 60_000)) as { global: Record<string, string> };
    expect(config.global.scrape_timeout).to.equal('10000ms');
  });

  it('rejects targets that are not host:port', () => {
    for (const bad of ['127.0.0.1', 'http://x:1', 'x:0', 'x:70000', 'a b:80', "x:80'\n- evil:1"]) {
      expect(() => { validateScrapeTarget(bad); }, bad).to.throw(/not a host:port string/);
    }
    expect(() => { validateScrapeTarget('[::1]:9090'); }).to.not.throw();
    expect(() => renderScrapeConfig('127.0.0.1:1' as unknown as string[], 1000)).to.throw(/must be an array/);
    expect(() => renderScrapeConfig([9090 as unknown as string], 1000)).to.throw(/9090 is not a host:port string/);
  });
});
