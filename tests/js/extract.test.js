import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractArticle, extractArticleSliced, describeSkipped, serializeCopy } from '../../extension/src/extract/article.js';
import { cutTable } from '../../extension/src/extract/offset-table.js';
import { Slicer } from '../../extension/src/shared/slice.js';
import { toRange } from '../../extension/src/anchoring/text-position.js';
import { htmlDocument } from './helpers.js';

const para = (n) =>
  `<p>Paragraph ${n} of the report says the council met on Tuesday and agreed, after a long debate about the budget, ` +
  `to spend more on schools, roads and the <a href="/x">harbour <em>repairs</em></a> that residents asked for.</p>`;

const PAGE = `
<header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main>
  <article>
    <h1>Council agrees budget</h1>
    <div class="byline">By A. Reporter</div>
    <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
    <figure><img src="a.jpg" alt=""><figcaption>Caption: the council chamber</figcaption></figure>
    <div class="article-body">
      ${para(1)}
      <p>Line one<br>line two, with   spaces	and a 🏛️ emoji.</p>
      <p hidden>Hidden text the reader never sees.</p>
      <p style="display: none">Also hidden.</p>
      ${para(2)}
      <div class="newsletter-box"><h3>Sign up</h3><p>Get our newsletter every morning in your inbox, free.</p></div>
      ${para(3)}
      <script>var notText = 1;</script>
    </div>
  </article>
  <aside class="related"><h4>Related</h4><ul><li><a href="/y">Another story about councils</a></li></ul></aside>
</main>
<footer class="site-footer">Copyright News Co</footer>`;

test('extracts the article text and leaves furniture, hidden and script text out', () => {
  const doc = htmlDocument(PAGE);
  const ex = extractArticle(doc);
  assert.ok(ex);
  for (const n of [1, 2, 3]) assert.match(ex.text, new RegExp(`Paragraph ${n} of the report`));
  assert.match(ex.text, /Line one\nline two, with spaces and a 🏛️ emoji\./);
  for (const furniture of ['By A. Reporter', 'Share on Facebook', 'Caption', 'Hidden text', 'Also hidden', 'newsletter', 'notText', 'Another story', 'Copyright', 'Home']) {
    assert.ok(!ex.text.includes(furniture), `furniture leaked: ${furniture}`);
  }
  assert.ok(ex.skipped.hidden + ex.skipped.furniture > 0);
  assert.match(describeSkipped(ex.skipped), /:/);
});

test('offsets of the extracted text map to the live page nodes', () => {
  const doc = htmlDocument(PAGE);
  const ex = extractArticle(doc);
  const quote = 'harbour repairs';
  let from = 0;
  let seen = 0;
  for (let i = ex.text.indexOf(quote); i >= 0; i = ex.text.indexOf(quote, from)) {
    const range = toRange(ex, i, i + quote.length);
    assert.equal(range.toString(), quote);
    assert.ok(doc.body.contains(range.startContainer), 'range is in the live document, not the clone');
    from = i + 1;
    seen += 1;
  }
  assert.equal(seen, 3);
});

test('a page without an article gives null', () => {
  const doc = htmlDocument('<nav><a href="/">Home</a></nav><p>Hi.</p>');
  assert.equal(extractArticle(doc), null);
});

test('over-limit text is cut at a block boundary and reported', () => {
  const doc = htmlDocument(PAGE);
  const ex = extractArticle(doc, { maxLength: 400 });
  assert.ok(ex.text.length <= 400);
  assert.ok(ex.skipped['over-limit'] > 0);
  assert.ok(!ex.text.endsWith(' '));
});

test('the time-sliced extraction gives the same text and nodes as the one-go one', async () => {
  const doc = htmlDocument(PAGE + Array.from({ length: 40 }, (_, i) => para(i + 10)).join(''));
  const once = extractArticle(doc);
  const slicer = new Slicer(0); // pause at every step
  const sliced = await extractArticleSliced(doc, {}, slicer);
  assert.equal(sliced.text, once.text);
  assert.deepEqual(sliced.segments.map((s) => s.node), once.segments.map((s) => s.node));
  assert.deepEqual(sliced.skipped, once.skipped);
});

test('a page heavy with inline scripts still goes through Readability: scripts never count as its size', () => {
  const scripts = Array.from({ length: 40 }, (_, i) => `<script>window.data${i} = "${'x'.repeat(5_000)}";</script>`).join('');
  const many = Array.from({ length: 30 }, (_, i) => para(i)).join('');
  const doc = htmlDocument(`${scripts}<nav><a href="/">Home</a> <a href="/n">News</a></nav><div class="story">${many}</div><footer class="site-footer">Copyright News Co</footer>`);
  const ex = extractArticle(doc, { maxLength: 2_000 });
  assert.equal(ex.skipped['readability-fallback'], 0);
  assert.match(describeSkipped(ex.skipped), /over-limit:\d+/);
  assert.equal(ex.root.className, 'story');
  assert.ok(ex.text.startsWith('Paragraph 0 of the report'));
  assert.ok(ex.text.length <= 2_000 && ex.text.endsWith('asked for.'), 'cut at a paragraph boundary');
  assert.ok(!ex.text.includes('Copyright') && !ex.text.includes('Home') && !ex.text.includes('xxxx'));
});

test('text Readability moves into paragraphs of its own is still read from the live nodes', () => {
  // A div holding loose text and one paragraph: Readability wraps the loose text in a
  // new <p> and puts it in place of the div, so the div itself is gone from its output.
  const loose = (n) => `<div class="body-${n}">Loose sentence ${n} tells how the mayor, after a long night, signed the ` +
    `<em>harbour</em> bill that the council had passed on Monday by a wide margin.<p>And a short ending ${n}.</p></div>`;
  const doc = htmlDocument(`<nav><a href="/">Home</a></nav><article>${Array.from({ length: 6 }, (_, i) => loose(i)).join('')}</article>`);
  const ex = extractArticle(doc);
  for (let n = 0; n < 6; n += 1) assert.match(ex.text, new RegExp(`Loose sentence ${n} tells how the mayor, after a long night, signed the harbour bill`));
  const at = ex.text.indexOf('harbour');
  assert.equal(toRange(ex, at, at + 7).startContainer.parentElement?.tagName, 'EM', 'mapped to the live node');
});

test('where Readability keeps nothing, the paragraph-dense container is read, and the report says so', async () => {
  const doc = htmlDocument(PAGE);
  const ex = await extractArticleSliced(doc, { readability: async () => null });
  assert.equal(ex.root.className, 'article-body');
  assert.match(describeSkipped(ex.skipped), /readability-fallback:1/);
  assert.match(ex.text, /Paragraph 3 of the report/);
});

test('cutTable cuts at the last line break and keeps the offsets valid', () => {
  const doc = htmlDocument(PAGE);
  const ex = extractArticle(doc);
  const cut = cutTable(ex, Math.floor(ex.text.length / 2));
  assert.ok(cut.text.length <= ex.text.length / 2 && cut.cut === ex.text.length - cut.text.length);
  assert.equal(ex.text[cut.text.length], '\n');
  assert.ok(cut.segments.every((s) => s.end <= cut.text.length));
  const last = cut.segments.at(-1);
  assert.equal(toRange(cut, last.start, last.end).toString(), cut.text.slice(last.start, last.end));
});

test('Readability in the background (serialised copy, JSDOMParser) keeps what it keeps here', async () => {
  const { readabilityOnHtml } = await import('../../extension/src/extract/readability-host.js');
  const loose = `<div class="intro">Loose text &amp; more of it, with a&nbsp;non-breaking space and <b>bold</b> words.<p>${'Short. '.repeat(3)}</p></div>`;
  const doc = htmlDocument(PAGE.replace('<div class="article-body">', `<div class="article-body">${loose}`));
  globalThis.XMLSerializer ??= doc.defaultView.XMLSerializer;
  const here = extractArticle(doc);
  const elsewhere = await extractArticleSliced(doc, { readability: async (copy) => readabilityOnHtml(serializeCopy(copy), 'https://news.example/a') });
  assert.equal(elsewhere.text, here.text);
  assert.deepEqual(elsewhere.segments.map((s) => s.node), here.segments.map((s) => s.node));
  assert.match(here.text, /Loose text & more of it, with a non-breaking space and bold words\./);
});

test('the slicer counts its longest slice, and not the time spent waiting for the background', async () => {
  const real = globalThis.performance;
  let clock = 0; // a fake clock: the test advances it by hand
  Object.defineProperty(globalThis, 'performance', { value: { now: () => clock }, configurable: true });
  try {
    const slicer = new Slicer();
    clock += 15;
    await slicer.pause();
    clock += 5;
    await slicer.waitFor(Promise.resolve().then(() => { clock += 80; }));
    clock += 5;
    slicer.endSlice();
    assert.equal(slicer.longest, 15);
    assert.equal(slicer.busy, 25);
  } finally {
    Object.defineProperty(globalThis, 'performance', { value: real, configurable: true });
  }
});

test('furniture lines are left out, real paragraphs that merely start like them are kept', () => {
  const doc = htmlDocument(`<article><h1>Council agrees budget</h1>${para(1)}<p>Continue reading the main story</p>
    <div class="slot"><span>Advertisement</span></div>${para(2)}<p>Image 2 of 14</p>
    <p>Continue reading the report, the mayor said, and you will see that the council kept its word on schools and roads.</p>${para(3)}</article>`);
  const ex = extractArticle(doc);
  for (const line of ['Continue reading the main story', 'Advertisement', 'Image 2 of 14']) assert.ok(!ex.text.includes(line), line);
  assert.match(ex.text, /Continue reading the report, the mayor said/);
  assert.match(ex.text, /Paragraph 3 of the report/);
});

test('camelCase furniture names and teaser cards (a link around a heading) are left out', () => {
  const doc = htmlDocument(`<article><h1>Council agrees budget</h1>${para(1)}
    <div class="photo"><img src="a.jpg" alt=""><span class="newsCaption">The council chamber on Tuesday night</span></div>${para(2)}
    <a href="/other"><h3>Another story entirely, about the harbour</h3><p>Its teaser line.</p></a>${para(3)}</article>`);
  const ex = extractArticle(doc);
  for (const gone of ['council chamber on Tuesday', 'Another story entirely', 'Its teaser line']) assert.ok(!ex.text.includes(gone), gone);
  assert.match(ex.text, /Paragraph 3 of the report/);
});

test('date lines and tag links are left out; a date inside a sentence stays', () => {
  const doc = htmlDocument(`<article><h1>Council agrees budget</h1>
    <div class="when">Updated <time datetime="2019-11-19">Nov 19, 6:55 AM</time>; Posted <time>Nov 19, 6:51 AM</time></div>${para(1)}
    <p>The council met on <time datetime="2019-11-18">Monday</time> and voted, after a long and heated debate, to fund the harbour works.</p>${para(2)}
    <p>Filed under <a rel="tag" href="/t/budget">budget</a>, <a rel="tag" href="/t/harbour">harbour</a></p>${para(3)}</article>`);
  const ex = extractArticle(doc);
  for (const gone of ['Updated', 'Posted', 'Nov 19', '/t/']) assert.ok(!ex.text.includes(gone), gone);
  assert.ok(!/\bbudget, harbour\b/.test(ex.text));
  assert.match(ex.text, /The council met on Monday and voted/);
});

const post = (n) => `<p>Post ${n}: a short reflection on patience, friendship and the small kindnesses of neighbours, ` +
  `shared by a reader who asked that it be passed on to anyone having a hard week, with thanks to all who wrote.</p>`;

test('other stories beside the article (whole posts in a "you may also like" box) are left out', () => {
  const doc = htmlDocument(`<div id="primary">
    <article class="post"><h1>Council agrees budget</h1>${para(1)}${para(2)}</article>
    <article class="post"><h3>You may also like</h3>
      ${[3, 4, 5, 6].map((n) => `<article class="post">${post(n)}</article>`).join('')}
    </article></div>`, '<title>Council agrees budget - The Daily Example</title>');
  const ex = extractArticle(doc);
  assert.match(ex.text, /Paragraph 1 of the report/);
  assert.match(ex.text, /Paragraph 2 of the report/);
  for (const n of [3, 4, 5, 6]) assert.ok(!ex.text.includes(`Post ${n}:`), `post ${n} leaked`);
  assert.equal(ex.skipped['other-stories'], 1);
});

test('a live blog whose posts are <article>s under one page headline keeps every post', () => {
  const doc = htmlDocument(`<main><h1>Council budget: live updates</h1>
    ${[1, 2, 3, 4].map((n) => `<article class="update"><h2>Update ${n}</h2>${post(n)}</article>`).join('')}</main>`,
  '<title>Council budget: live updates - The Daily Example</title>');
  const ex = extractArticle(doc);
  for (const n of [1, 2, 3, 4]) assert.match(ex.text, new RegExp(`Post ${n}:`));
  assert.equal(ex.skipped['other-stories'], 0);
});

const card = (n) => `<div class="rail-item"><a href="https://news.example/story-${n}"><img src="s${n}.jpg" alt=""></a>` +
  `<h3>KICKER ${n}</h3><span>Summary ${n}: the mayor's rival says the harbour plan will cost twice what the council says.</span></div>`;

test('a list of other stories with summaries (teaser cards) is left out; an article\'s own list of links stays', () => {
  const doc = htmlDocument(`<article><h1>Council agrees budget</h1>${para(1)}${para(2)}
    <p>The council named three contractors:</p>
    <ul>${[1, 2, 3].map((n) => `<li><a href="https://builders.example/${n}">Builder ${n}</a>, who repaired the quay in 2015</li>`).join('')}</ul>
    <div class="rail"><h3>Most read in news</h3><div class="rail-items">${[1, 2, 3, 4].map(card).join('')}</div></div>
    ${para(3)}</article>`);
  const ex = extractArticle(doc);
  for (const n of [1, 2, 3, 4]) assert.ok(!ex.text.includes(`Summary ${n}:`), `teaser ${n} leaked`);
  for (const n of [1, 2, 3]) assert.match(ex.text, new RegExp(`Builder ${n}, who repaired the quay`));
  assert.match(ex.text, /Paragraph 3 of the report/);
  assert.ok(ex.skipped['other-stories'] >= 1);
});

test('a short appendix after the article\'s last rule (about the company) is left out; a section break is not', () => {
  const about = '<p>Example Corp is a global provider of harbour cranes, headquartered in Rotterdam, with offices in 12 countries and 900 employees.</p>';
  const release = htmlDocument(`<article><h1>Example Corp wins harbour contract</h1>${para(1)}${para(2)}${para(3)}<hr>${about}</article>`);
  const ex = extractArticle(release);
  assert.match(ex.text, /Paragraph 3 of the report/);
  assert.ok(!ex.text.includes('global provider of harbour cranes'), 'the appendix leaked');
  assert.equal(ex.skipped.appendix, 1);

  const story = htmlDocument(`<article><h1>Council agrees budget</h1>${para(1)}${para(2)}<hr>${para(3)}${para(4)}${about}</article>`);
  const whole = extractArticle(story);
  for (const n of [1, 2, 3, 4]) assert.match(whole.text, new RegExp(`Paragraph ${n} of the report`));
  assert.match(whole.text, /global provider of harbour cranes/);
});

test('date lines written out without <time> are left out; dates in sentences, headings and tables stay', () => {
  const doc = htmlDocument(`<article><h1>Council agrees budget</h1>
    <div class="meta"><span class="when">Posted: Fri 6:45 PM, Feb 16, 2018 |</span></div>
    <div><span class="by">By A. Reporter - 11/18/19 11:04 PM EST</span></div>
    <div class="articleBody"><span class="data">segunda-feira, 22 de janeiro de 2018 às 0:13</span>${para(1)}
    <p>The vote, on <span>Feb 16, 2018</span>, followed a long and heated debate about the harbour and its repairs.</p>
    <h2>The best of 2019 in council history</h2>${para(2)}
    <table><tr><td>Meeting</td><td>Feb 16, 2018</td></tr></table>${para(3)}</div></article>`);
  const ex = extractArticle(doc);
  for (const gone of ['Posted', 'A. Reporter', 'segunda-feira']) assert.ok(!ex.text.includes(gone), gone);
  assert.match(ex.text, /The vote, on Feb 16, 2018, followed/);
  assert.match(ex.text, /The best of 2019 in council history/);
  assert.match(ex.text, /Meeting\s+Feb 16, 2018/);
});

test('calls to action (sign up for the newsletter, follow us on Twitter) are left out; sentences about newsletters stay', () => {
  const doc = htmlDocument(`<article><h1>Council agrees budget</h1>${para(1)}
    <p><strong>Start your day with the Morning Harbour. Sign up for the free daily newsletter.</strong></p>${para(2)}
    <p>Have a tip? A. Reporter may be reached at areporter@news.example. Follow her on Twitter @areporter.</p>
    <p>The council's own newsletter, which residents can sign up for at the town hall, will report on the harbour works every month.</p>${para(3)}</article>`);
  const ex = extractArticle(doc);
  for (const gone of ['Start your day', 'Follow her on Twitter']) assert.ok(!ex.text.includes(gone), gone);
  assert.match(ex.text, /The council's own newsletter, which residents can sign up for/);
  assert.match(ex.text, /Paragraph 3 of the report/);
});

const tweet = (n) => `<div class="social-media-embed"><blockquote class="twitter-tweet"><p lang="en">Tweet ${n}: the harbour plan is ` +
  `<a href="https://t.co/${n}">https://t.co/${n}</a></p>— Resident ${n} (@resident${n}) <a href="https://twitter.com/r/status/${n}">November 18, 2019</a>` +
  `</blockquote><script>var widget = ${n};</script></div>`;

test('embedded posts the story quotes between its paragraphs are read, though Readability drops them', () => {
  const doc = htmlDocument(`<article><h1>Council agrees budget</h1>${para(1)}${tweet(1)}${para(2)}${tweet(2)}${tweet(3)}${para(3)}</article>
    <div class="sidebar">${tweet(9)}</div>`);
  const ex = extractArticle(doc);
  for (const n of [1, 2, 3]) assert.match(ex.text, new RegExp(`Tweet ${n}: the harbour plan is`));
  assert.ok(!ex.text.includes('Tweet 9'), 'a post outside the story was read');
  for (const n of [1, 2, 3]) assert.match(ex.text, new RegExp(`Paragraph ${n} of the report`));
});

const ERROR_MESSAGE = `<div id="content"><div id="message"><h2>This page is not available right now</h2>
  <p>This can sometimes happen if you have internet connectivity problems or are running software or plugins that
  affect your internet traffic.<br><br><a href="/">Click here</a> to try this page again, or visit:
  <a href="https://news.example">https://news.example</a></p></div>
  <div id="errorref"><span>Ref 1: 0A1B2C Ref 2: 000000 Ref 3: Tue, 08 Dec 2026 03:00:00 GMT</span></div></div>`;
const DUVET_HEAD = '<title>The man whose duvet nearly killed him</title><meta property="og:title" content="The man whose duvet nearly killed him">';

test('a message a page puts in its story\'s place (an error page showing no word of its title) is no article', () => {
  assert.equal(extractArticle(htmlDocument(ERROR_MESSAGE, DUVET_HEAD)), null);
  // The same message on a page without a title: nothing to judge by, so it is read.
  assert.match(extractArticle(htmlDocument(ERROR_MESSAGE, '<title></title>'))?.text ?? '', /not available right now/);
});

test('a short story whose text shares no title word is kept while the page shows its headline', () => {
  const story = `<p>Doctors in Leeds found the cause after months of tests: feathers in his bedding had inflamed his lungs, ` +
    `and a new pillow and quilt made of synthetic fibre let him breathe again within weeks, his consultant said.</p>`;
  const shown = extractArticle(htmlDocument(`<h1>The man whose duvet nearly killed him</h1><article>${story}</article>`, DUVET_HEAD));
  assert.match(shown?.text ?? '', /feathers in his bedding/);
  const japanese = extractArticle(htmlDocument(`<h1>商品の改造が商標法違反に</h1><article>${story}</article>`, '<title>商品の改造が商標法違反に！？ | 事務所</title>'));
  assert.match(japanese?.text ?? '', /feathers in his bedding/);
});

test('hover cards inside a sentence (a picture, then links) are left out; the name they hang on stays', () => {
  const card = (n) => `<span class="rollover"><a href="/people/${n}">Jane Doe${n}</a><span class="rollover-block"><span>` +
    `<img src="/p${n}.jpg" alt=""><a href="/people/${n}">Jane Q. Doe${n}</a><a href="/s/${n}">Doe backs harbour plan</a>` +
    ` <a href="/t/${n}">Doe named chair of committee</a></span></span></span>`;
  const doc = htmlDocument(`<article><h1>Council agrees budget</h1>${para(1)}
    <p>The motion was put by Councillor ${card(1)}, who said the <a href="/a"><img src="/i.png" alt="">harbour</a> comes first.</p>${para(2)}${para(3)}</article>`);
  const ex = extractArticle(doc);
  assert.match(ex?.text ?? '', /put by Councillor Jane Doe1, who said the harbour comes first/);
  assert.ok(!ex?.text.includes('Doe backs harbour plan'), 'the card was read');
});

test('a post\'s metadata line and unrendered shortcodes are left out; a sentence with a date and a colon stays', () => {
  const doc = htmlDocument(`<article><h1>Council agrees budget</h1>
    <small><b>05/10/2018</b> - Posted by: A. Reporter - Category: <a href="/c">Local</a> - Tags: <a href="/t">budget</a></small>
    ${para(1)}<p>[button link="https://news.example/tips" type="big"] Send us YOUR story[/button]</p>${para(2)}
    <p>Note: the vote on 05/10/2018 was close, and the result: five to four.</p>${para(3)}</article>`);
  const ex = extractArticle(doc);
  for (const gone of ['Posted by', 'Send us YOUR story']) assert.ok(!ex?.text.includes(gone), gone);
  assert.match(ex?.text ?? '', /the vote on 05\/10\/2018 was close/);
});

test('subscription offers, comment prompts and a call that opens a paragraph of small print are left out', () => {
  const doc = htmlDocument(`<article><h1>Council agrees budget</h1>${para(1)}
    <p>Get <a href="/m">Harbour Monthly</a> delivered through your letterbox every month. 12 issues for £11.99. <a href="/m">Click here</a> for more information.</p>
    ${para(2)}<p>Follow @HarbourDeals on Twitter to keep up with the latest deals from around the web. Quantities may be limited. Prices are subject
    to change without notice and coupons may expire at any time. Some deals may not be available to all customers. The Harbour may receive a
    commission on orders placed through this article.</p>${para(3)}<h3>Tell us what YOU think...</h3></article>`);
  const ex = extractArticle(doc);
  for (const gone of ['letterbox', 'Follow @HarbourDeals', 'Quantities may be limited', 'Tell us what']) assert.ok(!ex?.text.includes(gone), gone);
  assert.match(ex?.text ?? '', /Paragraph 3 of the report/);
});

test('a section of readers\' comments under a heading naming them is left out whatever its id; a "Discussion" section stays', () => {
  const comment = (name, text) => `<hr><b>${name}</b> <i>2018-02-24 10:15:59</i><br> <p>${text}</p>`;
  const doc = htmlDocument(`<div class="post"><h1>Council agrees budget</h1>${para(1)}${para(2)}
    <h2>Discussion</h2>${para(3)}
    <div id="otz"><h1>Отзывы</h1><script>var form = 1;</script>${comment('Татьяна', 'Пять дней на этом бюджете, и всё хорошо, спасибо за статью о нашем городе.')}
    ${comment('Айла', 'Получается, этот бюджет нужно обсуждать всю жизнь?? Когда же отремонтируют гавань у нас?')}</div></div>`);
  const ex = extractArticle(doc);
  for (const gone of ['Отзывы', 'Татьяна', 'Пять дней']) assert.ok(!ex?.text.includes(gone), gone);
  assert.match(ex?.text ?? '', /Discussion\nParagraph 3 of the report/);
});

test('photo credits, the site\'s copyright block and an update note are left out; a sentence about an update stays', () => {
  const doc = htmlDocument(`<article><h1>Council agrees budget</h1>
    <div class="content-img"><img src="/lead.jpg" alt=""><div class="credits">© Ann Lens</div></div>${para(1)}${para(2)}
    <p>Updated figures from the council, published at 9:30 on Tuesday, show the harbour works will cost more.</p>${para(3)}
    <p><em>Updated at 1:23 p.m.</em></p>
    <div class="copyright-wrp"><p>The Harbour Times, 12 Quay Street | 555-0100 tel</p></div></article>`);
  const ex = extractArticle(doc);
  for (const gone of ['Ann Lens', 'Updated at', 'Quay Street']) assert.ok(!ex?.text.includes(gone), gone);
  assert.match(ex?.text ?? '', /Updated figures from the council, published at 9:30/);
});

test('share prompts and loading placeholders are left out as furniture lines; a sentence starting "Loading" stays', () => {
  const doc = htmlDocument(`<article><h1>Council agrees budget</h1>${para(1)}<p>Like this story? Share it with a friend!</p>
    ${para(2)}<div>Loading content ...</div><p>Loading the ferries took longer than planned, the harbour master said on Tuesday.</p>${para(3)}</article>`);
  const ex = extractArticle(doc);
  for (const gone of ['Like this story', 'Loading content']) assert.ok(!ex?.text.includes(gone), gone);
  assert.match(ex?.text ?? '', /Loading the ferries took longer/);
});
