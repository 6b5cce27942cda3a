/** Paths inside the Glidepath checkout the CLI runs from (it runs from sources, not a build). */
import { fileURLToPath } from 'node:url';

/** The repository's manifests/ directory. */
export const MANIFESTS_DIR = fileURLToPath(new URL('../../manifests/', import.meta.url));

/** The CRD directories a sandbox pre-installs: Glidepath's CRDs and the Istio ones Glidepath writes. */
export const SANDBOX_CRD_DIRS = Object.freeze([`${MANIFESTS_DIR}crds`, `${MANIFESTS_DIR}istio`]);
