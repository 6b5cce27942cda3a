// limit/continue paging. The first page of a limited list remembers the full, already filtered
// result (an array of references to immutable stored objects, so it is cheap); continue tokens
// point into it, which gives every page the same consistent resourceVersion, as etcd does.
import { randomUUID } from 'node:crypto';
import type { KubeObject } from './resource-type.ts';
import { badRequest, expired } from './status-errors.ts';

/** One page of a list. */
export interface Page {
  items: KubeObject[];
  resourceVersion: number;
  continueToken?: string;
  remainingItemCount?: number;
}

interface Snapshot {
  items: KubeObject[];
  resourceVersion: number;
  expiresAt: number;
}

interface Token {
  id: string;
  offset: number;
}

/** Tunables of the pager. */
export interface PagerOptions {
  ttlMs: number;
  maxSnapshots: number;
}

function encodeToken(token: Token): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(text: string): Token {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Token>;
    if (typeof parsed.id === 'string' && typeof parsed.offset === 'number' && parsed.offset >= 0) return { id: parsed.id, offset: parsed.offset };
  } catch {
    // fall through to the error below
  }
  throw badRequest(`continue key is not valid: "${text}"`);
}

/** Parses `limit`; 0 or absent means unlimited. */
export function parseLimit(value: string | null): number {
  if (value === null || value === '') return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`limit must be a non-negative integer (got "${value}")`);
  return n;
}

/** Serves pages of list results with consistent continue tokens. */
export class Pager {
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(private readonly options: PagerOptions = { ttlMs: 5 * 60_000, maxSnapshots: 64 }) {}

  /** The first page of `items` (all of them when limit is 0). */
  first(items: KubeObject[], limit: number, resourceVersion: number): Page {
    if (limit === 0 || items.length <= limit) return { items, resourceVersion };
    this.evict(Date.now());
    const id = randomUUID();
    this.snapshots.set(id, { items, resourceVersion, expiresAt: Date.now() + this.options.ttlMs });
    return this.slice({ id, offset: 0 }, items, limit, resourceVersion);
  }

  /** The page a continue token points to; 410 when its snapshot has expired. */
  next(continueToken: string, limit: number): Page {
    const token = decodeToken(continueToken);
    const snap = this.snapshots.get(token.id);
    if (snap === undefined || snap.expiresAt < Date.now()) {
      throw expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
    }
    return this.slice(token, snap.items, limit === 0 ? snap.items.length : limit, snap.resourceVersion);
  }

  private slice(token: Token, items: KubeObject[], limit: number, resourceVersion: number): Page {
    const end = token.offset + limit;
    const page: Page = { items: items.slice(token.offset, end), resourceVersion };
    if (end < items.length) {
      page.continueToken = encodeToken({ id: token.id, offset: end });
      page.remainingItemCount = items.length - end;
    } else {
      this.snapshots.delete(token.id);
    }
    return page;
  }

  private evict(now: number): void {
    for (const [id, snap] of this.snapshots) if (snap.expiresAt < now) this.snapshots.delete(id);
    while (this.snapshots.size >= this.options.maxSnapshots) {
      const oldest = this.snapshots.keys().next();
      if (oldest.done === true) break;
      this.snapshots.delete(oldest.value);
    }
  }
}
