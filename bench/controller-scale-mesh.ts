// Child process of bench/controller-scale.ts: the simulated mesh on its own event loop, so its
// world rebuilds and metric renders never stall the sandbox API server the controller writes to.
// Reads the kubeconfig from GLIDEPATH_KUBECONFIG, prints `MESH <scrapeTarget>`, stops on SIGTERM.
import { KubeConfig } from '@kubernetes/client-node';
import { startMesh } from '../src/mesh/mesh-simulator.ts';

const kc = new KubeConfig();
kc.loadFromFile(process.env.GLIDEPATH_KUBECONFIG ?? '');
const mesh = await startMesh(kc, { seed: 1, tickMs: 500, defaultRps: 2, log: (line) => { process.stderr.write(`${line}\n`); } });
process.stdout.write(`MESH ${mesh.scrapeTarget}\n`);
process.on('SIGTERM', () => {
  void mesh.stop().then(() => { process.exit(0); });
});
