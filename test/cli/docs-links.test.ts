// The user docs written with the CLI point only at files that exist, and at headings that exist
// in them, so a renamed file or section shows up as a failing test rather than a dead link.
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const DOCS = ['getting-started.md', 'strategies.md', 'webhooks.md', 'cli.md', 'annotations.md', 'migrating-from-flagger.md', 'comparison.md', 'spec-reference.md'];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const match of markdown.matchAll(/^#{1,6} (.+)$/gm)) {
    anchors.add((match[1] ?? '').toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').trim().replaceAll(' ', '-'));
  }
  return anchors;
}

function links(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '').filter((href) => !/^[a-z]+:/.test(href));
}

describe('docs links', () => {
  for (const doc of DOCS) {
    it(`docs/${doc}: every relative link and anchor resolves`, () => {
      const path = join('docs', doc);
      const text = readFileSync(path, 'utf8');
      for (const href of links(text)) {
        const [file = '', anchor] = href.split('#');
        const target = file === '' ? path : normalize(join(dirname(path), file));
        expect(existsSync(target), `${doc}: ${href} (${target})`).to.equal(true);
        if (anchor !== undefined && target.endsWith('.md')) {
          expect([...anchorsOf(readFileSync(target, 'utf8'))], `${doc}: ${href}`).to.include(anchor);
        }
      }
    });
  }
});
