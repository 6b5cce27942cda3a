import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { PrometheusClient } from '../../src/telemetry/index.ts';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

// Plays a misbehaving or authenticating HTTP endpoint; real query results come from real Prometheus in other tests.
async function startHttp(handler: Handler, seen: Seen[]): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const OK_BODY = JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1, '7'] } });

describe('prometheus client', () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  let silent: TcpServer | undefined;
  const seen: Seen[] = [];

  afterEach(() => { seen.length = 0; });
  after(async () => {
    for (const s of sockets) s.destroy();
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
    if (silent !== undefined) await new Promise((resolve) => silent?.close(resolve));
  });

  async function serve(handler: Handler): Promise<string> {
    const { url, server } = await startHttp(handler, seen);
    servers.push(server);
    return url;
  }

  it('sends GET with the query and a bearer token, keeping a path prefix', async () => {
    const url = await serve((_req, res) => res.end(OK_BODY));
    const client = new PrometheusClient({ address: `${url}/prom/`, auth: { type: 'bearer', token: 'tok' } });
    expect(await client.query('up == 1', new Date(1_700_000_000_500))).to.deep.equal({ kind: 'value', value: 7 });
    expect(seen[0]).to.deep.include({ method: 'GET', authorization: 'Bearer tok' });
    const sent = new URL(seen[0]!.url, url);
    expect(sent.pathname).to.equal('/prom/api/v1/query');
    expect(sent.searchParams.get('query')).to.equal('up == 1');
    expect(sent.searchParams.get('time')).to.equal('1700000000.500');
  });

  it('sends a POST form with basic auth when asked, and for long queries', async () => {
    const url = await serve((_req, res) => res.end(OK_BODY));
    const basic = new PrometheusClient({ address: url, method: 'POST', auth: { type: 'basic', username: 'u', password: 'p' } });
    await basic.query('sum(x)');
    expect(seen[0]).to.deep.include({ method: 'POST', url: '/api/v1/query', authorization: `Basic ${Buffer.from('u:p').toString('base64')}` });
    expect(new URLSearchParams(seen[0]!.body).get('query')).to.equal('sum(x)');
    const long = `sum(x{a="${'y'.repeat(5000)}"})`;
    await new PrometheusClient({ address: url }).query(long);
    expect(seen[1]?.method).to.equal('POST');
    expect(new URLSearchParams(seen[1]!.body).get('query')).to.equal(long);
  });

  it('times out on an endpoint that never answers', async () => {
    silent = createTcpServer((socket) => { sockets.push(socket); });
    await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve));
    const address = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const started = Date.now();
    const outcome = await new PrometheusClient({ address, timeoutMs: 200 }).query('up');
    expect(outcome).to.deep.equal({ kind: 'error', message: `Prometheus at ${address} did not answer within 200ms (timeout)` });
    expect(Date.now() - started).to.be.lessThan(2000);
  });

  it('reports connection refused', async () => {
    const probe = createTcpServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const outcome = await new PrometheusClient({ address: `http://127.0.0.1:${port}` }).query('up');
    expect(outcome).to.have.property('message').that.includes('connection refused').and.includes(`127.0.0.1:${port}`);
  });

  it('reports HTTP errors, rejected credentials and bodies that are not JSON', async () => {
    const url = await serve((req, res) => {
      if (req.url?.includes('html') === true) res.writeHead(502).end('<html>Bad Gateway</html>');
      else if (req.url?.includes('auth') === true) res.writeHead(401).end('Unauthorized');
      else if (req.url?.includes('junk') === true) res.end('{"status": "succ');
      else res.writeHead(503).end(JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'too many queries' }));
    });
    const client = new PrometheusClient({ address: url });
    expect(await client.query('html')).to.have.property('message').that.includes('HTTP 502').and.includes('<html>Bad Gateway</html>');
    expect(await client.query('auth')).to.have.property('message').that.includes('rejected the credentials (HTTP 401)');
    expect(await client.query('junk')).to.have.property('message').that.includes('not JSON');
    expect(await client.query('busy')).to.have.property('message').that.includes('unavailable').and.includes('too many queries');
  });

  it('reports an invalid address on every query instead of throwing', async () => {
    expect(await new PrometheusClient({ address: 'prometheus:9090' }).query('up')).to.have.property('message').that.includes('http or https');
    expect(await new PrometheusClient({ address: 'not a url' }).query('up')).to.have.property('message').that.includes('not a valid URL');
  });
});
