// A real OpenID Connect provider for CI (the certified `oidc-provider` package),
// with its development login: any user name signs in, as <name>@example.invalid.
// Names in DEPARTMENTS also get a `department` claim and `groups` (the role rules' input).
//   node server.mjs PORT POST_LOGOUT_REDIRECT_URI REDIRECT_URI [REDIRECT_URI...]
import Provider from 'oidc-provider';

const [port, postLogoutUri, ...redirectUris] = process.argv.slice(2);
if (!port || !postLogoutUri || redirectUris.length === 0) {
  console.error('usage: node server.mjs PORT POST_LOGOUT_REDIRECT_URI REDIRECT_URI [REDIRECT_URI...]');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;
const DEPARTMENTS = { 'ny-rapportor': 'Kulturförvaltningen', 'vilse-rapportor': 'Förvaltningen som inte finns' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'lika-ci',
    client_secret: 'lika-ci-secret-not-for-production',
    redirect_uris: redirectUris,
    post_logout_redirect_uris: [postLogoutUri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'department', 'groups'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        const claims = { sub: `sub-${id}`, email: `${id}@example.invalid`, email_verified: true, name: id };
        if (DEPARTMENTS[id]) Object.assign(claims, { department: DEPARTMENTS[id], groups: ['lika-ci-staff'] });
        return claims;
      },
    };
  },
  cookies: { keys: ['lika-ci-cookie-key'] },
  features: { devInteractions: { enabled: true } },
});
provider.proxy = false;
provider.listen(Number(port), '127.0.0.1', () => console.log(`oidc: provider at ${issuer}`));
