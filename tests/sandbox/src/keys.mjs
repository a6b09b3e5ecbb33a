// The tenant's signing keys: generated at start, newest first (oidc-provider
// signs with the first key that fits an algorithm), older keys kept so tokens
// they signed still verify. With a state directory they are persisted, so a
// restarted sandbox keeps its JWKS.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function generateKey(alg) {
  const { privateKey } = alg === 'ES256'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `${alg.toLowerCase()}-${randomBytes(9).toString('base64url')}`;
  return { ...privateKey.export({ format: 'jwk' }), alg, use: 'sig', kid };
}

export class SigningKeys {
  #keys;
  #file;

  constructor(keys, file) {
    this.#keys = keys;
    this.#file = file;
  }

  // Loads the persisted keys (if any) and makes sure the newest one uses `alg`.
  static open(stateDir, alg) {
    const file = stateDir ? path.join(stateDir, 'signing-keys.json') : null;
    let keys = [];
    if (file && existsSync(file)) {
      keys = JSON.parse(readFileSync(file, 'utf8')).keys;
    }
    const store = new SigningKeys(keys, file);
    if (keys.length === 0 || keys[0].alg !== alg) {
      store.rotate(alg);
    }
    return store;
  }

  rotate(alg) {
    const key = generateKey(alg);
    this.#keys.unshift(key);
    this.#persist();
    return key;
  }

  get current() {
    return this.#keys[0];
  }

  get kids() {
    return this.#keys.map((key) => key.kid);
  }

  // The private JWKS oidc-provider is constructed with (a copy: it is consumed).
  get privateJwks() {
    return { keys: this.#keys.map((key) => ({ ...key })) };
  }

  #persist() {
    if (!this.#file) {
      return;
    }
    mkdirSync(path.dirname(this.#file), { recursive: true, mode: 0o700 });
    const temporary = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ keys: this.#keys }), { mode: 0o600 });
    renameSync(temporary, this.#file);
  }
}
