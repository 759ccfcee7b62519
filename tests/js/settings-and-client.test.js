import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDefaults, siteEnabled, isLoopback, originPattern } from '../../extension/src/shared/settings.js';
import { annotate, health } from '../../extension/src/shared/backend-client.js';

test('settings: defaults and malformed values', () => {
  const s = withDefaults({ backendUrl: 'http://10.0.0.5:9000/', autoAnnotate: ['News.Example.com', 3], categories: { hedges: false } });
  assert.equal(s.backendUrl, 'http://10.0.0.5:9000');
  assert.deepEqual(s.autoAnnotate, ['news.example.com']);
  assert.deepEqual(s.categories, { entities: true, claims: true, sources: true, hedges: false });
  assert.equal(s.wikipediaSummaries, true);
  assert.equal(withDefaults({}).backendUrl, 'http://127.0.0.1:8765');
});

test('sites match by hostname or parent domain, not by substring', () => {
  assert.ok(siteEnabled(['example.com'], 'www.example.com'));
  assert.ok(!siteEnabled(['example.com'], 'badexample.com'));
  assert.ok(isLoopback('http://localhost:8765'));
  assert.ok(isLoopback('http://127.0.0.1:1'));
  assert.ok(!isLoopback('https://backend.example.org'));
  assert.equal(originPattern('https://b.example.org:8443/x'), 'https://b.example.org/*');
});

const reply = (status, body) => async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

test('backend errors become reader-facing codes', async () => {
  const down = async () => { throw new TypeError('Failed to fetch'); };
  assert.equal((await annotate('http://x', '', { text: 'a' }, down)).error.code, 'backend-down');
  assert.equal((await annotate('http://x', 'bad', { text: 'a' }, reply(401, { error: { code: 'unauthorized' } }))).error.code, 'unauthorized');
  assert.equal((await annotate('http://x', '', { text: 'a' }, reply(413, {}))).error.code, 'too-long');
  assert.equal((await annotate('http://x', '', { text: 'a' }, reply(503, {}))).error.code, 'model-loading');
  assert.equal((await annotate('http://x', '', { text: 'a' }, reply(500, {}))).error.code, 'server-error');
});

test('a backend timeout (422) is `timeout`; any other unknown status is `server-error`, never http-NNN', async () => {
  const timeout = await annotate('http://x', '', { text: 'a' }, reply(422, { error: { code: 'timeout', message: 'took 20s' } }));
  assert.equal(timeout.error.code, 'timeout');
  assert.match(timeout.error.message, /too long to annotate/);
  for (const status of [404, 405, 418, 422, 502, 599]) {
    const r = await annotate('http://x', '', { text: 'a' }, reply(status, { error: { code: 'something-else' } }));
    assert.equal(r.error.code, 'server-error', `HTTP ${status}`);
    assert.doesNotMatch(r.error.code, /^http-/);
  }
});

test('a page the model cannot read (422 unsupported_language) keeps the backend\'s sentence and language', async () => {
  const message = 'This page is in Korean; the English model cannot read it.';
  const body = { error: { code: 'unsupported_language', message, language: { detected: 'ko', model: ['en'] } } };
  const r = await annotate('http://x', '', { text: 'a', lang: 'ko' }, reply(422, body));
  assert.deepEqual(r.error, { code: 'unsupported-language', message, language: 'ko' });
  const bare = await annotate('http://x', '', { text: 'a' }, reply(422, { error: { code: 'unsupported_language' } }));
  assert.match(bare.error.message, /language the backend's model cannot read/);
});

test('settings: maxChars defaults to 100,000 and rejects nonsense', () => {
  assert.equal(withDefaults({}).maxChars, 100_000);
  assert.equal(withDefaults({ maxChars: 20_000 }).maxChars, 20_000);
  for (const bad of ['5', -1, 10, 1.5, null]) assert.equal(withDefaults({ maxChars: bad }).maxChars, 100_000);
});

test('requests carry the bearer token and ask for UTF-16 offsets', async () => {
  let seen;
  const spy = async (url, init) => { seen = { url, init }; return new Response('{"status":"ok"}', { status: 200 }); };
  const r = await annotate('http://h:1', 'tok', { text: 'hi' }, spy);
  assert.ok(r.ok);
  assert.equal(seen.url, 'http://h:1/api/v1/annotate');
  assert.equal(seen.init.headers.Authorization, 'Bearer tok');
  assert.equal(JSON.parse(seen.init.body).offsets, 'utf16');
  assert.ok((await health('http://h:1', '', spy)).ok);
  assert.equal(seen.init.headers.Authorization, undefined);
});

test('annotateWhenReady waits out a loading model, but not other errors', async () => {
  const { annotateWhenReady } = await import('../../extension/src/shared/backend-client.js');
  let calls = 0;
  const loadingTwice = async () => {
    calls += 1;
    return new Response(calls <= 2 ? '{}' : '{"schema":1}', { status: calls <= 2 ? 503 : 200 });
  };
  const r = await annotateWhenReady('http://h', '', { text: 'a' }, { delayMs: 1, fetchImpl: loadingTwice });
  assert.ok(r.ok);
  assert.equal(calls, 3);
  calls = 0;
  const unauthorized = async () => (calls += 1, new Response('{}', { status: 401 }));
  assert.equal((await annotateWhenReady('http://h', '', { text: 'a' }, { delayMs: 1, fetchImpl: unauthorized })).error.code, 'unauthorized');
  assert.equal(calls, 1);
});
