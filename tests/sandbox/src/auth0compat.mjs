// Where Auth0 and oidc-provider disagree, the tenant answers like Auth0:
// `audience` selects the API (and, at the refresh grant, any API the client
// may reach, like Auth0's multi-resource refresh tokens; an unknown one is
// access_denied), offline_access
// yields a refresh token without prompt=consent, token endpoint errors use
// Auth0's codes, statuses and descriptions, JSON token requests are
// accepted, and polling faster than `interval` is answered with slow_down.
import { readBody } from './http.mjs';
import { TOKEN_VAULT_GRANT } from './tokenvault.mjs';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const CIBA_GRANT = 'urn:openid:params:grant-type:ciba';

// Auth0 has no prompt=consent requirement for refresh tokens; oidc-provider
// (following OIDC Core) drops offline_access without it, so it is added.
function promptConsentForOfflineAccess(ctx) {
  const query = new URLSearchParams(ctx.querystring);
  const scopes = (query.get('scope') ?? '').split(' ');
  const prompts = (query.get('prompt') ?? '').split(' ').filter(Boolean);
  if (scopes.includes('offline_access') && !prompts.includes('consent') && !prompts.includes('none')) {
    query.set('prompt', [...prompts, 'consent'].join(' '));
    ctx.querystring = query.toString();
  }
}

async function readTokenParams(ctx) {
  const text = await readBody(ctx.req);
  if (ctx.is('application/json')) {
    let object = {};
    try {
      object = JSON.parse(text);
    } catch {
      object = {};
    }
    ctx.req.headers['content-type'] = 'application/x-www-form-urlencoded';
    return new URLSearchParams(Object.entries(object ?? {}).map(([k, v]) => [k, String(v)]));
  }
  return new URLSearchParams(text);
}

function auth0TokenError(gty, error, description, detail) {
  switch (error) {
    case 'invalid_request':
      if (description === 'requested grant type is not allowed for this client') {
        return [403, 'unauthorized_client', `Grant type '${gty}' not allowed for the client.`];
      }
      return [400, error, description];
    case 'invalid_client':
      return [401, 'access_denied', 'Unauthorized'];
    case 'invalid_grant':
      if (gty === 'authorization_code') {
        return [403, error, /code_verifier|PKCE/i.test(detail ?? '') ? 'Failed to verify code verifier' : 'Invalid authorization code'];
      }
      if (gty === 'refresh_token' || gty === TOKEN_VAULT_GRANT) {
        return [403, error, 'Unknown or invalid refresh token.'];
      }
      if (gty === DEVICE_GRANT) {
        return [403, error, 'Invalid or expired device code.'];
      }
      return [403, error, description];
    case 'authorization_pending':
      return [403, error, gty === DEVICE_GRANT ? 'User has yet to authorize device code.'
        : 'The end-user authorization is pending.'];
    case 'access_denied':
      return [403, error, description ?? 'The end-user denied the authorization request.'];
    case 'expired_token':
    case 'unauthorized_client':
      return [403, error, description];
    default:
      return undefined;
  }
}

export function auth0Compat(tenant) {
  const lastPoll = new Map(); // device_code or auth_req_id -> time of the last poll

  function pollingTooFast(params) {
    const grantType = params.get('grant_type');
    const key = grantType === DEVICE_GRANT ? params.get('device_code')
      : grantType === CIBA_GRANT ? params.get('auth_req_id') : null;
    if (!key) {
      return false;
    }
    const now = Date.now();
    for (const [code, at] of lastPoll) {
      if (now - at > 30 * 60 * 1000) {
        lastPoll.delete(code);
      }
    }
    const previous = lastPoll.get(key);
    lastPoll.set(key, now);
    // Timers may fire a little early: allow 10% of slack.
    return previous !== undefined && now - previous < tenant.pollInterval * 900;
  }

  return async function compat(ctx, next) {
    if (ctx.method === 'GET' && ctx.path === '/authorize') {
      promptConsentForOfflineAccess(ctx);
    }
    let tokenParams;
    if (ctx.method === 'POST' && ctx.path === '/oauth/token' && ctx.is('application/x-www-form-urlencoded', 'application/json')) {
      tokenParams = await readTokenParams(ctx);
      if (pollingTooFast(tokenParams)) {
        ctx.status = 429;
        ctx.set('Cache-Control', 'no-store');
        ctx.body = {
          error: 'slow_down',
          error_description: `You are polling faster than the specified interval of ${tenant.pollInterval} seconds.`,
        };
        return;
      }
      await tenant.applyAudience(tokenParams);
      ctx.req.body = tokenParams.toString();
    }

    await next();

    // Auth0 refuses an unknown audience with access_denied ("Service not found: …").
    const location = String(ctx.response.get('Location') ?? '');
    if (ctx.path.startsWith('/authorize') && location.includes('error=invalid_target')) {
      ctx.set('Location', location.replace('error=invalid_target', 'error=access_denied'));
    }
    const ok = ctx.status === 200 && ctx.body && typeof ctx.body === 'object';
    if (ok && (ctx.path === '/oauth/device/code' || ctx.path === '/bc-authorize')) {
      ctx.body = { ...ctx.body, interval: tenant.pollInterval };
    }
    if (tokenParams && ctx.body?.error && typeof ctx.body === 'object') {
      const gty = tokenParams.get('grant_type');
      const mapped = auth0TokenError(gty, ctx.body.error, ctx.body.error_description, ctx.state.errorDetail);
      if (mapped) {
        const [status, error, description] = mapped;
        ctx.status = status;
        ctx.body = { error, error_description: description };
      }
    }
  };
}
