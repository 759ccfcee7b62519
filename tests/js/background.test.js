// The background's message handlers (src/background.js, bundled as shipped) against an
// in-memory browser API: what each message does to storage, permissions, the badge,
// the backend request and the tab's content script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSender, fakeChrome, pageSender, reply, startBackground } from './fake-chrome.js';

/** @param {Parameters<typeof fakeChrome>[0]} options @param {typeof fetch} [fetchImpl] */
async function background(options, fetchImpl) {
  const api = fakeChrome(options);
  const bg = await startBackground(api, fetchImpl);
  return { api, close: bg.close };
}

const TAB = { id: 7, url: 'https://news.example.com/story' };
const FROM_TAB = contentSender(TAB);

test('annotate: sends the body with the token to a loopback backend and returns its answer', async () => {
  const seen = [];
  const fetchImpl = async (url, init) => (seen.push({ url, init }), reply(200, { schema: 1, sources: [] }));
  const { api, close } = await background({ storage: { backendUrl: 'http://127.0.0.1:9999/', apiToken: 'tok' } }, fetchImpl);
  const answer = await api.deliver({ type: 'annotate', body: { text: 'Hello.', url: 'https://x.test/a', title: 'T' } }, FROM_TAB);
  assert.deepEqual(answer, { ok: true, annotation: { schema: 1, sources: [] } });
  assert.equal(seen.length, 1);
  assert.equal(seen[0].url, 'http://127.0.0.1:9999/api/v1/annotate');
  assert.equal(seen[0].init.headers.Authorization, 'Bearer tok');
  assert.equal(seen[0].init.credentials, 'omit');
  assert.equal(JSON.parse(seen[0].init.body).text, 'Hello.');
  assert.deepEqual(api.called('permissions.contains'), [], 'a loopback backend needs no permission check');
  close();
});

test('annotate: a remote backend without its host permission is not contacted', async () => {
  let fetched = 0;
  const fetchImpl = async () => (fetched += 1, reply(200, {}));
  const { api, close } = await background({ storage: { backendUrl: 'https://backend.example.org' } }, fetchImpl);
  const answer = await api.deliver({ type: 'annotate', body: { text: 'a' } }, FROM_TAB);
  assert.equal(answer.ok, false);
  assert.equal(answer.error.code, 'no-permission');
  assert.equal(fetched, 0);
  assert.deepEqual(api.called('permissions.contains'), [[{ origins: ['https://backend.example.org/*'] }]]);
  close();
});

test('annotate: with the permission granted the remote backend is asked; its refusal becomes a reader-facing code', async () => {
  const { api, close } = await background(
    { storage: { backendUrl: 'https://backend.example.org' }, granted: ['https://backend.example.org/*'] },
    async () => reply(401, { error: { code: 'unauthorized', message: 'bad token' } }));
  const answer = await api.deliver({ type: 'annotate', body: { text: 'a' } }, FROM_TAB);
  assert.equal(answer.ok, false);
  assert.equal(answer.error.code, 'unauthorized');
  close();
});

test('annotate: an unreachable backend is backend-down, not an exception', async () => {
  const { api, close } = await background({ storage: {} });
  const answer = await api.deliver({ type: 'annotate', body: { text: 'a' } }, FROM_TAB);
  assert.equal(answer.error.code, 'backend-down');
  close();
});

test('wikipedia: nothing is fetched when summaries are off; a summary when on', async () => {
  const urls = [];
  const wiki = async (url) => (urls.push(String(url)), reply(200, {
    type: 'standard', title: 'Albu Kamal', extract: 'A town in Syria.', content_urls: { desktop: { page: 'https://en.wikipedia.org/wiki/Abu_Kamal' } },
  }));
  const off = await background({ storage: { wikipediaSummaries: false } }, wiki);
  assert.equal(await off.api.deliver({ type: 'wikipedia', title: 'Albu Kamal' }, FROM_TAB), null);
  assert.deepEqual(urls, []);
  off.close();
  const on = await background({ storage: {} }, wiki);
  const found = await on.api.deliver({ type: 'wikipedia', title: 'Albu Kamal' }, FROM_TAB);
  assert.deepEqual(found, { title: 'Albu Kamal', extract: 'A town in Syria.', url: 'https://en.wikipedia.org/wiki/Abu_Kamal' });
  assert.deepEqual(urls, ['https://en.wikipedia.org/api/rest_v1/page/summary/Albu_Kamal']);
  on.close();
});

test('status: the sending tab gets the badge (count, busy, error with its reason)', async () => {
  const { api, close } = await background({});
  await api.deliver({ type: 'status', status: { state: 'annotating' } }, FROM_TAB);
  assert.equal(api.badge.text[7], '…');
  await api.deliver({ type: 'status', status: { state: 'painted', summary: { sources: 4, checkworthy_claims: 9 } } }, FROM_TAB);
  assert.equal(api.badge.text[7], '4');
  assert.equal(api.badge.title[7], 'Sourcelight: 4 sources, 9 check-worthy claims');
  await api.deliver({ type: 'status', status: { state: 'error:backend-down', error: { message: 'Not reachable.' } } }, FROM_TAB);
  assert.equal(api.badge.text[7], '!');
  assert.equal(api.badge.title[7], 'Sourcelight: Not reachable.');
  const message = 'This page is in Korean; the English model cannot read it.';
  await api.deliver({ type: 'status', status: { state: 'error:unsupported-language', error: { message, language: 'ko' } } }, FROM_TAB);
  assert.equal(api.badge.text[7], 'KO');
  assert.equal(api.badge.title[7], `Sourcelight: ${message}`);
  // A sender without a tab (an extension page) sets no badge.
  await api.deliver({ type: 'status', status: { state: 'annotating' } }, pageSender('popup'));
  assert.deepEqual(Object.keys(api.badge.text), ['7']);
  close();
});

test('get-status, get-summary and jump are relayed to the tab; not annotated where no content script runs', async () => {
  const asked = [];
  const contentScript = (tabId, msg) => (asked.push([tabId, msg]), { answered: msg.type });
  const { api, close } = await background({ contentScript });
  // The tab's answer comes back (the background may add to a status, never drop it).
  assert.equal((await api.deliver({ type: 'get-status', tabId: 7 })).answered, 'get-status');
  assert.deepEqual(await api.deliver({ type: 'get-summary', tabId: 7 }), { answered: 'get-summary' });
  await api.deliver({ type: 'jump', tabId: 7, target: { kind: 'claim', id: 'c3' } });
  assert.deepEqual(asked.at(-1), [7, { type: 'jump', target: { kind: 'claim', id: 'c3' } }]);
  close();
  const none = await background({});
  // No content script in the tab: nothing to report but "not annotated".
  const idle = await none.api.deliver({ type: 'get-status', tabId: 7 });
  assert.ok(idle === null || idle.state === 'idle', JSON.stringify(idle));
  none.close();
});

test('annotate-now injects the content script into a tab that has none, then asks it again', async () => {
  let injected = false;
  const api = fakeChrome({
    contentScript: (_tabId, msg) => {
      if (!injected) throw new Error('Receiving end does not exist.');
      return msg.type === 'annotate-now' ? { ok: true } : null;
    },
  });
  api.scripting.executeScript = async (details) => (injected = true, api.calls.push({ api: 'scripting.executeScript', args: structuredClone([details]) }), []);
  const bg = await startBackground(api);
  assert.deepEqual(await api.deliver({ type: 'annotate-now', tabId: 7 }), { ok: true });
  const [[details]] = api.called('scripting.executeScript');
  assert.deepEqual(details.target, { tabId: 7 });
  assert.ok(details.files.every((f) => f.endsWith('dist/content.js')), details.files);
  bg.close();
});

test('toggle-site adds and removes the normalised host, once', async () => {
  const { api, close } = await background({ storage: { autoAnnotate: ['other.org'] } });
  await api.deliver({ type: 'toggle-site', tabId: 7, host: ' News.Example.com. ', on: true });
  await api.deliver({ type: 'toggle-site', tabId: 7, host: 'news.example.com', on: true });
  assert.deepEqual(api.store.autoAnnotate, ['other.org', 'news.example.com']);
  await api.deliver({ type: 'toggle-site', tabId: 7, host: 'news.example.com', on: false });
  assert.deepEqual(api.store.autoAnnotate, ['other.org']);
  assert.equal(await api.deliver({ type: 'toggle-site', tabId: 7, host: '', on: true }), false);
  close();
});

test('config: the content script gets its site\'s view and first-run flag, never the backend or token', async () => {
  const { api, close } = await background({ storage: {
    backendUrl: 'http://127.0.0.1:9999', apiToken: 'secret', autoAnnotate: ['example.com'],
    viewMode: 'sources', siteModes: { 'news.example.com': 'everything' }, focusMode: true,
  } });
  const config = await api.deliver({ type: 'config' }, FROM_TAB);
  assert.deepEqual(config.view, { mode: 'everything', focus: true }, 'the site\'s own mode wins over viewMode');
  assert.equal(config.enabled, true);
  assert.equal(config.firstRun, true);
  assert.ok(!JSON.stringify(config).includes('secret') && !JSON.stringify(config).includes('9999'));
  const other = await api.deliver({ type: 'config' }, contentSender({ id: 8, url: 'https://other.org/a' }));
  assert.deepEqual(other.view, { mode: 'sources', focus: true }, 'a site without its own mode gets viewMode');
  // The first-run card closed: the background writes the flag (the content script cannot).
  assert.equal(await api.deliver({ type: 'first-run-seen' }, FROM_TAB), true);
  assert.equal(api.store.firstRunSeen, true);
  assert.equal((await api.deliver({ type: 'config' }, FROM_TAB)).firstRun, false);
  close();
});

test('first-run-seen and config are content-script messages only', async () => {
  const { api, close } = await background({});
  assert.equal(await api.deliver({ type: 'first-run-seen', tabId: 7 }, pageSender('popup')), undefined);
  assert.equal(api.store.firstRunSeen, undefined);
  close();
});

test('messages of unknown types get no answer', async () => {
  const { api, close } = await background({});
  assert.equal(await api.deliver({ type: 'no-such-thing' }), undefined);
  assert.equal(await api.deliver(null), undefined);
  close();
});
