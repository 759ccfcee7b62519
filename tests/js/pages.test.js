// The popup, side panel and options page: their real HTML with their bundles, in jsdom,
// against an in-memory browser API (fake-chrome.js). What a reader sees and what each
// control sends or stores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeChrome, openPage, reply, until } from './fake-chrome.js';

const HOSTILE = '<img src=x onerror="alert(1)"><b>bold</b>';

const PAINTED = {
  state: 'painted', error: null, host: 'news.example.com', enabled: true,
  counts: { 'sourcelight-source': 3, 'sourcelight-person': 2 },
  summary: { sources: 3 }, outlet: ['Outlet: example.com', `Bias (MBFC): ${HOSTILE}`],
};

/** A background that answers get-status with `status` and records everything else. */
function backgroundWith(status, summary = null) {
  return (msg) => (msg.type === 'get-status' ? status : msg.type === 'get-summary' ? summary : { ok: true });
}

const text = (doc, id) => doc.getElementById(id).textContent;

// ---------------------------------------------------------------------------------- popup

test('popup: a painted page shows its state, site switch, counts and outlet as text', async () => {
  const api = fakeChrome({ storage: { backendUrl: 'http://127.0.0.1:8765' }, background: backgroundWith(PAINTED) });
  const page = await openPage('popup', api);
  const doc = page.document;
  await until(() => text(doc, 'status') === 'Annotated.', 'the popup status');
  assert.equal(text(doc, 'host'), 'news.example.com');
  assert.equal(doc.getElementById('site-on').checked, true);
  assert.equal(text(doc, 'backend'), 'Backend: http://127.0.0.1:8765');
  const legend = [...doc.querySelectorAll('#legend li')].map((li) => li.textContent);
  for (const [label, count] of [['Sources', 3], ['People', 2], ['Places', 0]]) {
    assert.ok(legend.some((line) => line.startsWith(label) && line.endsWith(`: ${count}`)), `${label}: ${count} not in ${legend.join(' | ')}`);
  }
  assert.equal(doc.getElementById('outlet').hidden, false);
  const lines = [...doc.querySelectorAll('#outlet-lines p')].map((p) => p.textContent);
  assert.deepEqual(lines, PAINTED.outlet);
  assert.equal(doc.querySelector('#outlet-lines img, #outlet-lines b'), null, 'backend strings became markup');
  assert.deepEqual(api.called('runtime.sendMessage')[0], [{ type: 'get-status', tabId: 7 }]);
  page.close();
});

test('popup: a page the content script cannot run on says so and disables the switch', async () => {
  const api = fakeChrome({ background: backgroundWith(null) });
  const page = await openPage('popup', api);
  await until(() => text(page.document, 'status') === 'Sourcelight cannot run on this page.', 'the no-script status');
  assert.equal(page.document.getElementById('site-on').disabled, true);
  page.close();
});

test('popup: an error shows its message as text', async () => {
  const status = { ...PAINTED, state: 'error:backend-down', error: { code: 'backend-down', message: `Down ${HOSTILE}` } };
  const api = fakeChrome({ background: backgroundWith(status) });
  const page = await openPage('popup', api);
  const error = page.document.getElementById('error');
  await until(() => !error.hidden, 'the error');
  assert.equal(error.textContent, `Down ${HOSTILE}`);
  assert.equal(error.children.length, 0);
  page.close();
});

test('popup: the controls send annotate-now and toggle-site for the tab, and store category toggles', async () => {
  const api = fakeChrome({ storage: { categories: { hedges: false } }, background: backgroundWith(PAINTED) });
  const page = await openPage('popup', api);
  const doc = page.document;
  await until(() => text(doc, 'status') === 'Annotated.', 'the popup status');
  const hedges = doc.querySelector('input[data-category="hedges"]');
  const claims = doc.querySelector('input[data-category="claims"]');
  assert.equal(hedges.checked, false);
  assert.equal(claims.checked, true);
  claims.click();
  await until(() => api.store.categories?.claims === false, 'the stored category');
  assert.deepEqual(api.store.categories, { entities: true, claims: false, sources: true, hedges: false });

  doc.getElementById('annotate-now').click();
  await until(() => api.called('runtime.sendMessage').some(([m]) => m.type === 'annotate-now'), 'annotate-now');
  assert.ok(api.called('runtime.sendMessage').some(([m]) => m.type === 'annotate-now' && m.tabId === 7));

  doc.getElementById('site-on').click(); // was on: turn the site off
  const toggle = await until(() => api.called('runtime.sendMessage').find(([m]) => m.type === 'toggle-site'), 'toggle-site');
  assert.deepEqual(toggle[0], { type: 'toggle-site', tabId: 7, host: 'news.example.com', on: false });
  page.close();
});

// ---------------------------------------------------------------------------------- panel

const SUMMARY = {
  counts: { named_sources: 2, anonymous_sources: 1, unattributed_checkworthy_claims: 4 },
  sourceTypes: [
    { type: 'ngo_monitor', named: 1, anonymous: 0, sources: [{ id: 's1', name: `Observatory ${HOSTILE}`, anonymous: false, statements: 2 }] },
    { type: 'official', named: 1, anonymous: 1, sources: [
      { id: 's2', name: 'Defence ministry', anonymous: false, statements: 1 },
      { id: 's3', name: 'an official', anonymous: true, statements: 1 }] },
  ],
  claims: [
    { id: 'c1', text: '26 civilians were killed.', checkworthiness: 0.91, type: 'quantity', source: 'Observatory' },
    { id: 'c2', text: 'The town fell on Friday.', checkworthiness: 0.6, type: 'event', source: null },
  ],
  outlet: ['Outlet: example.com', 'Not rated'],
};

test('panel: sources by type and claims by score, every string as text', async () => {
  const api = fakeChrome({ background: backgroundWith(PAINTED, SUMMARY) });
  const page = await openPage('panel', api);
  const doc = page.document;
  await until(() => doc.querySelectorAll('#claims li').length === 2, 'the claims');
  assert.equal(text(doc, 'status'), '2 named and 1 anonymous sources; 4 check-worthy claims without a source.');
  const headings = [...doc.querySelectorAll('#sources h3')].map((h) => h.textContent);
  assert.equal(headings.length, 2);
  assert.match(headings[1], /1 named, 1 anonymous$/);
  const sources = [...doc.querySelectorAll('#sources li')].map((li) => li.textContent);
  assert.deepEqual(sources, [`Observatory ${HOSTILE} (2 statements)`, 'Defence ministry (1 statement)', 'an official (anonymous, 1 statement)']);
  assert.equal(doc.querySelector('#sources img, #sources b'), null, 'backend strings became markup');
  const claims = [...doc.querySelectorAll('#claims li')];
  assert.match(claims[0].textContent, /^26 civilians were killed\.91%.*from Observatory$/);
  assert.equal(claims[1].querySelector('.warn').textContent, 'No source given');
  page.close();
});

test('panel: a claim or source button asks the tab to jump to it', async () => {
  const api = fakeChrome({ background: backgroundWith(PAINTED, SUMMARY) });
  const page = await openPage('panel', api);
  const doc = page.document;
  await until(() => doc.querySelectorAll('#claims button').length === 2, 'the claim buttons');
  doc.querySelectorAll('#claims button')[1].click();
  doc.querySelector('#sources button').click();
  const jumps = await until(() => {
    const found = api.called('runtime.sendMessage').filter(([m]) => m.type === 'jump');
    return found.length === 2 && found;
  }, 'two jumps');
  assert.deepEqual(jumps.map(([m]) => m), [
    { type: 'jump', tabId: 7, target: { kind: 'claim', id: 'c2' } },
    { type: 'jump', tabId: 7, target: { kind: 'source', id: 's1' } },
  ]);
  page.close();
});

test('panel: the outlet rating is shown', async () => {
  const api = fakeChrome({ background: backgroundWith(PAINTED, SUMMARY) });
  const page = await openPage('panel', api);
  try {
    await until(() => page.document.querySelectorAll('#outlet p').length === 2, 'the outlet lines', 1000);
  } finally {
    page.close();
  }
});

test('panel: a page not annotated says how to annotate it', async () => {
  const api = fakeChrome({ background: backgroundWith(null, null) });
  const page = await openPage('panel', api);
  const errors = [];
  page.window.addEventListener('unhandledrejection', (e) => errors.push(String(e.reason)));
  try {
    await until(() => /not been annotated/.test(text(page.document, 'status')), 'the not-annotated status', 1000);
    assert.deepEqual(errors, []);
  } finally {
    page.close();
  }
});

// ---------------------------------------------------------------------------------- options

test('options: fields show the stored settings', async () => {
  const api = fakeChrome({ storage: { backendUrl: 'http://127.0.0.1:9000', apiToken: 't0k', autoAnnotate: ['a.com', 'b.org'], wikipediaSummaries: false, maxChars: 20_000 } });
  const page = await openPage('options', api);
  const doc = page.document;
  await until(() => doc.getElementById('backendUrl').value, 'the filled form');
  assert.equal(doc.getElementById('backendUrl').value, 'http://127.0.0.1:9000');
  assert.equal(doc.getElementById('apiToken').value, 't0k');
  assert.equal(doc.getElementById('autoAnnotate').value, 'a.com\nb.org');
  assert.equal(doc.getElementById('wikipediaSummaries').checked, false);
  assert.equal(doc.getElementById('maxChars').value, '20000');
  page.close();
});

/** Fill the options form and submit it. */
async function save(doc, fields) {
  await until(() => doc.getElementById('backendUrl').value, 'the filled form');
  for (const [id, value] of Object.entries(fields)) doc.getElementById(id).value = value;
  doc.getElementById('form').requestSubmit();
}

test('options: Save stores cleaned values; a loopback backend asks for no permission', async () => {
  const api = fakeChrome({});
  const page = await openPage('options', api);
  const doc = page.document;
  // The form's own constraints stop a nonsense length before anything is stored.
  await save(doc, { maxChars: '12' });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(text(doc, 'saved'), '');
  assert.deepEqual(api.called('storage.local.set'), []);
  await save(doc, { backendUrl: 'http://localhost:8765///', autoAnnotate: 'News.Example.com.\n\n  b.org ', maxChars: '25000' });
  await until(() => text(doc, 'saved'), 'the saved message');
  assert.equal(text(doc, 'saved'), 'Saved.');
  assert.equal(api.store.backendUrl, 'http://localhost:8765');
  assert.deepEqual(api.store.autoAnnotate, ['news.example.com', 'b.org']);
  assert.equal(api.store.maxChars, 25_000);
  assert.deepEqual(api.called('permissions.request'), []);
  page.close();
});

test('options: a remote backend asks for its host permission; refused, the page says so', async () => {
  const api = fakeChrome({ grant: false });
  const page = await openPage('options', api);
  const doc = page.document;
  await save(doc, { backendUrl: 'https://backend.example.org:8443/' });
  await until(() => text(doc, 'saved'), 'the saved message');
  assert.equal(text(doc, 'saved'), 'Saved, but the backend is not allowed yet.');
  assert.deepEqual(api.called('permissions.request'), [[{ origins: ['https://backend.example.org/*'] }]]);
  assert.equal(api.store.backendUrl, 'https://backend.example.org:8443');
  page.close();
});

test('options: Test connection reports the health answer, or why it failed, as text', async () => {
  const urls = [];
  const healthy = async (url, init) => (urls.push([String(url), init.headers.Authorization]), reply(200, { status: 'ok' }));
  const api = fakeChrome({});
  const page = await openPage('options', api, { fetch: healthy });
  const doc = page.document;
  await until(() => doc.getElementById('backendUrl').value, 'the filled form');
  doc.getElementById('apiToken').value = 'secret';
  doc.getElementById('test').click();
  await until(() => text(doc, 'test-result').startsWith('Connected'), 'the connection result');
  assert.equal(text(doc, 'test-result'), 'Connected (ok)');
  assert.deepEqual(urls, [['http://127.0.0.1:8765/api/v1/health', 'Bearer secret']]);
  page.close();

  const refused = fakeChrome({ grant: false });
  const page2 = await openPage('options', refused, { fetch: healthy });
  await until(() => page2.document.getElementById('backendUrl').value, 'the filled form');
  page2.document.getElementById('backendUrl').value = 'https://backend.example.org';
  page2.document.getElementById('test').click();
  await until(() => text(page2.document, 'test-result'), 'the refusal');
  assert.equal(text(page2.document, 'test-result'), 'Permission to reach this backend was refused.');
  assert.equal(urls.length, 1, 'a refused backend was contacted');
  page2.close();
});
