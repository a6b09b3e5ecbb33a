// Login and consent. A login_hint naming a test user (alice, bob, their
// subject or e-mail) signs that user in and consents with no person
// involved; without one, a browser walks a login page and a consent page.
import { findUser, usernames } from './accounts.mjs';
import { readObject } from './http.mjs';
import { consentPage, loginPage } from './pages.mjs';

const ROUTE = /^\/interaction\/([^/]+)(?:\/(login|confirm|abort))?$/;

async function finish(ctx, provider, result) {
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
  ctx.status = 303;
  ctx.redirect(returnTo);
}

// Grants what the consent prompt found missing, on the user's existing grant or a new one.
async function consent(provider, details) {
  const { prompt, params, session, grantId } = details;
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const missing = prompt.details;
  if (missing.missingOIDCScope) {
    grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  }
  if (missing.missingOIDCClaims) {
    grant.addOIDCClaims(missing.missingOIDCClaims);
  }
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const saved = await grant.save();
  return { consent: grantId ? {} : { grantId: saved } };
}

async function render(ctx, provider, details) {
  const { uid, prompt, params, session } = details;
  const client = await provider.Client.find(params.client_id);
  const clientName = client?.clientName ?? params.client_id;
  const hinted = findUser(params.login_hint);
  if (prompt.name === 'login') {
    if (hinted) {
      return finish(ctx, provider, { login: { accountId: hinted.sub } });
    }
    ctx.body = loginPage({ action: `/interaction/${uid}/login`, clientName, usernames, hint: params.login_hint });
    return undefined;
  }
  if (prompt.name === 'consent') {
    if (hinted && session?.accountId === hinted.sub) {
      return finish(ctx, provider, await consent(provider, details));
    }
    const user = findUser(session?.accountId)?.username ?? session?.accountId;
    const scopes = String(params.scope ?? '').split(' ').filter(Boolean);
    const audiences = [params.audience, params.resource].flat().filter(Boolean);
    ctx.body = consentPage({
      action: `/interaction/${uid}/confirm`, abort: `/interaction/${uid}/abort`, clientName, user, scopes, audiences,
    });
    return undefined;
  }
  ctx.status = 400;
  ctx.body = { error: 'invalid_request', error_description: `unsupported prompt ${prompt.name}` };
  return undefined;
}

export function interactionRoutes(provider) {
  return async function interactions(ctx, next) {
    const match = ROUTE.exec(ctx.path);
    if (!match) {
      return next();
    }
    ctx.set('Cache-Control', 'no-store');
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== match[1]) {
      ctx.status = 400;
      ctx.body = { error: 'invalid_request', error_description: 'interaction mismatch' };
      return undefined;
    }
    const [, , action] = match;
    if (!action && ctx.method === 'GET') {
      return render(ctx, provider, details);
    }
    if (action === 'login' && ctx.method === 'POST' && details.prompt.name === 'login') {
      const user = findUser((await readObject(ctx.req)).username);
      if (!user) {
        return render(ctx, provider, details);
      }
      return finish(ctx, provider, { login: { accountId: user.sub } });
    }
    if (action === 'confirm' && ctx.method === 'POST' && details.prompt.name === 'consent') {
      return finish(ctx, provider, await consent(provider, details));
    }
    if (action === 'abort' && ctx.method === 'GET') {
      return finish(ctx, provider, { error: 'access_denied', error_description: 'End-User aborted interaction' });
    }
    ctx.status = 405;
    ctx.body = { error: 'invalid_request', error_description: 'unsupported interaction request' };
    return undefined;
  };
}
