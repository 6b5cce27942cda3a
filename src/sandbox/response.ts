// Writing responses: JSON bodies with the negotiated Content-Type, Status objects for errors,
// and `Warning` headers the way kube-apiserver sends them.
import type { ServerResponse } from 'node:http';
import type { StatusObject } from './status-errors.ts';
import { jsonText } from './json-reuse.ts';

/** Optional parts of a JSON response. */
export interface JsonResponseOptions {
  contentType?: string;
  warnings?: readonly string[];
}

/** Sends a JSON body; warnings become `Warning: 299 - "..."` headers. */
export function sendJson(res: ServerResponse, code: number, body: unknown, opts: JsonResponseOptions = {}): void {
  const contentType = opts.contentType ?? 'application/json';
  const warnings = opts.warnings ?? [];
  if (res.headersSent || res.destroyed) return;
  const payload = jsonText(body);
  const headers: Record<string, string | string[]> = {
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(payload)),
    'Cache-Control': 'no-cache, private',
  };
  if (warnings.length > 0) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  res.writeHead(code, headers);
  res.end(payload);
}

/** Sends a failed Status with its code. */
export function sendStatus(res: ServerResponse, status: StatusObject): void {
  sendJson(res, status.code, status);
}
