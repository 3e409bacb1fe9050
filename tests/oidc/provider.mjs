// A real OpenID Connect provider on loopback, for the tests of sso/ (panva's oidc-provider).
//
// node tests/oidc/provider.mjs <state.json>
//
// The state file holds the clients (read at start) and the accounts and the
// misbehaviour (read at every request, so a test changes them between logins):
//   {"clients": [{"client_id", "client_secret", "redirect_uris", "post_logout_redirect_uris"}],
//    "accounts": {"<login name>": {"claims": {...}, "amr": ["pwd", "mfa"]}},
//    "tamper": null | "audience" | "signature",
//    "clock_offset_ms": 0}
// It listens on a free port of 127.0.0.1 and prints "issuer <url>" when it is ready.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

import { SignJWT, decodeJwt, decodeProtectedHeader, importJWK } from 'jose';
import Provider from 'oidc-provider';

const statePath = process.argv[2];
const state = () => JSON.parse(readFileSync(statePath, 'utf8'));

// The tests move the Python clock (time-machine); the provider keeps the same time.
const realNow = Date.now;
const startOffset = state().clock_offset_ms || 0;
Date.now = () => realNow() + startOffset;

function rsaKey() {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: 'signing-key', use: 'sig', alg: 'RS256' };
}
const signingKey = rsaKey();
// Same kid, other key: what a forger without the provider's key would sign with.
const forgedKey = rsaKey();

const server = http.createServer();
await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: state().clients.map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...client,
  })),
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomUUID()] },
  pkce: { required: () => true, methods: ['S256'] },
  // Short-lived, so a test can move our clock past it within one login.
  ttl: { IdToken: 120 },
  claims: {
    acr: null, auth_time: null, iss: null, sid: null,
    // Like Entra ID, the authentication methods are always in the ID token.
    openid: ['sub', 'amr'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    groups: ['groups'],
  },
  // Like Entra ID: the claims are in the ID token, not only at the userinfo endpoint.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(ctx, id) {
    const account = state().accounts[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account.claims }) };
  },
  // No consent page: the organisation's own provider trusts its own application.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope);
    grant.addOIDCClaims(['email', 'email_verified', 'name', 'given_name', 'family_name', 'groups']);
    await grant.save();
    return grant;
  },
});

// The development login page sets no authentication methods; the accounts say theirs.
const interactionFinished = provider.interactionFinished.bind(provider);
provider.interactionFinished = async (req, res, result, options) => {
  if (result.login) {
    const account = state().accounts[result.login.accountId];
    if (!account) {
      return interactionFinished(req, res, {
        error: 'access_denied', error_description: 'Unknown account',
      }, options);
    }
    if (account.amr) result.login.amr = account.amr;
  }
  return interactionFinished(req, res, result, options);
};

// Misbehaviour on request: an ID token for another audience (properly signed), or one
// signed with a key that is not among the published ones.
provider.use(async (ctx, next) => {
  await next();
  const { tamper } = state();
  if (!tamper || ctx.path !== '/token' || ctx.status !== 200 || !ctx.body?.id_token) return;
  const claims = decodeJwt(ctx.body.id_token);
  const header = decodeProtectedHeader(ctx.body.id_token);
  let key = signingKey;
  if (tamper === 'audience') claims.aud = 'another-application';
  if (tamper === 'signature') key = forgedKey;
  ctx.body = {
    ...ctx.body,
    id_token: await new SignJWT(claims).setProtectedHeader(header).sign(await importJWK(key, 'RS256')),
  };
});

server.on('request', provider.callback());
console.log(`issuer ${issuer}`);
