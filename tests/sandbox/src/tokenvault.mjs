// Auth0 Token Vault's grant: a confidential client exchanges the user's
// refresh token for the current upstream access token of the user's
// connected account on a connection. There is no scope parameter: the
// token carries the scopes granted when the account was connected.
import { errors } from 'oidc-provider';

export const TOKEN_VAULT_GRANT = 'urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token';
export const FEDERATED_TOKEN_TYPE = 'http://auth0.com/oauth/token-type/federated-connection-access-token';
const REFRESH_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:refresh_token';

export const TOKEN_VAULT_PARAMETERS = ['subject_token', 'subject_token_type', 'requested_token_type', 'connection', 'login_hint'];

export class Auth0Error extends errors.CustomOIDCProviderError {
  constructor(status, error, description, detail) {
    super(error, description, detail);
    this.status = status;
    this.statusCode = status;
  }
}

function invalidRefreshToken(detail) {
  return new Auth0Error(403, 'invalid_grant', 'Unknown or invalid refresh token.', detail);
}

export function tokenVaultGrant(vault) {
  return async function federatedConnectionAccessToken(ctx) {
    const { params, client, provider } = ctx.oidc;
    for (const name of ['subject_token', 'subject_token_type', 'requested_token_type', 'connection']) {
      if (!params[name]) {
        throw new Auth0Error(400, 'invalid_request', `Missing required parameter: ${name}`);
      }
    }
    if (params.subject_token_type !== REFRESH_TOKEN_TYPE) {
      throw new Auth0Error(400, 'invalid_request', `Unsupported subject_token_type: ${params.subject_token_type}`);
    }
    if (params.requested_token_type !== FEDERATED_TOKEN_TYPE) {
      throw new Auth0Error(400, 'invalid_request', `Unsupported requested_token_type: ${params.requested_token_type}`);
    }
    if (!vault.hasConnection(params.connection)) {
      throw new Auth0Error(400, 'invalid_request', 'Token Vault is not enabled for the provided connection',
        `unknown connection ${params.connection}`);
    }

    const refreshToken = await provider.RefreshToken.find(params.subject_token, { ignoreExpiration: true });
    if (!refreshToken) {
      throw invalidRefreshToken('refresh token not found (unknown or revoked)');
    }
    if (refreshToken.clientId !== client.clientId) {
      throw invalidRefreshToken('refresh token was issued to another client');
    }
    if (refreshToken.isExpired || refreshToken.consumed) {
      throw invalidRefreshToken('refresh token is expired or was rotated');
    }
    if (!(await provider.Grant.find(refreshToken.grantId))) {
      throw invalidRefreshToken('the grant of the refresh token was revoked');
    }

    const account = vault.account(refreshToken.accountId, params.connection);
    const hint = params.login_hint;
    if (!account || (hint && hint !== account.identity.login && hint !== String(account.identity.id))) {
      throw new Auth0Error(401, 'federated_connection_refresh_token_not_found',
        'Federated connection Refresh Token not found.', `no connected ${params.connection} account matches`);
    }

    const upstream = vault.currentToken(account);
    ctx.body = {
      access_token: upstream.token,
      issued_token_type: FEDERATED_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: Math.max(0, Math.floor((upstream.expiresAt - Date.now()) / 1000)),
      scope: upstream.scopes.join(' '),
    };
  };
}
