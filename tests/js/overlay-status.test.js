// The overlay's status where the CSS Custom Highlight API is missing (jsdom has none):
// it says it cannot paint, so the popup does not claim "Annotated"; and it leaves no
// attribute on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Overlay } from '../../extension/src/overlay/overlay.js';
import { htmlDocument } from './helpers.js';

const PARAS = Array.from({ length: 8 }, (_, i) =>
  `<p>Paragraph ${i}: The Syrian Observatory for Human Rights said on Friday that at least ${i + 20} civilians were killed in the town, according to residents who spoke to reporters by telephone.</p>`).join('');

test('painted without the Highlight API: canPaint is false, no page attribute, url without query', async () => {
  const doc = htmlDocument(`<article><h1>Strikes kill civilians</h1>${PARAS}</article>`);
  const sent = [];
  const overlay = new Overlay(doc, {
    annotate: async (body) => {
      sent.push(body);
      return { ok: true, annotation: { entities: [], claims: [], sources: [], attributions: [], groups: [], summary: { sources: 0 } } };
    },
  }, { categories: { entities: true, claims: true, sources: true, hedges: true }, pageUrl: () => 'https://news.example/story' });
  await overlay.run();
  assert.equal(overlay.state, 'painted');
  const status = overlay.status();
  assert.equal(status.canPaint, false);
  assert.equal(status.url, 'https://news.example/story');
  assert.equal(sent[0].url, 'https://news.example/story');
  assert.deepEqual(doc.documentElement.getAttributeNames(), []);
  assert.deepEqual(overlay.probe().timeline.map((s) => s.state), ['annotating', 'painted']);
  overlay.clear();
  doc.defaultView.close(); // its timers (navigation watch) end with it
});

for (const [name, readability] of [
  ['answers', null],
  ['fails', async () => { throw new Error('background gone'); }],
  ['answers an error', async () => ({ ok: false, error: { code: 'extension', message: 'x' } })],
]) {
  test(`Readability elsewhere: the page is read whether the background ${name}`, async () => {
    const doc = htmlDocument(`<nav><a href="/">Home</a></nav><article><h1>Strikes kill civilians</h1>${PARAS}</article>`);
    doc.defaultView.XMLSerializer && (globalThis.XMLSerializer ??= doc.defaultView.XMLSerializer);
    const { readabilityOnHtml } = await import('../../extension/src/extract/readability-host.js');
    const sent = [];
    const asked = [];
    const overlay = new Overlay(doc, {
      annotate: async (body) => {
        sent.push(body);
        return { ok: true, annotation: { entities: [], claims: [], sources: [], attributions: [], groups: [], summary: { sources: 0 } } };
      },
      readability: async (html) => (asked.push(html), (readability ?? (async (h) => readabilityOnHtml(h, 'https://news.example/story')))(html)),
    }, { categories: { entities: true, claims: true, sources: true, hedges: true } });
    try {
      await overlay.run();
      assert.equal(overlay.state, 'painted');
      assert.equal(asked.length, 1);
      assert.ok(!asked[0].includes('<script'), 'the copy sent holds no script');
      assert.match(sent[0].text, /^Strikes kill civilians\nParagraph 0: The Syrian Observatory/);
      assert.match(sent[0].text, /Paragraph 7: /);
      assert.ok(!sent[0].text.includes('Home'));
    } finally {
      overlay.clear();
      doc.defaultView.close();
    }
  });
}
