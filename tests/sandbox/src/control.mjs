// The test-only control endpoint under /__control (absent with --demo):
// faults, key rotation, approving device codes and CIBA requests without a
// person, setting a user's connected account, and a state dump.
import { errors } from 'oidc-provider';

import { findUser } from './accounts.mjs';
import { HttpError, readObject, sendJson } from './http.mjs';
import { isSupportedAlg } from './options.mjs';

const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

function badRequest(description) {
  return new HttpError(400, { error: 'invalid_request', error_description: description });
}

function notFound(description) {
  return new HttpError(404, { error: 'not_found', error_description: description });
}

export class Control {
  constructor({ tenant, faults, scopeMap }) {
    this.tenant = tenant;
    this.faults = faults;
    this.scopeMap = scopeMap;
  }

  async handle(req, res, url) {
    try {
      const route = `${req.method} ${url.pathname.slice('/__control'.length)}`;
      const account = /^(PUT|DELETE) \/connected-accounts\/([^/]+)\/([^/]+)$/.exec(route);
      if (account) {
        return sendJson(res, ...await this.#connectedAccount(req, account[1], account[2], account[3]));
      }
      switch (route) {
        case 'POST /faults': return sendJson(res, 201, this.faults.add(await readObject(req)));
        case 'GET /faults': return sendJson(res, 200, { faults: this.faults.list() });
        case 'DELETE /faults': this.faults.clear(); return sendJson(res, 204, undefined);
        case 'POST /keys/rotate': return sendJson(res, 200, this.#rotate(await readObject(req)));
        case 'POST /device/approve': return sendJson(res, 200, await this.#decideDevice(await readObject(req), true));
        case 'POST /device/deny': return sendJson(res, 200, await this.#decideDevice(await readObject(req), false));
        case 'POST /ciba/approve': return sendJson(res, 200, await this.#decideCiba(await readObject(req), true));
        case 'POST /ciba/deny': return sendJson(res, 200, await this.#decideCiba(await readObject(req), false));
        case 'GET /state': return sendJson(res, 200, this.#state());
        default: throw notFound(`no control route ${route}`);
      }
    } catch (error) {
      if (error instanceof HttpError) {
        return sendJson(res, error.status, error.body);
      }
      throw error;
    }
  }

  #rotate(body) {
    const alg = body.alg ?? this.tenant.alg;
    if (!isSupportedAlg(alg)) {
      throw badRequest('alg must be RS256, ES256 or PS256');
    }
    const key = this.tenant.keys.rotate(alg);
    this.tenant.rebuild();
    return { alg, kid: key.kid, kids: this.tenant.keys.kids };
  }

  // A new grant for `sub` holding the requested scopes the tenant knows.
  async #grantFor(sub, clientId, scope, resource) {
    const { provider } = this.tenant;
    const requested = String(scope ?? '').split(' ').filter(Boolean);
    const grant = new provider.Grant({ accountId: sub, clientId });
    const oidc = requested.filter((s) => OIDC_SCOPES.has(s));
    grant.addOIDCScope(oidc.join(' '));
    const info = resource ? this.tenant.resourceServer(resource) : undefined;
    const api = info ? requested.filter((s) => info.scope.split(' ').includes(s)) : [];
    if (info) {
      grant.addResourceScope(resource, api.join(' '));
    }
    await grant.save();
    return { grant, scope: [...oidc, ...api].join(' ') };
  }

  async #decideDevice(body, approve) {
    const userCode = String(body.user_code ?? '').toUpperCase().replace(/\W/g, '');
    const code = await this.tenant.provider.DeviceCode.findByUserCode(userCode);
    if (!code) {
      throw notFound('no pending device code has this user_code');
    }
    if (code.accountId || code.error) {
      throw new HttpError(409, { error: 'already_decided', error_description: 'this device code was already decided' });
    }
    if (!approve) {
      Object.assign(code, { error: 'access_denied', errorDescription: 'End-User aborted interaction' });
      await code.save();
      return { user_code: body.user_code, approved: false };
    }
    const user = findUser(body.user);
    if (!user) {
      throw badRequest('user must name a test user');
    }
    const resource = [code.params.resource ?? code.params.audience].flat()[0];
    const { grant, scope } = await this.#grantFor(user.sub, code.clientId, code.params.scope, resource);
    Object.assign(code, {
      accountId: user.sub, grantId: grant.jti, scope, authTime: Math.floor(Date.now() / 1000),
      ...(resource ? { resource } : {}),
    });
    await code.save();
    return { user_code: body.user_code, approved: true, user: user.username };
  }

  async #decideCiba(body, approve) {
    const { provider } = this.tenant;
    const request = typeof body.auth_req_id === 'string'
      && await provider.BackchannelAuthenticationRequest.find(body.auth_req_id);
    if (!request) {
      throw notFound('no pending CIBA request has this auth_req_id');
    }
    if (request.grantId || request.error) {
      throw new HttpError(409, { error: 'already_decided', error_description: 'this request was already decided' });
    }
    if (!approve) {
      await provider.backchannelResult(request, new errors.AccessDenied('The end-user denied the authorization request.'));
      return { auth_req_id: body.auth_req_id, approved: false };
    }
    const resource = [request.resource ?? []].flat()[0];
    const { grant } = await this.#grantFor(request.accountId, request.clientId, request.scope, resource);
    await provider.backchannelResult(request, grant, { authTime: Math.floor(Date.now() / 1000) });
    return { auth_req_id: body.auth_req_id, approved: true };
  }

  async #connectedAccount(req, method, username, connection) {
    const user = findUser(decodeURIComponent(username));
    if (!user || !this.tenant.vault.hasConnection(connection)) {
      throw notFound('unknown user or connection');
    }
    if (method === 'DELETE') {
      this.tenant.vault.disconnect(user.sub, connection);
      return [204, undefined];
    }
    const { scopes } = await readObject(req);
    if (!Array.isArray(scopes) || scopes.some((scope) => !this.scopeMap.isKnownScope(scope))) {
      throw badRequest('scopes must be an array of known scopes');
    }
    const account = this.tenant.vault.connect(user.sub, connection, scopes, user.github);
    return [200, { id: account.id, connection, scopes: account.scopes }];
  }

  #state() {
    const { store } = this.tenant;
    return {
      issuer: this.tenant.issuer,
      alg: this.tenant.alg,
      kids: this.tenant.keys.kids,
      faults: this.faults.list(),
      ...this.tenant.vault.snapshot(),
      counts: Object.fromEntries(['Session', 'Grant', 'AccessToken', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']
        .map((model) => [model, store.count(model)])),
    };
  }
}
