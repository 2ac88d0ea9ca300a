// A real OpenID Connect provider for CI (the certified `oidc-provider` package),
// with its development login: any user name signs in, as <name>@example.invalid.
//   node server.mjs PORT REDIRECT_URI [REDIRECT_URI...]
import Provider from 'oidc-provider';

const [port, ...redirectUris] = process.argv.slice(2);
if (!port || redirectUris.length === 0) {
  console.error('usage: node server.mjs PORT REDIRECT_URI [REDIRECT_URI...]');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'lika-ci',
    client_secret: 'lika-ci-secret-not-for-production',
    redirect_uris: redirectUris,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: `sub-${id}`, email: `${id}@example.invalid`, email_verified: true, name: id };
      },
    };
  },
  cookies: { keys: ['lika-ci-cookie-key'] },
  features: { devInteractions: { enabled: true } },
});
provider.proxy = false;
provider.listen(Number(port), '127.0.0.1', () => console.log(`oidc: provider at ${issuer}`));
