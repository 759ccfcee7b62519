// What leaves the page and who may ask: pure helpers of the privacy rules (issue 11).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { articleUrl, httpHost } from '../../extension/src/shared/defaults.js';
import { siteOrigins, tokenInTheClear } from '../../extension/src/shared/settings.js';

test('only origin and path are sent as the url', () => {
  assert.equal(articleUrl('https://news.example/world/story?session=abc&utm_source=x#comments'), 'https://news.example/world/story');
  assert.equal(articleUrl('http://user:pw@news.example:8080/a/b/'), 'http://news.example:8080/a/b/');
  assert.equal(articleUrl('file:///home/me/page.html'), '');
  assert.equal(articleUrl('not a url'), '');
});

test('httpHost: hostnames of http(s) pages only', () => {
  assert.equal(httpHost('https://WWW.Example.com./x'), 'www.example.com');
  assert.equal(httpHost('chrome://extensions'), '');
  assert.equal(httpHost(undefined), '');
});

test('a site on the list covers its subdomains, over http and https, as two patterns', () => {
  assert.deepEqual(siteOrigins('example.com'), ['http://*.example.com/*', 'https://*.example.com/*']);
  assert.deepEqual(siteOrigins('10.0.0.7'), ['http://10.0.0.7/*', 'https://10.0.0.7/*']);
});

test('a token over plain http to another machine is warned about; loopback and https are not', () => {
  assert.equal(tokenInTheClear('http://annotate.example.org:8765', 'tok'), true);
  assert.equal(tokenInTheClear('https://annotate.example.org', 'tok'), false);
  assert.equal(tokenInTheClear('http://127.0.0.1:8765', 'tok'), false);
  assert.equal(tokenInTheClear('http://localhost:8765', 'tok'), false);
  assert.equal(tokenInTheClear('http://annotate.example.org', ''), false);
  assert.equal(tokenInTheClear('not a url', 'tok'), false);
});
