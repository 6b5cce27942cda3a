import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { validateResource } from '../../src/api/validate-resource.ts';

const fixturesDir = fileURLToPath(new URL('../fixtures/invalid/', import.meta.url));

interface Fixture {
  file: string;
  field: string;
  reason: string | undefined;
  doc: unknown;
}

function readFixture(file: string): Fixture {
  const text = readFileSync(`${fixturesDir}${file}`, 'utf8');
  const field = /^# expect: (\S+)$/m.exec(text.split('\n')[0] ?? '')?.[1];
  if (field === undefined) throw new Error(`${file}: the first line must be "# expect: <field path>"`);
  const reason = /^# reason: (\S+)$/m.exec(text)?.[1];
  return { file, field, reason, doc: parse(text) };
}

describe('invalid specs', () => {
  const fixtures = readdirSync(fixturesDir).filter((file) => file.endsWith('.yaml')).sort().map(readFixture);

  it('there are at least twelve', () => {
    expect(fixtures.length).to.be.at.least(12);
  });

  for (const fixture of fixtures) {
    it(`${fixture.file} is rejected at ${fixture.field}, and only there`, () => {
      const causes = validateResource(fixture.doc);
      expect(causes, 'rejected').to.not.be.empty;
      for (const cause of causes) {
        expect(cause.field, `unexpected cause: ${cause.message}`).to.equal(fixture.field);
        expect(cause.message.startsWith(`${fixture.field}: `), `message names the field: ${cause.message}`).to.equal(true);
        if (fixture.reason !== undefined) expect(cause.reason, cause.message).to.equal(fixture.reason);
      }
    });
  }
});
