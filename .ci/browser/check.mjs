// Browser check for Lika: crawl the running demo as each persona, run axe-core
// (WCAG 2.0/2.1 A+AA) on every page, and report broken links and missing
// <h1>/<html lang>, and measure each page's width at 320 px (WCAG 1.4.10 Reflow).
// Once per kind of page: the width at 640 px (200 % zoom) and the WCAG 1.4.12 text
// spacing override (no text clipped). At the end, two tasks done with the keyboard
// alone: the reporter writes an example, the case officer completes an assessment.
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
const ZOOM_200 = 640; // CSS px: 1280 px at 200 % zoom
// WCAG 1.4.12 Text Spacing: the standard bookmarklet's overrides.
const TEXT_SPACING = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }'
  + ' p { margin-bottom: 2em !important; }';
// BROWSER_CHECK_WALKS=0 skips the keyboard tasks; with BROWSER_CHECK_URLS they run only when it is 1.
const WALKS = env.BROWSER_CHECK_WALKS ?? '';
const TOP_LEVEL = new Set(['', 'en', 'my', 'accessibility', 'readability', 'accounts', 'admin', 'audit', 'followup', 'consultation',
  'reports', 'jobs', 'statistics', 'assessments', 'business-plans', 'examples', 'api', 'healthz']);
let extraMs = 0; // time spent on the zoom and text spacing checks
const kindsChecked = new Set(); // kinds of page (see kindOf) whose zoom and text spacing were checked
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
  const width = await measureWidth(page, NARROW);
  if (width.scrollWidth > NARROW) {
    fail(who, short(finalUrl), from, `page is ${width.scrollWidth} px wide at ${NARROW} px on ${short(finalUrl)}; widest: ${width.widest}`);
  }
  const kind = kindOf(finalUrl);
  if (!kindsChecked.has(kind)) {
    kindsChecked.add(kind);
    const extraStart = Date.now();
    const zoomed = await measureWidth(page, ZOOM_200);
    if (zoomed.scrollWidth > ZOOM_200) {
      fail(who, short(finalUrl), from, `page is ${zoomed.scrollWidth} px wide at 200 % zoom (${ZOOM_200} px) on ${short(finalUrl)}; widest: ${zoomed.widest}`);
    }
    for (const clipped of await textSpacingProblems(page)) {
      fail(who, short(finalUrl), from, `text spacing (WCAG 1.4.12) on ${short(finalUrl)}: ${clipped}`);
    }
    extraMs += Date.now() - extraStart;
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

// A kind of page: its path with the municipality and every identifier or number
// replaced by *, so /helsingborg/documents/x-2022/nodes/6/ and /halmstad/documents/y/nodes/1.2/ are one kind.
function kindOf(url) {
  const segments = new URL(url).pathname.split('/');
  return segments.map((part, i) => {
    if (i === 1 && !TOP_LEVEL.has(part)) return '*';
    if (i === 2 && segments[1] === 'en' && !TOP_LEVEL.has(part)) return '*';
    return /[\d-]/.test(part) ? '*' : part;
  }).join('/');
}

// With the text spacing override of WCAG 1.4.12 applied (a constructed style sheet, which
// the CSP allows), the elements that hide part of their text: overflow hidden or clip and
// content taller or wider than the box. Visually hidden texts (1 px boxes) are meant to be.
async function textSpacingProblems(page) {
  return page.evaluate((css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    const found = [];
    try {
      const hides = (value) => value === 'hidden' || value === 'clip';
      for (const el of document.body.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        if (!hides(style.overflowX) && !hides(style.overflowY)) continue;
        if (el.clientWidth <= 1 || el.clientHeight <= 1 || style.display === 'none' || style.visibility === 'hidden') continue;
        const text = (el.textContent || '').trim().replace(/\s+/g, ' ');
        if (!text) continue;
        const tall = hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
        const wide = hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
        if (!tall && !wide) continue;
        const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + [...el.classList].map((c) => `.${c}`).join('');
        found.push(`<${name}> clips its text (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}) "${text.slice(0, 50)}"`);
        if (found.length >= 3) break;
      }
    } finally {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    }
    return found;
  }, TEXT_SPACING);
}

// The page's width at a viewport `width` px wide, and the element reaching furthest right
// that no scrolling box of its own contains (the one to fix).
async function measureWidth(page, NARROW) {
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

// --- Tasks done with the keyboard alone (WCAG 2.1.1) -------------------------------------

const WALK_TEXT = 'Skrivet med tangentbordet: vi bjöd in föreningar till ett samtal om lika möjligheter.';

// Press Tab until the focused element matches `want` ({ tag, href, action, name, text }: href and
// action are regular expressions on the link's path and the form's action), at most `limit` times.
async function tabTo(page, want, limit = 200) {
  for (let stop = 0; stop < limit; stop += 1) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate((w) => {
      const el = document.activeElement;
      if (!el || el === document.body) return false;
      const path = (value) => { try { return new URL(value, location.href).pathname; } catch { return ''; } };
      if (w.tag && el.tagName !== w.tag) return false;
      if (w.href && !new RegExp(w.href).test(path(el.getAttribute('href') || ''))) return false;
      if (w.action && !(el.form && new RegExp(w.action).test(path(el.form.getAttribute('action') || location.href)))) return false;
      if (w.name && el.name !== w.name) return false;
      if (w.text && !(el.textContent || '').includes(w.text)) return false;
      return true;
    }, want);
    if (found) return;
  }
  throw new Error(`${JSON.stringify(want)} not reached with ${limit} presses of Tab on ${short(page.url())}`);
}

async function pressAndWait(page, key) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 20000 }), page.keyboard.press(key)]);
}

// The focused element's description: is it the error summary a failed form leads with?
const focusIsOnErrorSummary = (page) => page.evaluate(() => Boolean(document.activeElement?.closest('[data-error-summary]')));

// The reporter opens the open round, starts the unit's report, opens measure 6, sends the
// example form empty (the focus must move to the error summary), then writes and saves it.
async function reporterWalk(page) {
  await page.goto(`${BASE}/followup/`, { waitUntil: 'load' });
  await tabTo(page, { tag: 'A', href: '^/followup/[^/]+/$' });
  await pressAndWait(page, 'Enter');
  await tabTo(page, { tag: 'A', href: '/units/kulturforvaltningen/$' });
  await pressAndWait(page, 'Enter');
  if (await page.locator('main form[action$="/start/"] button').count()) {
    await tabTo(page, { tag: 'BUTTON', action: '/start/$' });
    await pressAndWait(page, 'Enter');
  }
  await tabTo(page, { tag: 'A', href: '/measures/6/$' });
  await pressAndWait(page, 'Enter');
  await tabTo(page, { tag: 'A', href: '/examples/new/$' });
  await pressAndWait(page, 'Enter');
  await tabTo(page, { tag: 'BUTTON', action: '/examples/new/$' });
  await pressAndWait(page, 'Enter');
  if (!(await focusIsOnErrorSummary(page))) throw new Error('after sending the example form empty, the focus is not on the error summary');
  await page.evaluate(() => document.activeElement?.blur());
  await tabTo(page, { name: 'title' });
  await page.keyboard.type('Samtal med föreningar (tangentbord)');
  await tabTo(page, { name: 'what_was_done' });
  await page.keyboard.type(WALK_TEXT);
  await tabTo(page, { tag: 'BUTTON', action: '/examples/new/$' });
  await pressAndWait(page, 'Enter');
  if (/\/examples\/new\/$/.test(new URL(page.url()).pathname)) throw new Error('the example was not saved (still on the form)');
  if (!(await page.content()).includes('Samtal med föreningar (tangentbord)')) throw new Error('the saved example is not shown after saving');
}

// In a step's form: answer every unanswered choice (Space) and empty text (typing), then press
// Enter on its first submit button ("save and go to the next step", or "save" on the last).
async function answerStepByKeyboard(page) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  for (let stop = 0; stop < 200; stop += 1) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement;
      if (!a || !a.closest('main form.form')) return { skip: true };
      const group = a.name ? [...a.form.elements].filter((e) => e.name === a.name) : [];
      return {
        tag: a.tagName, type: a.type, empty: !(a.value || '').trim(),
        chosen: group.some((e) => e.checked), submit: a.tagName === 'BUTTON' && a.type === 'submit',
      };
    });
    if (el.skip) continue;
    if ((el.type === 'radio' || el.type === 'checkbox') && !el.chosen) await page.keyboard.press('Space');
    else if (el.tag === 'TEXTAREA' && el.empty) await page.keyboard.type(WALK_TEXT);
    else if (el.submit) { await pressAndWait(page, 'Enter'); return; }
  }
  throw new Error(`no submit button reached in the form on ${short(page.url())}`);
}

// The case officer opens a draft assessment, answers every step and completes it.
async function caseOfficerWalk(page) {
  await page.goto(`${BASE}/assessments/`, { waitUntil: 'load' });
  await tabTo(page, { tag: 'A', href: '^/assessments/\\d+/$', text: 'etapp 4' });
  await pressAndWait(page, 'Enter');
  const overview = new URL(page.url()).pathname;
  await tabTo(page, { tag: 'A', href: '/steps/[^/]+/$' });
  await pressAndWait(page, 'Enter');
  for (let step = 0; step < 12 && new URL(page.url()).pathname !== overview; step += 1) await answerStepByKeyboard(page);
  if (new URL(page.url()).pathname !== overview) throw new Error(`the steps did not lead back to the overview (at ${short(page.url())})`);
  await tabTo(page, { tag: 'BUTTON', action: '/complete/$' });
  await pressAndWait(page, 'Enter');
  const done = await page.evaluate(() => Boolean(document.querySelector('.message--success')));
  if (!done) throw new Error(`completing gave no success message (at ${short(page.url())})`);
}

async function walk(browser, who, name, task) {
  const context = await browser.newContext({ locale: 'sv-SE', viewport: WIDE });
  const page = await context.newPage();
  try {
    await login(page, who);
    await task(page);
    console.log(`[${who}] keyboard task done: ${name}`);
  } catch (err) {
    fail(who, short(page.url()), null, `keyboard task "${name}": ${err.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
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
    if (WALKS === '1' || (WALKS === '' && !ONLY_PATHS.length)) {
      console.log('\n=== keyboard tasks ===');
      await walk(browser, 'hbg-kultur', 'the reporter writes an example', reporterWalk);
      await walk(browser, 'hbg-handlaggare', 'the case officer completes an assessment', caseOfficerWalk);
    }
  } finally {
    await browser.close();
  }

  console.log('\n===== summary =====');
  for (const [who, n] of pagesChecked) console.log(`pages checked  ${who}: ${n}`);
  console.log(`kinds of page checked at 200 % zoom and with text spacing: ${kindsChecked.size} (${Math.round(extraMs / 1000)} s)`);
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
