// `glidepath demo` end to end as a child process (the "npm run demo"): the four
// releases, the summary table and exit 0, well under the three-minute budget; plus the
// Prometheus install decision and the demo's bad input.
import { expect } from 'chai';
import { isDebianLike, planPrometheus } from '../../src/cli/demo/prometheus-install.ts';
import { isOneLineError, runCli, spawnCli, stopAllCli } from './cli-process.ts';
import { waitFor } from '../helpers/wait-for.ts';
import type { CliResult } from './cli-process.ts';

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';
const UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n';
const MINT = 'NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\n';
const FEDORA = 'NAME="Fedora Linux"\nID=fedora\n';

function summaryRow(result: CliResult, release: string): string[] {
  const line = result.stdout.split('\n').find((l) => l.startsWith(`${release} `)) ?? '';
  return line.split(/\s{3,}/);
}

describe('glidepath demo', function () {
  this.timeout(240_000);
  after(async () => { await stopAllCli(); });

  describe('the four-release scenario', () => {
    let result: CliResult;
    let seconds = 0;
    before(async function () {
      this.timeout(200_000);
      const started = Date.now();
      result = await runCli(['demo', '--interval', '2s'], { timeoutMs: 180_000 });
      seconds = (Date.now() - started) / 1000;
    });

    it('exits 0 in under three minutes', () => {
      expect(result.code, `${result.stdout}\n${result.stderr}`).to.equal(0);
      expect(seconds).to.be.below(180);
      expect(result.stdout).to.match(/Every release did what it should, in \d+s\./);
    });

    it('prints the status page URL first', () => {
      const first = result.stdout.split('\n').find((l) => l.startsWith('status page:'));
      expect(first).to.match(/^status page: {3}http:\/\/127\.0\.0\.1:\d+ {2}\(actions token: [0-9a-f]{36}\)$/);
      expect(result.stdout.indexOf('status page:')).to.be.below(result.stdout.indexOf('[1/4]'));
    });

    it('narrates the steps with weights and check values', () => {
      for (const heading of ['[1/4] podinfo v1', '[2/4] release v2', '[3/4] release v3', '[4/4] release v4']) expect(result.stdout).to.include(heading);
      expect(result.stdout).to.match(/Progressing, canary weight 40%/);
      expect(result.stdout).to.match(/check request-success-rate = 100 \(min 99\): Successful/);
      expect(result.stdout).to.match(/check request-success-rate = \d+(\.\d+)? \(min 99\): Failed/);
      expect(result.stdout).to.match(/\$ glidepath promote podinfo -n demo\ndemo\/podinfo: promote done: /);
    });

    it('summarises: v2 promoted through 20-40-60, v3 rolled back with v2 serving, v4 promoted by hand', () => {
      const v2 = summaryRow(result, 'v2');
      expect(v2.slice(0, 5)).to.deep.equal(['v2', 'healthy', 'Succeeded, primary v2', 'Succeeded', '0→20→40→60→0']);
      const v3 = summaryRow(result, 'v3');
      expect(v3[3]).to.equal('Failed');
      expect(v3[5]).to.equal('2');
      expect(v3[7]).to.equal('v2');
      const v4 = summaryRow(result, 'v4');
      expect([v4[3], v4[7], v4.at(-1)]).to.deep.equal(['Succeeded', 'v4', 'yes']);
      for (const release of ['v1', 'v2', 'v3']) expect(summaryRow(result, release).at(-1), release).to.equal('yes');
    });
  });

  it('--keep leaves the sandbox and the page running until Ctrl-C, then stops them', async function () {
    this.timeout(200_000);
    const demo = spawnCli(['demo', '--keep'], { timeoutMs: 180_000 });
    const page = (await demo.waitForStdout(/^status page: {3}(http:\/\/127\.0\.0\.1:\d+)/m, 'the status page URL', 60_000))[1] ?? '';
    await demo.waitForStdout(/--keep: everything keeps running for exploration; Ctrl-C stops it\./, 'the --keep line', 170_000);
    const list = await (await fetch(`${page}/api/canaries`)).json() as { canaries: { name: string; phase: string }[] };
    expect(list.canaries.map((c) => `${c.name} ${c.phase}`)).to.deep.equal(['podinfo Succeeded']);
    demo.signal('SIGINT');
    const result = await demo.exited;
    expect(result.code, result.stderr).to.equal(0);
    await waitFor(() => fetch(page).then(() => false, () => true), { what: 'the status page to stop', timeoutMs: 5000 });
  });

  describe('bad input', () => {
    it('an interval that is not whole seconds is refused', async () => {
      const result = await runCli(['demo', '--interval', '1500ms']);
      expect(result.code).to.equal(1);
      expect(isOneLineError(result.stderr), result.stderr).to.equal(true);
      expect(result.stderr).to.match(/option '--interval <duration>' argument '1500ms' is invalid\. Expected whole seconds of at least 1s/);
    });

    it('a PROMETHEUS_BIN that does not exist is named, and nothing is installed', async () => {
      const result = await runCli(['demo'], { env: { PROMETHEUS_BIN: '/nonexistent/prometheus' } });
      expect(result.code).to.equal(1);
      expect(isOneLineError(result.stderr), result.stderr).to.equal(true);
      expect(result.stderr.trim()).to.equal('error: PROMETHEUS_BIN=/nonexistent/prometheus is not an executable Prometheus binary; fix it or unset it');
    });
  });

  describe('when Prometheus is missing', () => {
    const noPath = { PATH: '/nonexistent' };

    it('uses the binary it finds', () => {
      const plan = planPrometheus({ env: process.env, uid: 1000, osRelease: FEDORA });
      expect(plan.action).to.equal('use');
    });

    it('installs the Debian package as root on Debian, Ubuntu and their derivatives', () => {
      for (const osRelease of [DEBIAN, UBUNTU, MINT]) {
        expect(isDebianLike(osRelease), osRelease).to.equal(true);
        expect(planPrometheus({ env: noPath, uid: 0, osRelease })).to.deep.equal({
          action: 'install', commands: [['apt-get', 'update'], ['apt-get', 'install', '-y', '--no-install-recommends', 'prometheus']],
        });
      }
    });

    it('otherwise says exactly what to install', () => {
      const notRoot = planPrometheus({ env: noPath, uid: 1000, osRelease: DEBIAN });
      expect(notRoot).to.deep.include({ action: 'explain' });
      expect((notRoot as { message: string }).message).to.equal('Prometheus is not installed (the demo installs it only when run as root); install it with "sudo apt-get install prometheus" on Debian or Ubuntu, or download it from https://prometheus.io/download/ and set PROMETHEUS_BIN=/path/to/prometheus');
      const fedora = planPrometheus({ env: noPath, uid: 0, osRelease: FEDORA });
      expect((fedora as { message: string }).message).to.match(/^Prometheus is not installed \(this is not Debian or Ubuntu\); install it with "sudo apt-get install prometheus"/);
      expect(isDebianLike(FEDORA)).to.equal(false);
      expect(isDebianLike('')).to.equal(false);
    });
  });
});
