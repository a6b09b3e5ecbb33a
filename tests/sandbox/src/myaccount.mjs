// Auth0's My Account API for connected accounts (/me/v1/connected-accounts)
// and the connect page its connect_uri points at. Reconnecting an account
// this way replaces its scopes and kills the upstream token it held.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { findUser } from './accounts.mjs';
import { HttpError, bearerToken, readObject, redirect, sendHtml, sendJson } from './http.mjs';
import { connectPage, errorPage } from './pages.mjs';

const TICKET_TTL_SECONDS = 300;
const LOOPBACK_CALLBACK = /^http:\/\/127\.0\.0\.1(:\d{1,5})?\/callback$/;

function problem(status, title, detail) {
  return new HttpError(status, { type: 'about:blank', status, title, detail });
}

function sendProblem(res, error) {
  const text = JSON.stringify(error.body);
  res.writeHead(error.status, { 'Content-Type': 'application/problem+json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sameText(a, b) {
  const left = Buffer.from(String(a));
  const right = Buffer.from(String(b));
  return left.length === right.length && timingSafeEqual(left, right);
}

function accountJson(account) {
  return {
    id: account.id,
    connection: account.connection,
    access_type: 'offline',
    created_at: account.createdAt,
    scopes: account.scopes,
  };
}

export class MyAccountApi {
  #pending = new Map(); // auth_session -> connect request
  #tenant;
  #scopeMap;
  #defaultScopes;

  constructor({ tenant, scopeMap, defaultScopes }) {
    this.#tenant = tenant;
    this.#scopeMap = scopeMap;
    this.#defaultScopes = defaultScopes;
  }

  handles(path) {
    return path.startsWith('/me/v1/') || path === '/connect';
  }

  async handle(req, res, url) {
    try {
      if (url.pathname === '/connect') {
        return await this.#connectPage(req, res, url);
      }
      const route = `${req.method} ${url.pathname}`;
      if (route === 'POST /me/v1/connected-accounts/connect') {
        return sendJson(res, 201, await this.#connect(req));
      }
      if (route === 'POST /me/v1/connected-accounts/complete') {
        return sendJson(res, 201, await this.#complete(req));
      }
      if (route === 'GET /me/v1/connected-accounts') {
        const caller = await this.#authorize(req, 'read:me:connected_accounts');
        return sendJson(res, 200, { accounts: this.#tenant.vault.accountsOf(caller.sub).map(accountJson) });
      }
      const remove = /^\/me\/v1\/connected-accounts\/([^/]+)$/.exec(url.pathname);
      if (remove && req.method === 'DELETE') {
        const caller = await this.#authorize(req, 'delete:me:connected_accounts');
        const account = this.#tenant.vault.accountsOf(caller.sub).find((candidate) => candidate.id === remove[1]);
        if (!account) {
          throw problem(404, 'Not Found', 'The connected account does not exist.');
        }
        this.#tenant.vault.disconnect(caller.sub, account.connection);
        return sendJson(res, 204, undefined);
      }
      throw problem(404, 'Not Found', `No route for ${route}.`);
    } catch (error) {
      if (error instanceof HttpError && url.pathname !== '/connect') {
        return sendProblem(res, error);
      }
      if (error instanceof HttpError) {
        return sendHtml(res, error.status, errorPage(error.body));
      }
      throw error;
    }
  }

  // The caller of the My Account API: a live access token for its audience with `scope`.
  async #authorize(req, scope) {
    const value = bearerToken(req);
    const token = value && await this.#tenant.provider.AccessToken.find(value);
    if (!token || token.isExpired || token.aud !== this.#tenant.myAccountAudience) {
      throw problem(401, 'Unauthorized', 'A valid access token for the My Account API is required.');
    }
    if (!String(token.scope ?? '').split(' ').includes(scope)) {
      throw problem(403, 'Forbidden', `The access token needs the ${scope} scope.`);
    }
    return { sub: token.accountId, clientId: token.clientId };
  }

  async #connect(req) {
    const caller = await this.#authorize(req, 'create:me:connected_accounts');
    const body = await readObject(req);
    if (!this.#tenant.vault.hasConnection(body.connection)) {
      throw problem(400, 'Bad Request', 'The connection does not exist or is not enabled for Connected Accounts.');
    }
    if (typeof body.redirect_uri !== 'string' || !LOOPBACK_CALLBACK.test(body.redirect_uri)) {
      throw problem(400, 'Bad Request', 'redirect_uri is not an allowed callback URL of the application.');
    }
    if (body.code_challenge !== undefined && (body.code_challenge_method ?? 'S256') !== 'S256') {
      throw problem(400, 'Bad Request', 'code_challenge_method must be S256.');
    }
    const scopes = body.scopes ?? this.#defaultScopes;
    if (!Array.isArray(scopes) || scopes.some((scope) => !this.#scopeMap.isKnownScope(scope))) {
      throw problem(400, 'Bad Request', 'scopes must be an array of the connection\'s scopes.');
    }
    const request = {
      authSession: randomBytes(24).toString('base64url'),
      ticket: randomBytes(24).toString('base64url'),
      sub: caller.sub,
      clientId: caller.clientId,
      connection: body.connection,
      scopes: [...new Set(scopes)],
      redirectUri: body.redirect_uri,
      state: body.state,
      codeChallenge: body.code_challenge,
      expiresAt: Date.now() + TICKET_TTL_SECONDS * 1000,
      connectCode: null,
    };
    this.#pending.set(request.authSession, request);
    return {
      connect_uri: `${this.#tenant.issuer}/connect`,
      auth_session: request.authSession,
      connect_params: { ticket: request.ticket },
      expires_in: TICKET_TTL_SECONDS,
    };
  }

  #byTicket(ticket) {
    const request = [...this.#pending.values()].find((candidate) => candidate.ticket === ticket);
    if (!request || request.expiresAt <= Date.now() || request.connectCode) {
      throw new HttpError(400, { error: 'invalid_request', error_description: 'The ticket is unknown, used or expired.' });
    }
    return request;
  }

  // GET shows the page (or decides at once with ?auto=approve|deny); POST is the page's answer.
  async #connectPage(req, res, url) {
    const input = req.method === 'POST' ? await readObject(req) : Object.fromEntries(url.searchParams);
    const request = this.#byTicket(input.ticket);
    const decision = req.method === 'POST' ? input.decision : input.auto;
    if (decision !== 'approve' && decision !== 'deny') {
      const user = findUser(request.sub)?.username ?? request.sub;
      return sendHtml(res, 200, connectPage({
        action: '/connect', ticket: request.ticket, connection: request.connection, user, scopes: request.scopes,
      }));
    }
    const target = new URL(request.redirectUri);
    if (decision === 'approve') {
      request.connectCode = randomBytes(24).toString('base64url');
      target.searchParams.set('connect_code', request.connectCode);
    } else {
      this.#pending.delete(request.authSession);
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The user did not authorize the connection.');
    }
    if (request.state !== undefined) {
      target.searchParams.set('state', request.state);
    }
    return redirect(res, target.href);
  }

  async #complete(req) {
    const caller = await this.#authorize(req, 'create:me:connected_accounts');
    const body = await readObject(req);
    const request = this.#pending.get(body.auth_session);
    if (!request || request.sub !== caller.sub || request.expiresAt <= Date.now()) {
      throw problem(400, 'Bad Request', 'The auth_session is unknown or expired.');
    }
    if (!request.connectCode || !sameText(request.connectCode, body.connect_code ?? '')) {
      throw problem(400, 'Bad Request', 'The connect_code is invalid.');
    }
    if (body.redirect_uri !== request.redirectUri) {
      throw problem(400, 'Bad Request', 'redirect_uri does not match the connect request.');
    }
    if (request.codeChallenge !== undefined) {
      const verifier = String(body.code_verifier ?? '');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (verifier.length < 43 || !sameText(challenge, request.codeChallenge)) {
        throw problem(400, 'Bad Request', 'The code_verifier does not match the code_challenge.');
      }
    }
    this.#pending.delete(request.authSession);
    const user = findUser(request.sub);
    const account = this.#tenant.vault.connect(request.sub, request.connection, request.scopes, user.github);
    return accountJson(account);
  }
}
