import { expect } from 'chai';
import { Phase, Strategy } from '../machines/release-types.ts';

describe('release-types', () => {
  it('exposes Flagger phase names and the three strategies', () => {
    expect(Object.values(Phase)).to.include.members(['Progressing', 'Succeeded', 'Failed']);
    expect(Object.values(Strategy)).to.deep.equal(['canary', 'blueGreen', 'abTesting']);
  });
});
