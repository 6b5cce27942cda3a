import type { Canary } from '../../api/canary-types.ts';
import { InvalidCanarySpecError, toReleaseConfig } from '../../api/release-config.ts';
import { validateResource } from '../../api/validate-resource.ts';
import { firstAnalysisDelayMs } from './analysis-spread.ts';
import type { ReleaseConfig } from '../../../machines/release-types.ts';

/** A spec the machine can run, or every reason it cannot, each naming its field. */
export type SpecCheck = { ok: true; config: ReleaseConfig } | { ok: false; message: string };

function check(canary: Canary): SpecCheck {
  // Only what the user wrote is judged; status and server metadata are not the user's to fix.
  const causes = validateResource({ apiVersion: canary.apiVersion, kind: canary.kind, metadata: { name: canary.metadata.name }, spec: canary.spec });
  if (causes.length > 0) return { ok: false, message: causes.map((c) => c.message).join('; ') };
  try {
    const config = toReleaseConfig(canary.spec);
    const delay = firstAnalysisDelayMs(canary.metadata.namespace ?? 'default', canary.metadata.name, config.intervalMs);
    return { ok: true, config: { ...config, firstAnalysisDelayMs: delay } };
  } catch (err: unknown) {
    if (err instanceof InvalidCanarySpecError) return { ok: false, message: err.causes.map((c) => c.message).join('; ') };
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/** Validates each Canary generation once: specs only change with the generation, and validation is the costliest pure step. */
export class SpecChecker {
  private readonly memo = new Map<string, { uid: unknown; generation: number; result: SpecCheck }>();

  /** The check for the Canary's current generation. */
  check(key: string, canary: Canary): SpecCheck {
    const generation = canary.metadata.generation ?? -1;
    const known = this.memo.get(key);
    const uid = canary.metadata.uid;
    if (known?.generation === generation && known.uid === uid && generation !== -1) return known.result;
    const result = check(canary);
    this.memo.set(key, { uid, generation, result });
    return result;
  }

  /** Forgets a deleted Canary. */
  forget(key: string): void {
    this.memo.delete(key);
  }
}
