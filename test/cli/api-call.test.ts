// One-line descriptions of failed API calls.
import { expect } from 'chai';
import { ApiException } from '@kubernetes/client-node';
import { apiCall, describeApiFailure } from '../../src/cli/api-call.ts';
import { CliError } from '../../src/cli/cli-error.ts';

const SERVER = 'https://10.0.0.1:6443';

describe('API call failures', () => {
  it('an HTTP status becomes the server\'s Status message, whatever the body form', () => {
    const status = { kind: 'Status', message: 'canaries.glidepath.dev "x" not found', code: 404 };
    expect(describeApiFailure(new ApiException(404, 'nf', JSON.stringify(status), {}), 'canary ns/x', SERVER)).to.equal('canary ns/x: not found (canaries.glidepath.dev "x" not found)');
    expect(describeApiFailure(new ApiException(403, 'f', { message: 'user cannot patch' }, {}), 'annotating', SERVER)).to.equal('annotating: forbidden (403): user cannot patch');
    expect(describeApiFailure(new ApiException(401, 'u', '', {}), 'listing', SERVER)).to.equal("listing: unauthorized (401): the kubeconfig's credentials were rejected");
    expect(describeApiFailure(new ApiException(500, 'e', 'boom', {}), 'listing', SERVER)).to.equal('listing: the API server answered 500: boom');
  });

  it('a connection failure names the server and the error code, also when nested in causes', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:6443'), { code: 'ECONNREFUSED' });
    const wrapped = new Error('request to https://10.0.0.1:6443/apis failed', { cause: refused });
    expect(describeApiFailure(wrapped, 'listing', SERVER)).to.equal(`listing: cannot reach the Kubernetes API server at ${SERVER} (ECONNREFUSED); is it running, and is the kubeconfig right?`);
    expect(describeApiFailure(new Error('getaddrinfo ENOTFOUND nowhere'), 'listing', SERVER)).to.match(/\(ENOTFOUND\)/);
  });

  it('anything else keeps its first line only', () => {
    expect(describeApiFailure(new Error('first\nsecond'), 'x', SERVER)).to.equal('x: first');
  });

  it('apiCall turns failures into CliErrors carrying the cause, and passes results through', async () => {
    expect(await apiCall('x', SERVER, () => Promise.resolve(42))).to.equal(42);
    const cause = new ApiException(404, 'nf', '{}', {});
    const err: unknown = await apiCall('canary ns/x', SERVER, () => Promise.reject(cause)).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(CliError);
    expect((err as CliError).message).to.equal('canary ns/x: not found');
    expect((err as CliError).cause).to.equal(cause);
    expect((err as CliError).exitCode).to.equal(1);
  });
});
