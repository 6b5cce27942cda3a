/**
 * Writes docs/spec-reference.md from the CRD schemas (`npm run docs:spec`), or with `--check`
 * exits 1 when the file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSpecReference } from './spec-reference/render-spec-reference.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TARGET = 'docs/spec-reference.md';

process.chdir(ROOT);
const text = renderSpecReference();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(TARGET, 'utf8');
  } catch {
    // A missing file is out of date too.
  }
  if (current !== text) {
    process.stderr.write(`${TARGET} is out of date; run: npm run docs:spec\n`);
    process.exit(1);
  }
  process.stdout.write(`${TARGET} is up to date\n`);
} else {
  writeFileSync(TARGET, text);
  process.stdout.write(`wrote ${TARGET}\n`);
}
