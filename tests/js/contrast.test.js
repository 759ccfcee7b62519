// Text contrast of the cards and the extension's pages: at least 4.5:1 (WCAG AA) in
// the light and the dark scheme, computed from the stylesheets themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CARD_CSS } from '../../extension/src/cards/card-host.js';

const UI_CSS = readFileSync(new URL('../../extension/ui.css', import.meta.url), 'utf8');

/** @param {string} hex */
function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** @param {string} a @param {string} b */
function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The declarations of the rule whose selector is exactly `selector`. @param {string} css @param {string} selector */
function rule(css, selector) {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?:^|\\n|\\})\\s*${escaped}\\s*\\{([^}]*)\\}`).exec(css);
  assert.ok(m, `no rule ${selector}`);
  return m[1];
}

/** @param {string} decls @param {string} prop */
function hex(decls, prop) {
  const m = new RegExp(`(?:^|;|\\s)${prop}:\\s*(#[0-9a-f]{6})`, 'i').exec(decls);
  assert.ok(m, `no ${prop} in ${decls}`);
  return m[1];
}

test('cards: body and warning text reach 4.5:1 on the light and the dark card', () => {
  const light = rule(CARD_CSS, '.card');
  const dark = rule(CARD_CSS, '.card.dark');
  const pairs = [
    [hex(light, 'color'), hex(light, 'background')],
    [hex(rule(CARD_CSS, '.warn'), 'color'), hex(light, 'background')],
    [hex(dark, 'color'), hex(dark, 'background')],
    [hex(rule(CARD_CSS, '.dark .warn'), 'color'), hex(dark, 'background')],
  ];
  for (const [fg, bg] of pairs) assert.ok(contrast(fg, bg) >= 4.5, `${fg} on ${bg}: ${contrast(fg, bg).toFixed(2)}`);
});

test('popup, panel and options: coloured text reaches 4.5:1 on Canvas, light and dark', () => {
  // Canvas: white in the light scheme; Chromium's dark Canvas is #121212.
  const found = [...UI_CSS.matchAll(/color:\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/gi)];
  assert.ok(found.length >= 3, 'coloured text uses light-dark()');
  for (const [, light, dark] of found) {
    assert.ok(contrast(light, '#ffffff') >= 4.5, `${light} on white: ${contrast(light, '#ffffff').toFixed(2)}`);
    assert.ok(contrast(dark, '#121212') >= 4.5, `${dark} on #121212: ${contrast(dark, '#121212').toFixed(2)}`);
  }
  assert.doesNotMatch(UI_CSS, /[^-]color:\s*#[0-9a-f]{3,6}/i, 'a fixed text colour ignores the scheme');
});
