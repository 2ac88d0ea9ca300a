// CI: sign in to Lika through the OpenID Connect provider, in a real browser.
//   node signin.mjs LIKA_URL
// 1. hbg-kultur (a Lika person with that e-mail address) signs in and sees their role;
// 2. an unknown person gets the page saying whom to ask, and no session;
// 3. a forged callback (made-up code and state) is refused.
import { chromium } from 'playwright-core';

const BASE = (process.argv[2] || '').replace(/\/$/, '');
if (!BASE) { console.error('usage: node signin.mjs LIKA_URL'); process.exit(2); }
const CHROMIUM = process.env.BROWSER_CHECK_CHROMIUM || '/usr/bin/chromium';
let failures = 0;
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures += 1; };

async function signInAs(context, who) {
  const page = await context.newPage();
  await page.goto(`${BASE}/accounts/login/`);
  await page.getByRole('link', { name: /CI test provider/ }).click();
  // allauth asks before leaving for the provider (a POST, so no other site can start it).
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL((u) => u.port !== new URL(BASE).port, { timeout: 15000 });
  await page.fill('input[name=login]', who);
  await page.fill('input[name=password]', 'anything');
  await page.locator('button[type=submit]').click();
  const consent = page.locator('form input[name=prompt][value=consent]');
  if (await consent.count().catch(() => 0)) await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => u.href.startsWith(BASE), { timeout: 15000 });
  await page.waitForLoadState('load');
  return page;
}

async function loggedIn(context) {
  const page = await context.newPage();
  const response = await page.goto(`${BASE}/my/`);
  const ok = response.ok() && !new URL(page.url()).pathname.includes('/accounts/login/');
  await page.close();
  return ok;
}

async function main() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const known = await browser.newContext();
    const page = await signInAs(known, 'hbg-kultur');
    const text = await page.locator('main').innerText();
    check(new URL(page.url()).pathname === '/my/', `hbg-kultur lands on /my/ (at ${page.url()})`);
    check(/Kulturförvaltningen/.test(text), 'hbg-kultur sees their unit, Kulturförvaltningen, on their page');
    check(/hbg-kultur/.test(await page.locator('header').innerText()), 'the header names hbg-kultur');
    await page.locator('header form button[type=submit]').click();
    await page.waitForLoadState('load');
    check(!(await loggedIn(known)), 'after logging out, /my/ asks for a login again');

    const stranger = await browser.newContext();
    const refused = await signInAs(stranger, 'nobody-at-all');
    const h1 = await refused.locator('h1').innerText();
    check(/inget konto|no account/i.test(h1), `an unknown person is told they have no account ("${h1}")`);
    check(!(await loggedIn(stranger)), 'an unknown person has no session');

    const forger = await browser.newContext();
    const forged = await forger.newPage();
    await forged.goto(`${BASE}/accounts/oidc/ci/login/callback/?code=forged&state=forged`);
    check(!(await loggedIn(forger)), 'a forged callback signs nobody in');
  } finally {
    await browser.close();
  }
  if (failures) { console.error(`oidc: ${failures} check(s) failed`); process.exit(1); }
  console.log('oidc: all checks passed');
}

main().catch((err) => { console.error(`oidc: ${err.message}`); process.exit(1); });
