// Optional persistence: the whole store as one JSON file, written (debounced) after changes and
// on stop, and loaded at start so a demo survives a restart.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { StoredEntry } from './object-store.ts';
import type { CoreServices } from './sandbox-core.ts';
import { crdBucket } from './crd-controller.ts';

interface SnapshotDocument {
  format: 'glidepath-sandbox-snapshot/v1';
  resourceVersion: number;
  objects: StoredEntry[];
}

function parseSnapshot(path: string): SnapshotDocument {
  let doc: Partial<SnapshotDocument>;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as Partial<SnapshotDocument>;
  } catch (err) {
    throw new Error(`snapshot file ${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (doc.format !== 'glidepath-sandbox-snapshot/v1' || typeof doc.resourceVersion !== 'number' || !Array.isArray(doc.objects)) {
    throw new Error(`snapshot file ${path} is not a glidepath sandbox snapshot (format glidepath-sandbox-snapshot/v1)`);
  }
  return doc as SnapshotDocument;
}

/** Loads a snapshot into a fresh core, if the file exists; returns whether one was loaded. */
export function loadSnapshot(services: CoreServices, path: string): boolean {
  if (!existsSync(path)) return false;
  const doc = parseSnapshot(path);
  const { core } = services;
  core.store.restore(doc.objects.filter((e) => e.resource === crdBucket), doc.resourceVersion);
  services.crds.registerAll();
  core.store.restore(doc.objects.filter((e) => e.resource !== crdBucket), doc.resourceVersion);
  services.gc.indexExisting();
  core.hub.resetHorizon();
  return true;
}

/** Writes the store to a file at most once per `debounceMs` after changes, atomically. */
export class SnapshotWriter {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  constructor(
    private readonly services: CoreServices,
    private readonly path: string,
    private readonly debounceMs = 250,
  ) {
    services.core.store.onChange(() => {
      this.schedule();
    });
  }

  /** Writes now if anything changed since the last write. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    const { store } = this.services.core;
    const doc: SnapshotDocument = { format: 'glidepath-sandbox-snapshot/v1', resourceVersion: store.resourceVersion, objects: store.entries() };
    const tmp = `${this.path}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(doc));
    renameSync(tmp, this.path);
  }

  private schedule(): void {
    this.dirty = true;
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.debounceMs);
    this.timer.unref();
  }
}
