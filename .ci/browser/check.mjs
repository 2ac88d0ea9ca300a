// Browser check for Lika: crawl the running demo as each persona, run axe-core
// (WCAG 2.0/2.1 A+AA) on every page, and report broken links and missing
// <h1>/<html lang>, and measure each page's width at 320 px (WCAG 1.4.10 Reflow).
// Usage: node check.mjs BASE_URL   (see README.md)
import { chromium } from 'playwright-core';
import axe from 'axe-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const BASE = (process.argv[2] || '').replace(/\/+$/, '');
if (!/^https?:\/\//.test(BASE)) {
  console.error('usage: node check.mjs BASE_URL   (e.g. http://127.0.0.1:8765)');
  process.exit(2);
}
const ORIGIN = new URL(BASE).origin;
const env = process.env;
const MAX_PAGES = parseInt(env.BROWSER_CHECK_MAX_PAGES || '400', 10);
const MAX_SECONDS = parseInt(env.BROWSER_CHECK_MAX_SECONDS || '2700', 10);
const PASSWORD = env.BROWSER_CHECK_PASSWORD || 'lika-demo';
const SCREENSHOT_DIR = env.SCREENSHOT_DIR || '';
const CHROMIUM = env.BROWSER_CHECK_CHROMIUM || '/usr/bin/chromium';
const DEFAULT_PERSONAS = 'hbg-agare,hbg-samordnare,hbg-soc,hbg-kultur,hbg-analytiker,hbg-lasare,hbg-handlaggare,hst-agare';
// BROWSER_CHECK_PERSONAS="" checks the anonymous visitor only.
const PERSONAS = [null, ...(env.BROWSER_CHECK_PERSONAS ?? DEFAULT_PERSONAS).split(',').map((s) => s.trim()).filter(Boolean)];
// BROWSER_CHECK_URLS="/a/,/b/" checks only those pages and follows no links (for quick checks while fixing).
const ONLY_PATHS = (env.BROWSER_CHECK_URLS || '').split(',').map((s) => s.trim()).filter(Boolean);
const START_PATHS = ONLY_PATHS.length ? ONLY_PATHS : ['/', '/en/'];
const NARROW = 320; // CSS px: WCAG 1.4.10 Reflow (1280 px at 400 % zoom)
const WIDE = { width: 1280, height: 900 };
const KEYBOARD_PAGES = parseInt(env.BROWSER_CHECK_KEYBOARD_PAGES || '3', 10); // first N pages per visitor
const KEYBOARD_STOPS = 40; // Tab presses per page
const AXE_OPTIONS = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } };

const LANG = '(?:/en)?';
const SKIP_PATH = [
  new RegExp(`^${LANG}/admin(?:/|$)`),
  new RegExp(`^${LANG}/accounts/logout(?:/|$)`),
  /\/(?:media|attachments)\//,
  /\.(?:csv|xlsx|yaml|yml|docx|pdf|zip)$/i,
];

const startedAt = Date.now();
const failures = []; // { who, url, from, reason }
const rules = new Map(); // rule id -> { impact, help, pages:Set, nodes, example }
const pagesChecked = new Map(); // who -> count
const seenViolation = new Set();
// Pages the anonymous visitor has checked are public and the same for everyone
// but the header; personas skip them (except the start pages) to keep CI short.
const checkedAnonymously = new Set();
let outOfTime = false;

const label = (who) => who || 'anonymous';
const fail = (who, url, from, reason) => {
  failures.push({ who: label(who), url, from, reason });
  console.log(`  FAIL ${reason}${from ? ` (linked from ${from})` : ''}`);
};

// Absolute, same-origin, fragment-free URL worth crawling, or null.
function normalise(href, download = false) {
  if (!href || download) return null;
  let u;
  try { u = new URL(href, BASE); } catch { return null; }
  if (u.origin !== ORIGIN || !/^https?:$/.test(u.protocol)) return null; // also drops mailto:, tel:, javascript:
  u.hash = '';
  u.searchParams.delete('next'); // /accounts/login/?next=... is one page, not one per referrer
  u.searchParams.sort();
  const path = decodeURIComponent(u.pathname);
  if (SKIP_PATH.some((re) => re.test(path))) return null;
  return u.href;
}

const short = (url) => (url && url.startsWith(ORIGIN) ? url.slice(ORIGIN.length) || '/' : url);

async function login(page, who) {
  const loginUrl = `${BASE}/accounts/login/`;
  const resp = await page.goto(loginUrl, { waitUntil: 'load' });
  if (!resp || resp.status() >= 400) throw new Error(`login page returned ${resp ? resp.status() : 'no response'}`);
  await page.fill('#id_username', who);
  await page.fill('#id_password', PASSWORD);
  const form = page.locator('form', { has: page.locator('#id_password') });
  const submit = form.locator('button:not([type]), button[type=submit], input[type=submit]');
  const leftLogin = page
    .waitForURL((u) => !u.pathname.replace(/^\/en\//, '/').startsWith('/accounts/login/'), { timeout: 15000 })
    .then(() => true, () => false);
  await submit.first().click({ timeout: 10000 });
  if (!(await leftLogin)) {
    throw new Error(`still on ${short(page.url())} 15 s after submitting (wrong username/password, or no redirect after login?)`);
  }
}

// The security headers every page carries (docs/security.md).
function checkSecurityHeaders(who, url, from, headers) {
  const csp = headers['content-security-policy'] || '';
  if (!csp.includes("default-src 'self'") || !csp.includes("frame-ancestors 'none'")) fail(who, url, from, `no strict Content-Security-Policy on ${url}`);
  if (/unsafe-inline|unsafe-eval/.test(csp)) fail(who, url, from, `Content-Security-Policy allows unsafe-inline or unsafe-eval on ${url}`);
  if (headers['x-content-type-options'] !== 'nosniff') fail(who, url, from, `no X-Content-Type-Options: nosniff on ${url}`);
  if (!headers['permissions-policy']) fail(who, url, from, `no Permissions-Policy on ${url}`);
  if (!headers['referrer-policy']) fail(who, url, from, `no Referrer-Policy on ${url}`);
}

async function checkPage(page, who, url, from, index) {
  let resp;
  try {
    resp = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
  } catch (err) {
    if (/Download is starting/i.test(err.message)) return []; // file download, not a page
    console.log(`[${label(who)}] ERR ---  ${short(url)}`);
    fail(who, short(url), from, `navigation error: ${err.message.split('\n')[0]}`);
    return [];
  }
  const status = resp ? resp.status() : 0;
  const finalUrl = page.url();
  const html = resp && /html/i.test(resp.headers()['content-type'] || '');
  if (!resp || status >= 400) {
    console.log(`[${label(who)}] ${status} ---  ${short(url)}`);
    fail(who, short(url), from, `HTTP ${status || 'no response'} for ${short(url)}`);
    return [];
  }
  if (!html || new URL(finalUrl).origin !== ORIGIN) {
    console.log(`[${label(who)}] ${status} skip ${short(url)} (not an HTML page of this site)`);
    return [];
  }

  checkSecurityHeaders(who, short(finalUrl), from, resp.headers());
  // Evaluated by the browser's debugger, not as an inline <script>: the page's strict CSP stays in force.
  await page.evaluate(axe.source);
  const result = await page.evaluate((opts) => window.axe.run(document, opts), AXE_OPTIONS);
  const facts = await page.evaluate(() => ({
    lang: (document.documentElement.getAttribute('lang') || '').trim(),
    h1: [...document.querySelectorAll('h1')].filter((h) => h.textContent.trim()).length,
    links: [...document.querySelectorAll('a[href]')].map((a) => ({ href: a.href, download: a.hasAttribute('download') })),
  }));

  const shown = short(finalUrl) === short(url) ? short(url) : `${short(url)} -> ${short(finalUrl)}`;
  console.log(`[${label(who)}] ${status} v=${result.violations.length} ${shown}`);
  for (const v of result.violations) {
    const targets = v.nodes.slice(0, 3).map((n) => [].concat(n.target).join(' '));
    const rule = rules.get(v.id) || { impact: v.impact, help: v.help, helpUrl: v.helpUrl, pages: new Set(), nodes: 0, example: null };
    rule.pages.add(short(finalUrl));
    rule.nodes += v.nodes.length;
    rule.example ||= { url: short(finalUrl), who: label(who), targets };
    rules.set(v.id, rule);
    const key = `${v.id}|${targets.join(',')}`; // print each distinct finding once in full
    if (!seenViolation.has(key)) {
      seenViolation.add(key);
      console.log(`  axe ${v.id} (${v.impact}): ${v.help}`);
      for (const t of targets) console.log(`      ${t}`);
    }
  }
  const width = await measureWidth(page);
  if (width.scrollWidth > NARROW) {
    fail(who, short(finalUrl), from, `page is ${width.scrollWidth} px wide at ${NARROW} px on ${short(finalUrl)}; widest: ${width.widest}`);
  }
  if (index < KEYBOARD_PAGES || ONLY_PATHS.length) {
    for (const problem of await keyboardProblems(page)) fail(who, short(finalUrl), from, `keyboard on ${short(finalUrl)}: ${problem}`);
  }
  if (!facts.lang) fail(who, short(finalUrl), from, `<html> has no lang attribute on ${short(finalUrl)}`);
  if (!facts.h1) fail(who, short(finalUrl), from, `no <h1> with text on ${short(finalUrl)}`);

  if (SCREENSHOT_DIR && index < 3) {
    const file = join(SCREENSHOT_DIR, `${label(who)}-${index + 1}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch((e) => console.log(`  (screenshot failed: ${e.message})`));
  }
  return facts.links.map((l) => normalise(l.href, l.download)).filter(Boolean);
}

// The page's width at a 320 px viewport, and the element reaching furthest right
// that no scrolling box of its own contains (the one to fix).
async function measureWidth(page) {
  await page.setViewportSize({ width: NARROW, height: 640 });
  try {
    return await page.evaluate((narrow) => {
      const scrollWidth = document.documentElement.scrollWidth;
      if (scrollWidth <= narrow) return { scrollWidth, widest: '' };
      // Is el inside a box that scrolls or clips it (so it cannot widen the page)?
      const clipped = (el) => {
        const outOfFlow = (style) => style.position === 'absolute' || style.position === 'fixed';
        let absolute = outOfFlow(getComputedStyle(el)); // clipped only by a positioned ancestor's box
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const style = getComputedStyle(p);
          if (absolute && style.position === 'static') continue;
          if (style.overflowX !== 'visible') return true;
          absolute = outOfFlow(style);
        }
        return false;
      };
      const describe = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '')
        + [...el.classList].map((c) => `.${c}`).join('');
      let best = null;
      let bestRight = narrow;
      const consider = (el, rect, what) => {
        const right = Math.ceil(rect.right + window.scrollX);
        if (right > bestRight && !clipped(el)) { best = { el, what }; bestRight = right; }
      };
      for (const el of document.body.querySelectorAll('*')) consider(el, el.getBoundingClientRect(), 'element');
      // Text can stick out of its element (a long word): look at the text itself too.
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim() || !node.parentElement) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        consider(node.parentElement, range.getBoundingClientRect(), 'text in');
      }
      if (!best) return { scrollWidth, widest: '(no single element found)' };
      const text = (best.el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50);
      return { scrollWidth, widest: `${best.what} <${describe(best.el)}> right edge ${bestRight} px${text ? ` "${text}"` : ''}` };
    }, NARROW);
  } finally {
    await page.setViewportSize(WIDE);
  }
}

// Tab through the page (WCAG 2.1.1, 2.4.7): each stop must be an element of the page
// and show a visible focus indicator (an outline or a box shadow).
async function keyboardProblems(page) {
  const problems = [];
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  for (let stop = 0; stop < KEYBOARD_STOPS; stop += 1) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return { done: true };
      const style = getComputedStyle(el);
      const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + [...el.classList].map((c) => `.${c}`).join('');
      return { done: false, visible, name, text: (el.textContent || el.value || '').trim().slice(0, 40) };
    });
    if (state.done) break; // past the last stop, focus returns to the page
    if (!state.visible) problems.push(`no visible focus on <${state.name}> "${state.text}"`);
    if (problems.length >= 3) break;
  }
  return problems;
}

async function crawl(browser, who) {
  console.log(`\n=== ${label(who)} ===`);
  const context = await browser.newContext({ locale: 'sv-SE', viewport: WIDE });
  const page = await context.newPage();
  // Anything the Content-Security-Policy blocks shows as a console error: a failure here.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      fail(who, short(page.url()), null, `blocked by the Content-Security-Policy: ${message.text().slice(0, 200)}`);
    }
  });
  let count = 0;
  try {
    if (who) {
      try {
        await login(page, who);
      } catch (err) {
        fail(who, '/accounts/login/', null, `login as ${who} failed: ${err.message.split('\n')[0]}`);
        return;
      }
    }
    const queue = START_PATHS.map((p) => ({ url: normalise(p), from: null }));
    const seen = new Set(queue.map((q) => q.url));
    while (queue.length && count < MAX_PAGES) {
      if ((Date.now() - startedAt) / 1000 > MAX_SECONDS) {
        outOfTime = true;
        fail(who, '-', null, `time budget of ${MAX_SECONDS}s exhausted (${queue.length}+ pages left unchecked)`);
        return;
      }
      const { url, from } = queue.shift();
      if (who && checkedAnonymously.has(url) && !START_PATHS.some((p) => normalise(p) === url)) continue;
      const links = await checkPage(page, who, url, from, count);
      if (!who) checkedAnonymously.add(url);
      count += 1;
      if (ONLY_PATHS.length) continue; // the pages asked for, no crawl
      const here = normalise(page.url());
      if (here) seen.add(here);
      for (const link of links) {
        if (!seen.has(link)) {
          seen.add(link);
          queue.push({ url: link, from: short(url) });
        }
      }
    }
    if (queue.length) console.log(`  (page limit ${MAX_PAGES} reached; ${queue.length} queued pages not checked)`);
  } finally {
    pagesChecked.set(label(who), count);
    await context.close();
  }
}

async function main() {
  console.log(`browser check: ${BASE}, personas: ${PERSONAS.map(label).join(', ')}, max ${MAX_PAGES} pages each`);
  if (SCREENSHOT_DIR) mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Plain launch: Playwright gives the browser a fresh temporary profile.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    for (const who of PERSONAS) {
      await crawl(browser, who);
      if (outOfTime) break;
    }
  } finally {
    await browser.close();
  }

  console.log('\n===== summary =====');
  for (const [who, n] of pagesChecked) console.log(`pages checked  ${who}: ${n}`);
  const ruleList = [...rules.entries()].sort((a, b) => b[1].pages.size - a[1].pages.size);
  const totalNodes = ruleList.reduce((s, [, r]) => s + r.nodes, 0);
  console.log(`\naxe violations: ${ruleList.length} rules, ${totalNodes} elements`);
  for (const [id, r] of ruleList) {
    console.log(`  ${id} (${r.impact}) on ${r.pages.size} page(s), ${r.nodes} element(s): ${r.help}`);
    console.log(`      e.g. ${r.example.who} ${r.example.url}: ${r.example.targets.join(' | ')}`);
    console.log(`      ${r.helpUrl}`);
  }
  console.log(`\nfailures: ${failures.length}`);
  for (const f of failures.slice(0, 200)) {
    console.log(`  [${f.who}] ${f.reason}${f.from ? ` (linked from ${f.from})` : ''}`);
  }
  if (failures.length > 200) console.log(`  ... and ${failures.length - 200} more`);
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  const ok = ruleList.length === 0 && failures.length === 0;
  console.log(`\nbrowser check ${ok ? 'PASSED' : 'FAILED'} in ${seconds}s`);
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (err) => {
  console.error('browser check crashed:', err);
  process.exit(1);
});
