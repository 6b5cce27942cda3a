import { expect } from 'chai';
import { MatchCompileError, compileMatchEntry, compileRouteMatch, selectRoute } from '../../src/mesh/route-matcher.ts';
import { makeRequest } from '../../src/mesh/request-mix.ts';
import { loadgenSource } from '../../src/mesh/world-model.ts';
import type { HttpMatchRequest, HttpRoute } from '../../src/mesh/istio-types.ts';

const source = loadgenSource('shop');

function fits(entry: HttpMatchRequest, extra: Parameters<typeof makeRequest>[1]): boolean {
  return compileMatchEntry(entry)(makeRequest('app', extra), source);
}

describe('mesh route matcher', () => {
  describe('headers', () => {
    it('exact matches only the identical value', () => {
      const entry = { headers: { 'x-canary': { exact: 'insider' } } };
      expect(fits(entry, { headers: { 'x-canary': 'insider' } })).to.equal(true);
      expect(fits(entry, { headers: { 'x-canary': 'insider2' } })).to.equal(false);
      expect(fits(entry, {})).to.equal(false);
    });
    it('names are case-insensitive, values are not', () => {
      const entry = { headers: { 'X-Canary': { exact: 'Insider' } } };
      expect(fits(entry, { headers: { 'x-CANARY': 'Insider' } })).to.equal(true);
      expect(fits(entry, { headers: { 'x-canary': 'insider' } })).to.equal(false);
    });
    it('prefix matches the start of the value', () => {
      const entry = { headers: { 'user-agent': { prefix: 'Mozilla/' } } };
      expect(fits(entry, { headers: { 'user-agent': 'Mozilla/5.0' } })).to.equal(true);
      expect(fits(entry, { headers: { 'user-agent': 'curl/8' } })).to.equal(false);
    });
    it('regex must match the whole value (RE2 full match, like Envoy)', () => {
      const entry = { headers: { 'x-user': { regex: 'beta-[0-9]+' } } };
      expect(fits(entry, { headers: { 'x-user': 'beta-42' } })).to.equal(true);
      expect(fits(entry, { headers: { 'x-user': 'xbeta-42' } })).to.equal(false);
      expect(fits(entry, { headers: { 'x-user': 'beta-42x' } })).to.equal(false);
    });
    it('all conditions of one entry must hold', () => {
      const entry = { headers: { a: { exact: '1' }, b: { exact: '2' } } };
      expect(fits(entry, { headers: { a: '1', b: '2' } })).to.equal(true);
      expect(fits(entry, { headers: { a: '1' } })).to.equal(false);
    });
    it('withoutHeaders holds when the header is absent or does not match', () => {
      const entry = { withoutHeaders: { 'x-canary': { exact: 'insider' } } };
      expect(fits(entry, {})).to.equal(true);
      expect(fits(entry, { headers: { 'x-canary': 'other' } })).to.equal(true);
      expect(fits(entry, { headers: { 'x-canary': 'insider' } })).to.equal(false);
    });
  });

  describe('uri', () => {
    it('exact, prefix and regex look at the path without the query', () => {
      expect(fits({ uri: { exact: '/api' } }, { uri: '/api?x=1' })).to.equal(true);
      expect(fits({ uri: { exact: '/api' } }, { uri: '/api/v2' })).to.equal(false);
      expect(fits({ uri: { prefix: '/api' } }, { uri: '/api/v2' })).to.equal(true);
      expect(fits({ uri: { prefix: '/api' } }, { uri: '/' })).to.equal(false);
      expect(fits({ uri: { regex: '/users/[0-9]+' } }, { uri: '/users/17' })).to.equal(true);
      expect(fits({ uri: { regex: '/users/[0-9]+' } }, { uri: '/users/17/orders' })).to.equal(false);
    });
    it('ignoreUriCase folds case', () => {
      expect(fits({ uri: { prefix: '/API' }, ignoreUriCase: true }, { uri: '/api/x' })).to.equal(true);
      expect(fits({ uri: { prefix: '/API' } }, { uri: '/api/x' })).to.equal(false);
    });
    it('query parameters match by name', () => {
      expect(fits({ queryParams: { beta: { exact: 'on' } } }, { uri: '/x?beta=on' })).to.equal(true);
      expect(fits({ queryParams: { beta: { exact: 'on' } } }, { uri: '/x?beta=off' })).to.equal(false);
    });
  });

  describe('cookies (through the cookie header)', () => {
    // Browsers join cookies with "; ", so the regex allows the space.
    const flaggerCookie = { headers: { cookie: { regex: '^(.*?;\\s*)?(canary=always)(;.*)?$' } } };
    it('a regex on the cookie header finds one cookie among several', () => {
      expect(fits(flaggerCookie, { cookies: { session: 'abc', canary: 'always', theme: 'dark' } })).to.equal(true);
      expect(fits(flaggerCookie, { cookies: { canary: 'always' } })).to.equal(true);
      expect(fits(flaggerCookie, { cookies: { canary: 'never' } })).to.equal(false);
      expect(fits(flaggerCookie, {})).to.equal(false);
    });
  });

  describe('route selection', () => {
    const routes: HttpRoute[] = [
      { match: [{ headers: { 'x-canary': { exact: 'insider' } } }, { uri: { prefix: '/beta' } }], route: [{ destination: { host: 'app-canary' } }] },
      { route: [{ destination: { host: 'app-primary' } }] },
    ];
    const predicates = routes.map((r, i) => compileRouteMatch(r, i));
    it('any one entry of a match list is enough', () => {
      expect(selectRoute(predicates, makeRequest('app', { headers: { 'x-canary': 'insider' } }), source)).to.equal(0);
      expect(selectRoute(predicates, makeRequest('app', { uri: '/beta/x' }), source)).to.equal(0);
    });
    it('a route without match is a catch-all, and the first fitting route wins', () => {
      expect(selectRoute(predicates, makeRequest('app'), source)).to.equal(1);
      const catchAllFirst = [routes[1]!, routes[0]!].map((r, i) => compileRouteMatch(r, i));
      expect(selectRoute(catchAllFirst, makeRequest('app', { headers: { 'x-canary': 'insider' } }), source)).to.equal(0);
    });
    it('returns -1 when nothing fits', () => {
      expect(selectRoute([predicates[0]!], makeRequest('app'), source)).to.equal(-1);
    });
    it('sourceLabels, sourceNamespace and gateways see the mesh load generator', () => {
      expect(fits({ sourceLabels: { app: 'loadgen' } }, {})).to.equal(true);
      expect(fits({ sourceLabels: { app: 'frontend' } }, {})).to.equal(false);
      expect(fits({ sourceNamespace: 'other' }, {})).to.equal(false);
      expect(fits({ gateways: ['mesh'] }, {})).to.equal(true);
      expect(fits({ gateways: ['public-gateway'] }, {})).to.equal(false);
    });
    it('an invalid regex is a compile error naming the field', () => {
      expect(() => compileRouteMatch({ match: [{ headers: { x: { regex: '(' } } }] }, 2)).to.throw(MatchCompileError, /http\[2\]\.match\[0\]\.headers\.x\.regex/);
    });
  });
});
