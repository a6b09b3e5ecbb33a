// The Auth0-shaped tenant: an oidc-provider Provider with Auth0's routes,
// clients, users and behaviours. The keystore of a Provider is fixed when it
// is built, so rotating keys builds a new one over the same store: sessions,
// grants and tokens carry over.
import { randomBytes } from 'node:crypto';

import Provider, { errors } from 'oidc-provider';

import { claimsByScope, findAccount, findUser } from './accounts.mjs';
import { auth0Compat } from './auth0compat.mjs';
import { interactionRoutes } from './interactions.mjs';
import { log } from './log.mjs';
import { devicePages, errorPage, logoutPages } from './pages.mjs';
import { TOKEN_VAULT_GRANT, TOKEN_VAULT_PARAMETERS, tokenVaultGrant } from './tokenvault.mjs';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const CIBA_GRANT = 'urn:openid:params:grant-type:ciba';
export const MY_ACCOUNT_SCOPES = ['create:me:connected_accounts', 'read:me:connected_accounts', 'delete:me:connected_accounts'];
const API_SCOPES = ['read:missions', 'write:missions'];
// Auth0's binding_message: up to 64 alphanumerics, spaces and +-_.,:#
const BINDING_MESSAGE = /^[A-Za-z0-9 +\-_.,:#]{1,64}$/;

const ROUTES = {
  authorization: '/authorize',
  token: '/oauth/token',
  revocation: '/oauth/revoke',
  introspection: '/oauth/introspect',
  device_authorization: '/oauth/device/code',
  code_verification: '/activate',
  backchannel_authentication: '/bc-authorize',
  userinfo: '/userinfo',
  jwks: '/.well-known/jwks.json',
  end_session: '/oidc/logout',
  pushed_authorization_request: '/oauth/par',
};

export class Tenant {
  #callback;
  #primaryResource = new Map(); // grantId -> the resource its refresh token was issued for

  constructor({ issuer, keys, store, vault, audience, pollInterval }) {
    this.issuer = issuer;
    this.keys = keys;
    this.store = store;
    this.vault = vault;
    this.audience = audience;
    this.myAccountAudience = `${issuer}/me/`;
    this.pollInterval = pollInterval;
    this.clientSecret = randomBytes(32).toString('base64url');
    this.cookieKeys = [randomBytes(32).toString('base64url')];
    this.provider = null;
    this.rebuild();
  }

  get alg() {
    return this.keys.current.alg;
  }

  // Builds the Provider anew over the current keys (all of them are in the JWKS).
  rebuild() {
    const provider = new Provider(this.issuer, this.#configuration());
    provider.registerGrantType(TOKEN_VAULT_GRANT, tokenVaultGrant(this.vault), TOKEN_VAULT_PARAMETERS);
    provider.use(auth0Compat(this));
    provider.use(interactionRoutes(provider));
    provider.on('grant.error', (ctx, err) => {
      ctx.state.errorDetail = err.error_detail;
      log('grant.error', { error: err.error, description: err.error_description, detail: err.error_detail });
    });
    provider.on('server_error', (_ctx, err) => log('server_error', { message: err.message, stack: err.stack }));
    this.provider = provider;
    this.#callback = provider.callback();
  }

  handle(req, res) {
    return this.#callback(req, res);
  }

  resourceServer(indicator) {
    if (indicator === this.audience) {
      return {
        scope: API_SCOPES.join(' '),
        audience: indicator,
        accessTokenFormat: 'jwt',
        accessTokenTTL: 86400,
        jwt: { sign: { alg: this.alg } },
      };
    }
    if (indicator === this.myAccountAudience) {
      return { scope: MY_ACCOUNT_SCOPES.join(' '), audience: indicator, accessTokenFormat: 'opaque', accessTokenTTL: 600 };
    }
    return undefined;
  }

  // Auth0's `audience` at the refresh grant: the refresh token may also reach
  // the tenant's other APIs (multi-resource refresh token), so the API and the
  // requested scopes it defines are added to the refresh token and its grant.
  async applyAudience(params) {
    const audience = params.get('audience');
    params.delete('audience');
    if (!audience || params.has('resource')) {
      return;
    }
    params.set('resource', audience);
    const info = this.resourceServer(audience);
    const payload = params.get('grant_type') === 'refresh_token'
      && this.store.get(`RefreshToken:${params.get('refresh_token')}`);
    if (!info || !payload) {
      return;
    }
    const offered = info.scope.split(' ');
    const requested = (params.get('scope') ?? '').split(' ').filter((scope) => offered.includes(scope));
    if (!this.#primaryResource.has(payload.grantId)) {
      this.#primaryResource.set(payload.grantId, payload.resource);
    }
    payload.resource = [...new Set([payload.resource ?? []].flat().concat(audience))];
    payload.scope = [...new Set((payload.scope ?? '').split(' ').concat(requested))].filter(Boolean).join(' ');
    const grant = await this.provider.Grant.find(payload.grantId);
    if (grant) {
      grant.addResourceScope(audience, requested.join(' '));
      await grant.save();
    }
  }

  // Which of several resources a token request without `audience` gets: the
  // one the refresh token was first issued for (none: an OIDC access token).
  #defaultResource(ctx, oneOf) {
    if (!oneOf) {
      return ctx.oidc.params.audience ?? undefined;
    }
    const grantId = ctx.oidc.entities.RefreshToken?.grantId;
    if (grantId && this.#primaryResource.has(grantId)) {
      return [this.#primaryResource.get(grantId) ?? []].flat()[0];
    }
    return oneOf[0];
  }

  #clients() {
    const common = {
      application_type: 'native',
      redirect_uris: ['http://127.0.0.1/callback'],
      post_logout_redirect_uris: ['http://127.0.0.1/logout'],
      response_types: ['code'],
      id_token_signed_response_alg: this.alg,
    };
    return [
      {
        ...common,
        client_id: 'sanctum',
        client_secret: this.clientSecret,
        client_name: 'Sanctum',
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['authorization_code', 'refresh_token', DEVICE_GRANT, CIBA_GRANT, TOKEN_VAULT_GRANT],
        backchannel_token_delivery_mode: 'poll',
      },
      {
        ...common,
        client_id: 'sanctum-public',
        client_name: 'Sanctum (public client)',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token', DEVICE_GRANT],
      },
    ];
  }

  #configuration() {
    const tenant = this;
    return {
      adapter: this.store.adapterFactory(),
      jwks: this.keys.privateJwks,
      clients: this.#clients(),
      clientDefaults: { id_token_signed_response_alg: this.alg },
      cookies: { keys: this.cookieKeys },
      claims: claimsByScope,
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      conformIdTokenClaims: false,
      findAccount,
      extraParams: ['audience'],
      responseTypes: ['code'],
      routes: ROUTES,
      // Token Vault needs refresh tokens that do not rotate: the confidential
      // client's never do; the public client's rotate on every use.
      rotateRefreshToken: (ctx) => ctx.oidc.client.clientAuthMethod === 'none',
      ttl: {
        AccessToken: 86400,
        AuthorizationCode: 60,
        BackchannelAuthenticationRequest: 300,
        ClientCredentials: 86400,
        DeviceCode: 900,
        Grant: 30 * 86400,
        IdToken: 36000,
        Interaction: 3600,
        RefreshToken: 30 * 86400,
        Session: 14 * 86400,
      },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      renderError: async (ctx, out) => {
        ctx.type = 'html';
        ctx.body = errorPage(out);
      },
      features: {
        devInteractions: { enabled: false },
        deviceFlow: { enabled: true, ...devicePages },
        rpInitiatedLogout: { enabled: true, ...logoutPages },
        revocation: {
          enabled: true,
          allowedPolicy: async (ctx, client, token) => {
            if (token.clientId !== client.clientId) {
              throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
            }
            return true;
          },
        },
        introspection: {
          enabled: true,
          allowedPolicy: async (ctx, client, token) => client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
        },
        ciba: {
          enabled: true,
          deliveryModes: ['poll'],
          processLoginHint: async (_ctx, loginHint) => tenant.#cibaSubject(loginHint),
          processLoginHintToken: async () => undefined,
          validateBindingMessage: async (_ctx, message) => {
            if (!message || !BINDING_MESSAGE.test(message)) {
              throw new errors.InvalidBindingMessage(
                'binding_message is required: 1 to 64 alphanumerics, spaces or +-_.,:#');
            }
          },
          validateRequestContext: async () => {},
          verifyUserCode: async () => {},
          triggerAuthenticationDevice: async (_ctx, request, account) => {
            log('ciba.requested', { auth_req_id: request.jti, user: account.accountId, binding_message: request.params.binding_message });
          },
        },
        resourceIndicators: {
          enabled: true,
          defaultResource: async (ctx, _client, oneOf) => tenant.#defaultResource(ctx, oneOf),
          useGrantedResource: async () => true,
          getResourceServerInfo: async (_ctx, indicator) => {
            const info = tenant.resourceServer(indicator);
            if (!info) {
              throw new errors.InvalidTarget(`Service not found: ${indicator}`);
            }
            return info;
          },
        },
      },
    };
  }

  // CIBA's login_hint: Auth0's {"format":"iss_sub","iss":…,"sub":…} or a user name.
  #cibaSubject(loginHint) {
    let hint = loginHint;
    try {
      hint = JSON.parse(loginHint);
    } catch {
      return findUser(loginHint)?.sub;
    }
    if (hint?.format !== 'iss_sub' || ![this.issuer, `${this.issuer}/`].includes(hint.iss)) {
      return undefined;
    }
    return findUser(hint.sub)?.sub;
  }
}
