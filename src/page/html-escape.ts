/**
 * Escaping for the few strings the server writes into HTML itself. Everything else
 * reaches the browser as JSON and is rendered with textContent.
 */

const ENTITIES: Readonly<Record<string, string>> = Object.freeze({
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
});

/** Returns `text` safe to place in HTML text or in a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (ch) => ENTITIES[ch] ?? ch);
}

/**
 * Returns JSON safe to embed in a `<script type="application/json">` block: `<`, `>`,
 * `&` and the JS line separators are written as \u escapes, so no `</script>` can close it.
 */
export function escapeJsonForHtml(value: unknown): string {
  const json = JSON.stringify(value) as string | undefined;
  return (json ?? 'null')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
