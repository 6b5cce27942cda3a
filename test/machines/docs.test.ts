import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { statePaths } from '../../machines/persistence.ts';
import { machineEntries } from '../../machines/registry.ts';
import { canaryMachine } from '../../machines/canary-machine.ts';

const doc = readFileSync(new URL('../../docs/machines.md', import.meta.url), 'utf8');

describe('docs/machines.md', () => {
  it('names every state, guard and action the machines declare', () => {
    const { guards, actions } = canaryMachine.implementations;
    const names = [
      ...machineEntries().flatMap((entry) => statePaths(entry.machine)),
      ...Object.keys(guards),
      ...Object.keys(actions),
    ];
    const missing = [...new Set(names)].filter((name) => !doc.includes(`\`${name}\``));
    expect(missing, `undocumented: ${missing.join(', ')}`).to.deep.equal([]);
  });

  it('lists every registered machine with its version', () => {
    for (const entry of machineEntries()) {
      expect(doc).to.match(new RegExp(`\\| \`${entry.name}\` \\| ${entry.version} \\|`));
    }
  });
});
