// Token Vault's side of the tenant: each user's connected accounts (one per
// connection, holding the scopes granted when it was connected) and the
// upstream access tokens minted for them. The GitHub-like upstream accepts
// exactly the tokens recorded here.
import { randomBytes, randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// GitHub's OAuth app tokens: "gho_" and 36 base62 characters.
function newUpstreamToken() {
  let body = '';
  for (let i = 0; i < 36; i += 1) {
    body += BASE62[randomInt(BASE62.length)];
  }
  return `gho_${body}`;
}

export const GITHUB_DEFAULT_SCOPES = [
  'repo', 'read:org', 'workflow', 'gist', 'notifications', 'user',
  'delete_repo', 'write:discussion', 'read:packages', 'admin:repo_hook', 'project', 'admin:public_key',
];

export class Vault {
  #accounts = new Map(); // "sub connection" -> connected account
  #tokens = new Map(); // upstream token -> record
  #tokenTtl;

  constructor({ connections, tokenTtlSeconds = 8 * 60 * 60 }) {
    this.connections = connections;
    this.#tokenTtl = tokenTtlSeconds;
  }

  hasConnection(name) {
    return this.connections.includes(name);
  }

  account(sub, connection) {
    return this.#accounts.get(`${sub} ${connection}`);
  }

  accountsOf(sub) {
    return [...this.#accounts.values()].filter((account) => account.sub === sub);
  }

  // Connects (or reconnects) `sub`'s account on `connection` with exactly
  // `scopes`. A reconnect revokes the token the account held until now.
  connect(sub, connection, scopes, identity) {
    const previous = this.account(sub, connection);
    if (previous?.token) {
      this.revoke(previous.token);
    }
    const account = {
      id: previous?.id ?? `cac_${randomBytes(12).toString('base64url')}`,
      sub,
      connection,
      identity,
      scopes: [...new Set(scopes)],
      createdAt: new Date().toISOString(),
      token: null,
    };
    this.#accounts.set(`${sub} ${connection}`, account);
    return account;
  }

  disconnect(sub, connection) {
    const account = this.account(sub, connection);
    if (account?.token) {
      this.revoke(account.token);
    }
    return this.#accounts.delete(`${sub} ${connection}`);
  }

  // The account's current upstream token; a new one when it has none, or
  // when the one it had expired or was revoked.
  currentToken(account) {
    const alive = account.token && this.lookup(account.token);
    if (alive) {
      return alive;
    }
    const now = Date.now();
    const record = {
      token: newUpstreamToken(),
      sub: account.sub,
      connection: account.connection,
      login: account.identity.login,
      scopes: [...account.scopes],
      issuedAt: now,
      expiresAt: now + this.#tokenTtl * 1000,
      revoked: false,
    };
    this.#tokens.set(record.token, record);
    account.token = record.token;
    return record;
  }

  // The record of a live upstream token, or undefined.
  lookup(token) {
    const record = this.#tokens.get(token);
    if (!record || record.revoked || record.expiresAt <= Date.now()) {
      return undefined;
    }
    return record;
  }

  revoke(token) {
    const record = this.#tokens.get(token);
    if (!record || record.revoked) {
      return false;
    }
    record.revoked = true;
    return true;
  }

  snapshot() {
    const mask = (token) => (token ? `${token.slice(0, 8)}…` : null);
    return {
      connected_accounts: [...this.#accounts.values()].map((account) => ({
        id: account.id,
        user: account.sub,
        connection: account.connection,
        scopes: account.scopes,
        created_at: account.createdAt,
        token: mask(account.token),
      })),
      upstream_tokens: [...this.#tokens.values()].map((record) => ({
        token: mask(record.token),
        user: record.sub,
        scopes: record.scopes,
        revoked: record.revoked,
        expires_at: new Date(record.expiresAt).toISOString(),
      })),
    };
  }
}
