// The GitHub-like upstream API. It accepts only the upstream tokens Token
// Vault minted, enforces the scope map per endpoint, and answers every call
// with X-OAuth-Scopes (what the token holds) and X-Accepted-OAuth-Scopes
// (what the endpoint accepts). OAuth app tokens are revoked as on GitHub,
// with DELETE /applications/{client_id}/token and the app's basic auth.
import { randomBytes, timingSafeEqual } from 'node:crypto';

import { HttpError, basicCredentials, bearerToken, readObject, sendJson } from './http.mjs';
import { World } from './upstreamdata.mjs';
import { githubError, routes } from './upstreamroutes.mjs';

const USER_PATHS = /^\/(user|notifications|gists)(\/|$)/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameSecret(a, b) {
  const left = Buffer.from(String(a));
  const right = Buffer.from(String(b));
  return left.length === right.length && timingSafeEqual(left, right);
}

export class Upstream {
  constructor({ vault, scopeMap }) {
    this.vault = vault;
    this.scopeMap = scopeMap;
    this.world = new World();
    this.clientId = `Ov23li${randomBytes(7).toString('hex')}`;
    this.clientSecret = randomBytes(20).toString('hex');
    for (const endpoint of scopeMap.endpoints) {
      if (!routes[`${endpoint.method} ${endpoint.path}`]) {
        throw new Error(`the scope map names ${endpoint.method} ${endpoint.path}, which the upstream does not serve`);
      }
    }
  }

  async handle(req, res, url) {
    const headers = { 'X-GitHub-Media-Type': 'github.v3; format=json' };
    try {
      const revoke = /^\/applications\/([^/]+)\/token$/.exec(url.pathname);
      if (revoke && req.method === 'DELETE') {
        return await this.#revokeToken(req, res, decodeURIComponent(revoke[1]));
      }
      const [status, body] = await this.#serve(req, url, headers);
      return sendJson(res, status, body, headers);
    } catch (error) {
      if (error instanceof HttpError) {
        return sendJson(res, error.status, error.body, headers);
      }
      throw error;
    }
  }

  async #serve(req, url, headers) {
    const value = bearerToken(req);
    const token = value === undefined ? undefined : this.vault.lookup(value);
    if (value !== undefined && !token) {
      throw githubError(401, 'Bad credentials');
    }
    const held = token?.scopes ?? [];
    headers['X-OAuth-Scopes'] = [...held].sort().join(', ');

    const found = this.scopeMap.match(req.method, url.pathname);
    if (!found) {
      headers['X-Accepted-OAuth-Scopes'] = '';
      throw githubError(404, 'Not Found');
    }
    const { endpoint, params } = found;
    headers['X-Accepted-OAuth-Scopes'] = endpoint.accepted.join(', ');
    if (!token && (USER_PATHS.test(url.pathname) || WRITES.has(req.method))) {
      throw githubError(401, 'Requires authentication');
    }

    const body = WRITES.has(req.method) ? await readObject(req) : {};
    const login = token?.login;
    let repo;
    let publicRepository = false;
    if (params.owner !== undefined) {
      repo = this.world.repo(params.owner, params.repo);
      if (!repo || !this.world.canRead(repo, login)) {
        throw githubError(404, 'Not Found');
      }
      publicRepository = !repo.private;
    } else if (req.method === 'POST' && url.pathname === '/user/repos') {
      publicRepository = !body.private;
    }

    if (!this.scopeMap.allows(endpoint, held, { publicRepository })) {
      const denied = endpoint.denied ?? { status: 404, message: 'Not Found' };
      throw githubError(denied.status, denied.message);
    }

    const call = {
      world: this.world, params, body, login, repo,
      query: Object.fromEntries(url.searchParams), granted: this.scopeMap.closure(held),
    };
    return routes[`${endpoint.method} ${endpoint.path}`](call);
  }

  async #revokeToken(req, res, clientId) {
    const credentials = basicCredentials(req);
    const body = await readObject(req);
    const appMatches = credentials && clientId === this.clientId && credentials.user === this.clientId
      && sameSecret(credentials.password, this.clientSecret);
    if (!appMatches || typeof body.access_token !== 'string' || !this.vault.revoke(body.access_token)) {
      // GitHub answers 404 for a wrong app as for an unknown token.
      throw githubError(404, 'Not Found');
    }
    return sendJson(res, 204, undefined);
  }
}
