// CI: sign in to Lika through a real SAML 2.0 identity provider (pysaml2, .ci/saml/idp.py), in a browser.
//   node saml-signin.mjs LIKA_URL
// 1. the plan owner (password) adds the role rule department → reporter in the unit of that name;
// 2. saml-rapportor (department Kulturförvaltningen) signs in: reporter, sees only their unit's measures;
// 3. single logout: while the provider's session lasts it asks for no user name; logging out of Lika
//    goes through the provider's SingleLogoutService and back, and signing in again asks for one;
// 4. hbg-kultur, known by e-mail, signs in; 5. an unknown person gets no account and no session.
import {
  BASE, addDepartmentRule, check, chooseProvider, loggedIn, passwordSignIn, reporterReach, run,
} from './common.mjs';

async function toProvider(page) {
  await chooseProvider(page, /CI SAML provider/);
  await page.waitForURL((u) => u.port !== new URL(BASE).port, { timeout: 15000 });
}

async function signInAs(browser, who) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await toProvider(page);
  await page.fill('input[name=login]', who);
  await page.locator('button[type=submit]').click();
  // The provider's page posts the signed response to Lika's ACS by itself.
  await page.waitForURL((u) => u.href.startsWith(BASE) && !u.pathname.endsWith('/acs/'), { timeout: 15000 });
  await page.waitForLoadState('load');
  return { context, page };
}

async function addRule(browser) {
  const page = await passwordSignIn(await browser.newContext(), 'hbg-agare');
  await page.waitForURL((u) => u.pathname.startsWith('/my/'), { timeout: 15000 });
  check(await addDepartmentRule(page), 'the plan owner adds the rule on department');
}

async function singleLogout(context) {
  // Lika's session gone (its cookie only): the provider's session signs in again with no user name.
  await context.clearCookies({ name: 'sessionid' });
  const page = await context.newPage();
  await chooseProvider(page, /CI SAML provider/);
  await page.waitForURL((u) => u.href.startsWith(BASE) && u.pathname === '/my/', { timeout: 15000 });
  check(await loggedIn(context), 'while the provider\'s session lasts, signing in asks for no user name');
  const seen = [];
  page.on('response', (r) => seen.push(`${r.status()} ${r.url()}`));
  await page.locator('header form button[type=submit]').click();
  await page.waitForURL((u) => u.href.startsWith(BASE) && !u.pathname.includes('/logout/') && !u.pathname.endsWith('/sls/'), { timeout: 15000 });
  await page.waitForLoadState('load');
  const slo = seen.find((line) => line.includes('/slo/redirect?SAMLRequest='));
  const sls = seen.find((line) => line.includes('/accounts/saml/ci-saml/sls/?SAMLResponse='));
  check(Boolean(slo) && /Signature=/.test(slo), `logging out of Lika sends a signed LogoutRequest to the provider (${slo ? slo.split('?')[0] : 'none'})`);
  check(Boolean(sls) && sls.startsWith('302 '), `and Lika accepts the provider's signed LogoutResponse (${sls ? sls.split('?')[0] : 'none'})`);
  check(!(await loggedIn(context)), 'after logging out, /my/ asks for a login again');
  const again = await context.newPage();
  await toProvider(again);
  check((await again.locator('input[name=login]').count()) > 0, 'signing in again asks the provider for a user name: its session ended too');
  // A LogoutResponse Lika did not ask for (here replayed, then unsigned) gets a plain page, no details.
  for (const forged of [sls && sls.slice(sls.indexOf('http')), `${BASE}/accounts/saml/ci-saml/sls/?SAMLResponse=forged`]) {
    if (!forged) continue;
    const response = await again.goto(forged);
    const h1 = await again.locator('h1').innerText().catch(() => '');
    const body = await again.locator('body').innerText();
    check(response.status() === 400 && /avvisades|refused/i.test(h1) && !/Traceback|onelogin|Signature/.test(body),
      `a replayed or forged LogoutResponse is refused with a plain page (${response.status()}, "${h1}")`);
  }
}

run('saml', async (browser) => {
  await addRule(browser);
  const reporter = await signInAs(browser, 'saml-rapportor');
  const text = await reporter.page.locator('main').innerText();
  check(new URL(reporter.page.url()).pathname === '/my/', `saml-rapportor lands on /my/ (at ${reporter.page.url()})`);
  check(/Rapportör|Reporter/.test(text) && /Kulturförvaltningen/.test(text),
    'role rule applied over SAML: saml-rapportor is reporter for Kulturförvaltningen');
  const { ownOk, measures, otherStatus } = await reporterReach(reporter.context);
  check(ownOk && measures > 0, "the reporter sees their unit's measures");
  check([403, 404].includes(otherStatus), `and not another unit's (${otherStatus})`);
  await singleLogout(reporter.context);

  const known = await signInAs(browser, 'hbg-kultur');
  check(/hbg-kultur/.test(await known.page.locator('header').innerText()), 'hbg-kultur, known by e-mail, is signed in');

  const stranger = await signInAs(browser, 'nobody-at-all');
  check(/inget konto|no account/i.test(await stranger.page.locator('h1').innerText()), 'an unknown person is told they have no account');
  check(!(await loggedIn(stranger.context)), 'an unknown person has no session');
});
