/**
 * The two HTML documents the page serves. They hold no data: the scripts fetch JSON
 * from the API and render it with textContent. The only request-derived strings (the
 * namespace and name of a detail view) are escaped.
 */
import { escapeHtml } from './html-escape.ts';

function documentOf(title: string, script: string, body: string, bodyAttributes = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/style.css">
<script type="module" src="/assets/${script}"></script>
</head>
<body${bodyAttributes}>
<header class="top">
<a class="brand" href="/"><span class="brand-mark" aria-hidden="true"></span>Glidepath</a>
<nav class="crumbs" id="crumbs"></nav>
<span id="live" class="live" data-state="connecting" title="Live updates">connecting</span>
</header>
${body}
<noscript><p class="noscript">This page needs JavaScript. The same data is served as JSON under /api/canaries.</p></noscript>
</body>
</html>
`;
}

/** The list of Canaries. */
export function listDocument(): string {
  return documentOf('Canaries · Glidepath', 'list.js', '<main id="app" class="app" data-view="list"><p class="muted">Loading…</p></main>');
}

/** The detail view of one Canary. */
export function detailDocument(namespace: string, name: string): string {
  const attrs = ` data-namespace="${escapeHtml(namespace)}" data-name="${escapeHtml(name)}"`;
  return documentOf(`${namespace}/${name} · Glidepath`, 'detail.js', '<main id="app" class="app" data-view="detail"><p class="muted">Loading…</p></main>', attrs);
}
