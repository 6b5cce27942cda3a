import { expect } from 'chai';
import { escapeHtml, escapeJsonForHtml } from '../../src/page/html-escape.ts';
import { detailDocument } from '../../src/page/page-shell.ts';

describe('page: html-escape', () => {
  it('escapes every character that can open a tag or close an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).to.equal('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  });

  it('leaves ordinary text alone and escapes & first (no double escaping surprises)', () => {
    expect(escapeHtml('podinfo-primary.test')).to.equal('podinfo-primary.test');
    expect(escapeHtml('&lt;')).to.equal('&amp;lt;');
  });

  it('JSON for a script block cannot close the block or break out of a string', () => {
    const json = escapeJsonForHtml({ message: '</script><script>alert(1)</script>', sep: '\u2028' });
    expect(json).to.not.include('<');
    expect(json).to.not.include('>');
    expect(json).to.not.include('\u2028');
    expect(JSON.parse(json)).to.deep.equal({ message: '</script><script>alert(1)</script>', sep: '\u2028' });
  });

  it('the detail document escapes the names it is given', () => {
    const html = detailDocument('a"><script>x</script>', 'n');
    expect(html).to.not.include('<script>x</script>');
    expect(html).to.include('data-namespace="a&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(html).to.not.match(/<script>(?!<)/);
  });
});
