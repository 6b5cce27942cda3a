/**
 * Parsers for option values; each throws commander's InvalidArgumentError, so a bad value
 * is reported as `error: option '--x <v>' argument 'y' is invalid. <why>` and exits non-zero.
 */
import { InvalidArgumentError } from 'commander';
import { DurationError, parseDuration } from '../api/duration.ts';

/** A TCP port in [0, 65535]; 0 asks for a free one. */
export function parsePort(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('Expected a port number in 0..65535.');
  const port = Number(value.trim());
  if (port > 65_535) throw new InvalidArgumentError('Expected a port number in 0..65535.');
  return port;
}

/** A whole number (possibly negative), such as a random seed. */
export function parseInteger(value: string): number {
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value.trim()))) throw new InvalidArgumentError('Expected a whole number.');
  return Number(value.trim());
}

/** A Go-style duration (`30s`, `1m30s`, `500ms`) in milliseconds; zero is refused. */
export function parsePositiveDuration(value: string): number {
  let ms: number;
  try {
    ms = parseDuration(value.trim());
  } catch (err: unknown) {
    throw new InvalidArgumentError(err instanceof DurationError ? `${err.detail}.` : 'Expected a duration such as 30s or 1m30s.');
  }
  if (ms <= 0) throw new InvalidArgumentError('Expected a duration longer than zero, such as 30s.');
  return ms;
}

/** An http(s) URL, returned without a trailing slash. */
export function parseHttpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InvalidArgumentError('Expected a URL such as http://127.0.0.1:9090.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError(`Expected an http or https URL, not ${url.protocol.replace(':', '')}.`);
  return url.toString().replace(/\/$/, '');
}

/** An IPv4 or IPv6 listen address or host name, without a port. */
export function parseListenAddress(value: string): string {
  const host = value.trim();
  if (host === '' || /[\s/]/.test(host) || /^[^:[\]]+:\d+$/.test(host)) throw new InvalidArgumentError('Expected an address without a port, such as 127.0.0.1 or 0.0.0.0.');
  return host;
}

/** A Kubernetes namespace name (an RFC 1123 label). */
export function parseNamespace(value: string): string {
  const ns = value.trim();
  if (ns.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns)) {
    throw new InvalidArgumentError('Expected a namespace name: lower-case letters, digits and "-", at most 63 characters.');
  }
  return ns;
}
