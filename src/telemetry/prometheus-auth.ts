/** Credentials for a Prometheus behind authentication. */
export type PrometheusAuth =
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string };

/** Returns the value of the Authorization header for `auth`. */
export function authorizationHeader(auth: PrometheusAuth): string {
  if (auth.type === 'bearer') return `Bearer ${auth.token}`;
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
}
