// `glidepath validate` run as a child process: every example is accepted, every broken
// manifest is rejected with `file:docIndex: field: message`, and bad input is one line on stderr.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { runCli, isOneLineError, stopAllCli } from './cli-process.ts';
import type { CliResult } from './cli-process.ts';

const INVALID_DIR = 'test/fixtures/invalid';
const CLI_FIXTURES = 'test/cli/fixtures';

function expectedFieldOf(file: string): string {
  const field = /^# expect: (\S+)$/m.exec(readFileSync(file, 'utf8'))?.[1];
  if (field === undefined) throw new Error(`${file}: the first line must be "# expect: <field path>"`);
  return field;
}

function problemLines(result: CliResult, file: string): string[] {
  return result.stdout.split('\n').filter((line) => line.startsWith(`${file}:`));
}

// CLI-specific broken manifests: file → [document index, field, message pattern].
const CLI_CASES: readonly (readonly [string, number, string, RegExp])[] = [
  ['multi-document.yaml', 1, 'spec.query', /^Required value$/],
  ['yaml-syntax-error.yaml', 0, '(yaml)', /Flow map .* at line 7, column 3$/],
  ['duplicate-key.yaml', 0, '(yaml)', /^Map keys must be unique at line 9, column 3$/],
  ['unknown-glidepath-kind.yaml', 0, 'kind', /^Unsupported value: "Rollout": supported values: "Canary", "MetricTemplate", "AlertProvider"$/],
  ['missing-kind.yaml', 0, 'kind', /^Required value$/],
  ['not-a-mapping.yaml', 0, '(document)', /must be a Kubernetes object \(a mapping\)$/],
  ['flagger-api-version.yaml', 0, 'apiVersion', /this is Flagger's API; change it to "glidepath\.dev\/v1alpha1"/],
  ['unknown-version.yaml', 0, 'apiVersion', /^Unsupported value: "glidepath\.dev\/v1": supported values: "glidepath\.dev\/v1alpha1"/],
  ['second-document-bad-weight.yaml', 2, 'spec.analysis.stepWeights[2]', /^Invalid value: 20: must be greater than the previous step 30/],
];

describe('glidepath validate', function () {
  this.timeout(60_000);
  after(async () => { await stopAllCli(); });

  it('accepts every file in manifests/examples/ and notes the kinds it skips', async () => {
    const result = await runCli(['validate', 'manifests/examples/']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal('');
    const examples = readdirSync('manifests/examples').filter((f) => f.endsWith('.yaml'));
    expect(examples.length).to.be.at.least(5);
    expect(result.stderr).to.match(new RegExp(`checked in ${examples.length} files: all valid`));
    expect(result.stderr).to.include('podinfo-deployment.yaml:0: note: skipped apps/v1 Deployment: not a Glidepath resource');
  });

  describe('the API fixtures in test/fixtures/invalid/', () => {
    const files = readdirSync(INVALID_DIR).filter((f) => f.endsWith('.yaml')).sort().map((f) => `${INVALID_DIR}/${f}`);
    let result: CliResult;
    before(async () => { result = await runCli(['validate', ...files]); });

    it('are at least ten, and the run fails with a count on stderr', () => {
      expect(files.length).to.be.at.least(10);
      expect(result.code).to.equal(1);
      expect(result.stderr).to.match(new RegExp(`error: \\d+ problems found \\(${files.length} resources checked in ${files.length} files\\)`));
    });

    for (const file of files) {
      it(`rejects ${file} at its expected field`, () => {
        const lines = problemLines(result, file);
        expect(lines, result.stdout).to.not.be.empty;
        for (const line of lines) expect(line.startsWith(`${file}:0: ${expectedFieldOf(file)}: `), line).to.equal(true);
      });
    }
  });

  describe('the CLI fixtures in test/cli/fixtures/', () => {
    let result: CliResult;
    before(async () => { result = await runCli(['validate', CLI_FIXTURES]); });

    for (const [name, docIndex, field, message] of CLI_CASES) {
      it(`rejects ${name} at document ${docIndex}, ${field}`, () => {
        const lines = problemLines(result, `${CLI_FIXTURES}/${name}`);
        expect(lines, result.stdout).to.have.length(1);
        const prefix = `${CLI_FIXTURES}/${name}:${docIndex}: ${field}: `;
        expect(lines[0]?.startsWith(prefix), `${lines[0] ?? ''} starts with ${prefix}`).to.equal(true);
        expect(lines[0]?.slice(prefix.length)).to.match(message);
      });
    }

    it('checks the valid documents around a broken one, skips empty documents and notes an empty file', () => {
      expect(problemLines(result, `${CLI_FIXTURES}/second-document-bad-weight.yaml`)).to.have.length(1);
      expect(result.stderr).to.include(`${CLI_FIXTURES}/empty.yaml:0: note: the file holds no YAML documents`);
      expect(result.stderr).to.include(`${CLI_FIXTURES}/multi-document.yaml:2: note: skipped apps/v1 Deployment`);
      expect(result.code).to.equal(1);
    });
  });

  describe('bad input', () => {
    it('a missing file is one line on stderr and exit 1, before anything is checked', async () => {
      const result = await runCli(['validate', 'manifests/examples/podinfo-canary.yaml', 'no/such/file.yaml']);
      expect(result.code).to.equal(1);
      expect(result.stdout).to.equal('');
      expect(result.stderr.trim()).to.equal('error: no/such/file.yaml: no such file or directory');
    });

    it('no file at all is a usage error', async () => {
      const result = await runCli(['validate']);
      expect(result.code).to.equal(1);
      expect(isOneLineError(result.stderr), result.stderr).to.equal(true);
      expect(result.stderr).to.match(/missing required argument 'file'/);
    });

    it('a directory without manifests is named', async () => {
      const result = await runCli(['validate', 'src/cli/commands']);
      expect(result.code).to.equal(1);
      expect(result.stderr.trim()).to.equal('error: src/cli/commands: the directory holds no .yaml, .yml or .json files');
    });

    it('an unknown flag is one line naming it', async () => {
      const result = await runCli(['validate', '--strictly', 'manifests/examples']);
      expect(result.code).to.equal(1);
      expect(isOneLineError(result.stderr), result.stderr).to.equal(true);
      expect(result.stderr).to.match(/unknown option '--strictly'/);
    });

    it('--help describes the output format', async () => {
      const result = await runCli(['validate', '--help']);
      expect(result.code).to.equal(0);
      expect(result.stdout).to.include('file:docIndex: field: message');
    });
  });
});
