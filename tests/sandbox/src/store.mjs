// In-memory storage for oidc-provider models. One MemoryStore outlives every
// Provider the tenant builds (a key rotation rebuilds the provider), so
// sessions, grants, codes and tokens survive it.
export class MemoryStore {
  #entries = new Map(); // "Model:id" -> { payload, expiresAt }
  #byGrant = new Map(); // grantId -> Set of "Model:id"
  #byUserCode = new Map(); // user code -> id
  #byUid = new Map(); // session uid -> id

  get(key) {
    const entry = this.#entries.get(key);
    if (!entry) {
      return undefined;
    }
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  set(key, payload, expiresIn) {
    const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : undefined;
    this.#entries.set(key, { payload, expiresAt });
    if (payload.grantId) {
      if (!this.#byGrant.has(payload.grantId)) {
        this.#byGrant.set(payload.grantId, new Set());
      }
      this.#byGrant.get(payload.grantId).add(key);
    }
  }

  delete(key) {
    const entry = this.#entries.get(key);
    this.#entries.delete(key);
    if (entry?.payload.grantId) {
      this.#byGrant.get(entry.payload.grantId)?.delete(key);
    }
  }

  deleteGrant(grantId) {
    for (const key of this.#byGrant.get(grantId) ?? []) {
      this.#entries.delete(key);
    }
    this.#byGrant.delete(grantId);
  }

  indexUserCode(userCode, id) {
    this.#byUserCode.set(userCode, id);
  }

  idForUserCode(userCode) {
    return this.#byUserCode.get(userCode);
  }

  indexUid(uid, id) {
    this.#byUid.set(uid, id);
  }

  idForUid(uid) {
    return this.#byUid.get(uid);
  }

  count(model) {
    let n = 0;
    for (const key of this.#entries.keys()) {
      if (key.startsWith(`${model}:`) && this.get(key) !== undefined) {
        n += 1;
      }
    }
    return n;
  }

  // The oidc-provider adapter factory over this store.
  adapterFactory() {
    return (model) => new StoreAdapter(this, model);
  }
}

class StoreAdapter {
  #store;
  #model;

  constructor(store, model) {
    this.#store = store;
    this.#model = model;
  }

  #key(id) {
    return `${this.#model}:${id}`;
  }

  async upsert(id, payload, expiresIn) {
    this.#store.set(this.#key(id), payload, expiresIn);
    if (payload.userCode) {
      this.#store.indexUserCode(payload.userCode, id);
    }
    if (this.#model === 'Session' && payload.uid) {
      this.#store.indexUid(payload.uid, id);
    }
  }

  async find(id) {
    return this.#store.get(this.#key(id));
  }

  async findByUserCode(userCode) {
    const id = this.#store.idForUserCode(userCode);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUid(uid) {
    const id = this.#store.idForUid(uid);
    return id === undefined ? undefined : this.find(id);
  }

  async consume(id) {
    const payload = this.#store.get(this.#key(id));
    if (payload) {
      payload.consumed = Math.floor(Date.now() / 1000);
    }
  }

  async destroy(id) {
    this.#store.delete(this.#key(id));
  }

  async revokeByGrantId(grantId) {
    this.#store.deleteGrant(grantId);
  }
}
