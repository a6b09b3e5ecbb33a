// The GitHub scope map (resources/scopes/github.json): which classic scopes
// each endpoint accepts, and how scopes nest. The same file is Sanctum's
// source for its broker, so the upstream enforces exactly what it says.
import { readFileSync } from 'node:fs';

const MAP_FILE = new URL('../../../resources/scopes/github.json', import.meta.url);

function compile(pattern) {
  const names = [];
  const source = pattern.split('/').map((segment) => {
    const param = /^\{([a-z_]+)(\*?)\}$/.exec(segment);
    if (!param) {
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
    names.push(param[1]);
    return param[2] ? '(.+)' : '([^/]+)';
  }).join('/');
  return { regex: new RegExp(`^${source}$`), names };
}

export class ScopeMap {
  constructor(document) {
    this.document = document;
    this.implies = document.implies;
    this.endpoints = document.endpoints.map((endpoint) => ({ ...endpoint, ...compile(endpoint.path) }));
  }

  static load() {
    return new ScopeMap(JSON.parse(readFileSync(MAP_FILE, 'utf8')));
  }

  // The first endpoint whose method and path pattern match, with its path parameters.
  match(method, path) {
    for (const endpoint of this.endpoints) {
      if (endpoint.method !== method) {
        continue;
      }
      const found = endpoint.regex.exec(path);
      if (found) {
        const params = {};
        endpoint.names.forEach((name, i) => { params[name] = decodeURIComponent(found[i + 1]); });
        return { endpoint, params };
      }
    }
    return undefined;
  }

  // Every scope `scopes` grants, directly or through nesting.
  closure(scopes) {
    const all = new Set();
    const pending = [...scopes];
    while (pending.length) {
      const scope = pending.pop();
      if (!all.has(scope)) {
        all.add(scope);
        pending.push(...(this.implies[scope] ?? []));
      }
    }
    return all;
  }

  // Whether a token holding `held` may call `endpoint`, on a public
  // repository or not.
  allows(endpoint, held, { publicRepository = false } = {}) {
    const granted = this.closure(held);
    const accepted = publicRepository && endpoint.public ? endpoint.public : endpoint.accepted;
    const anyOf = accepted.length === 0 || accepted.some((scope) => granted.has(scope));
    const allOf = (endpoint.also ?? []).every((scope) => granted.has(scope));
    return anyOf && allOf;
  }

  isKnownScope(scope) {
    return Object.hasOwn(this.document.scopes, scope);
  }
}
