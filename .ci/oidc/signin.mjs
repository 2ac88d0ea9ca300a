// CI: sign in to Lika through the OpenID Connect provider, in a real browser.
//   node signin.mjs LIKA_URL
// 1. the plan owner (password) adds a role rule on /accounts/people/rules/: department → reporter
//    in the unit of that name;
// 2. hbg-kultur (a Lika person with that e-mail address) signs in and sees their role; logging
//    out ends the session at Lika and at the provider (RP-initiated logout);
// 3. ny-rapportor, new to Lika, whose department is Kulturförvaltningen, signs in: the role rule
//    is applied and they see only their unit's measures;
// 4. a department no unit has: no account, and the plan owner sees the rule that matched no unit;
// 5. an unknown person gets the page saying whom to ask, and no session;
// 6. a forged callback (made-up code and state) is refused;
// 7. the plan owner requires two-factor for analysts, and an analyst is asked to set it up.
import {
  BASE, addDepartmentRule, check, chooseProvider, loggedIn, passwordSignIn, reporterReach, run,
} from './common.mjs';

const atProvider = (page) => new URL(page.url()).port !== new URL(BASE).port;

async function toProvider(page) {
  await chooseProvider(page, /CI test provider/);
  await page.waitForURL((u) => u.port !== new URL(BASE).port || u.pathname.startsWith('/my/'), { timeout: 15000 });
}

async function signInAs(context, who) {
  const page = await context.newPage();
  await toProvider(page);
  await page.fill('input[name=login]', who);
  await page.fill('input[name=password]', 'anything');
  await page.locator('button[type=submit]').click();
  const consent = page.locator('form input[name=prompt][value=consent]');
  if (await consent.count().catch(() => 0)) await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => u.href.startsWith(BASE), { timeout: 15000 });
  await page.waitForLoadState('load');
  return page;
}

async function planOwner(browser) {
  const page = await passwordSignIn(await browser.newContext(), 'hbg-agare');
  await page.waitForURL((u) => u.pathname.startsWith('/my/'), { timeout: 15000 });
  return page;
}

async function logOutAtBothEnds(context, page) {
  await page.locator('header form button[type=submit]').click();
  await page.waitForURL((u) => !u.href.startsWith(BASE), { timeout: 15000 });
  check(atProvider(page), `logging out of Lika goes on to the provider's logout (${page.url()})`);
  await page.locator('button[name=logout][value=yes], button[value=yes]').first().click();
  await page.waitForURL((u) => u.href.startsWith(BASE), { timeout: 15000 });
  check(!(await loggedIn(context)), 'after logging out, /my/ asks for a login again');
  const again = await context.newPage();
  await toProvider(again);
  check(atProvider(again) && (await again.locator('input[name=login]').count()) > 0,
    'signing in again asks the provider for a login: its session ended too');
}

async function reporterFromRule(browser) {
  const context = await browser.newContext();
  const page = await signInAs(context, 'ny-rapportor');
  const text = await page.locator('main').innerText();
  check(new URL(page.url()).pathname === '/my/', `ny-rapportor, new to Lika, lands on /my/ (at ${page.url()})`);
  check(/Rapportör|Reporter/.test(text) && /Kulturförvaltningen/.test(text),
    'role rule applied: ny-rapportor is reporter for Kulturförvaltningen');
  const { ownOk, measures, otherStatus } = await reporterReach(context);
  check(ownOk && measures > 0, `role rule applied: the reporter sees their unit's measures (${measures})`);
  check(otherStatus === 404 || otherStatus === 403,
    `role rule applied: reporter sees only their unit's measures (another unit's: ${otherStatus})`);
}

async function ruleWithoutUnit(browser, owner) {
  const context = await browser.newContext();
  const page = await signInAs(context, 'vilse-rapportor');
  check(/inget konto|no account/i.test(await page.locator('h1').innerText()), 'a department no unit has gives no account');
  check(/Amira|hbg-agare@/.test(await page.locator('main').innerText()), 'the page names the plan owner to ask');
  await owner.goto(`${BASE}/accounts/people/rules/`);
  check(/Förvaltningen som inte finns/.test(await owner.locator('main').innerText()),
    'the plan owner sees the rule that matched no unit, with the value');
}

async function twoFactorForAnalysts(browser, owner) {
  await owner.goto(`${BASE}/accounts/people/two-factor/`);
  await owner.getByLabel(/^Analytiker|^Analyst/).check();
  await owner.locator('main form button[type=submit]').click();
  await owner.waitForLoadState('load');
  check(await owner.getByLabel(/^Analytiker|^Analyst/).isChecked(), 'the plan owner requires two-factor for analysts');
  const analyst = await passwordSignIn(await browser.newContext(), 'hbg-analytiker');
  await analyst.goto(`${BASE}/my/`);
  const main = await analyst.locator('main').innerText();
  check(/\/accounts\/(2fa|reauthenticate)/.test(analyst.url()) && /tvåstegsverifiering|two-factor/i.test(main),
    `an analyst is asked to set up two-factor (at ${analyst.url()})`);
}

run('oidc', async (browser) => {
  const owner = await planOwner(browser);
  check(await addDepartmentRule(owner), 'the plan owner adds the rule department = * → reporter in the unit of that name');

  const known = await browser.newContext();
  const page = await signInAs(known, 'hbg-kultur');
  const text = await page.locator('main').innerText();
  check(new URL(page.url()).pathname === '/my/', `hbg-kultur lands on /my/ (at ${page.url()})`);
  check(/Kulturförvaltningen/.test(text), 'hbg-kultur sees their unit, Kulturförvaltningen, on their page');
  check(/hbg-kultur/.test(await page.locator('header').innerText()), 'the header names hbg-kultur');
  await logOutAtBothEnds(known, page);

  await reporterFromRule(browser);
  await ruleWithoutUnit(browser, owner);

  const stranger = await browser.newContext();
  const refused = await signInAs(stranger, 'nobody-at-all');
  const h1 = await refused.locator('h1').innerText();
  check(/inget konto|no account/i.test(h1), `an unknown person is told they have no account ("${h1}")`);
  check(!(await loggedIn(stranger)), 'an unknown person has no session');

  const forger = await browser.newContext();
  const forged = await forger.newPage();
  await forged.goto(`${BASE}/accounts/oidc/ci/login/callback/?code=forged&state=forged`);
  check(!(await loggedIn(forger)), 'a forged callback signs nobody in');

  await twoFactorForAnalysts(browser, owner);
});
