// What the OIDC and SAML sign-in walks (signin.mjs, saml-signin.mjs) share: Lika's address from
// the command line, the browser, the tally of checks, the password sign-in and the role rule.
import { basename } from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = (process.argv[2] || '').replace(/\/$/, '');
if (!BASE) { console.error(`usage: node ${basename(process.argv[1])} LIKA_URL`); process.exit(2); }
const CHROMIUM = process.env.BROWSER_CHECK_CHROMIUM || '/usr/bin/chromium';
const DEMO_PASSWORD = process.env.LIKA_DEMO_PASSWORD || 'lika-demo';
const ROUND = '/followup/helsingborg-lika-2023/units';
let failures = 0;
export const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures += 1; };

// From Lika's login page to the provider named (a RegExp), up to the provider's own page.
export async function chooseProvider(page, name) {
  await page.goto(`${BASE}/accounts/login/`);
  await page.getByRole('link', { name }).click();
  // allauth asks before leaving for the provider (a POST, so no other site can start it).
  await page.locator('main form button[type=submit]').click();
}

export async function loggedIn(context) {
  const page = await context.newPage();
  const response = await page.goto(`${BASE}/my/`);
  const ok = response.ok() && !new URL(page.url()).pathname.includes('/accounts/login/');
  await page.close();
  return ok;
}

export async function passwordSignIn(context, who) {
  const page = await context.newPage();
  await page.goto(`${BASE}/accounts/login/`);
  await page.fill('input[name=login]', who);
  await page.fill('input[name=password]', DEMO_PASSWORD);
  await page.locator('main form button[type=submit]').first().click();
  await page.waitForLoadState('load');
  return page;
}

// The plan owner adds department = * → reporter in the unit of that name; true when the table shows it.
export async function addDepartmentRule(page) {
  await page.goto(`${BASE}/accounts/people/rules/`);
  await page.getByLabel(/Attribut|Claim/).fill('department');
  await page.getByLabel(/^Värde|^Value/).fill('*');
  await page.getByLabel(/^Roll|^Role/).selectOption('reporter');
  await page.getByLabel(/^Enhet|^Unit/).selectOption('*');
  await page.locator('form.form button[type=submit]').click();
  await page.waitForLoadState('load');
  return /department/.test(await page.locator('table').innerText().catch(() => ''));
}

// What a reporter of Kulturförvaltningen reaches in the 2023 round: their unit's measures, not another's.
export async function reporterReach(context) {
  const own = await context.newPage();
  const response = await own.goto(`${BASE}${ROUND}/kulturforvaltningen/`);
  const measures = await own.locator('a[href*="/measures/"]').count();
  const other = await own.goto(`${BASE}${ROUND}/socialforvaltningen/`);
  return { ownOk: response.ok(), measures, otherStatus: other.status() };
}

// Runs the walk in a fresh headless Chromium and exits 1 when a check failed or the walk threw.
export function run(name, walk) {
  const main = async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      await walk(browser);
    } finally {
      await browser.close();
    }
    if (failures) { console.error(`${name}: ${failures} check(s) failed`); process.exit(1); }
    console.log(`${name}: all checks passed`);
  };
  main().catch((err) => { console.error(`${name}: ${err.message}`); process.exit(1); });
}
