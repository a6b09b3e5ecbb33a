// Faults on request: the next N calls matching a method and path on the
// tenant or the upstream are slowed, fail, are rate limited, have their
// connection dropped mid-answer, or get a body that is not JSON.
import { setTimeout as sleep } from 'node:timers/promises';

import { HttpError, sendJson } from './http.mjs';

const MODES = new Set(['slow', 'error', 'rate_limit', 'reset', 'malformed']);
const TARGETS = new Set(['tenant', 'upstream']);

function invalid(description) {
  return new HttpError(400, { error: 'invalid_request', error_description: description });
}

function wholeNumber(value, name, { min, max, fallback }) {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

export class Faults {
  #rules = [];
  #nextId = 1;

  add(spec) {
    if (!TARGETS.has(spec.target)) {
      throw invalid('target must be "tenant" or "upstream"');
    }
    if (!MODES.has(spec.mode)) {
      throw invalid(`mode must be one of ${[...MODES].join(', ')}`);
    }
    if (typeof spec.path !== 'string' || !spec.path.startsWith('/')) {
      throw invalid('path must start with "/" (end it with "*" to match a prefix)');
    }
    const method = (spec.method ?? '*').toUpperCase();
    if (!/^(\*|[A-Z]+)$/.test(method)) {
      throw invalid('method must be an HTTP method or "*"');
    }
    const rule = {
      id: this.#nextId++,
      target: spec.target,
      method,
      path: spec.path,
      mode: spec.mode,
      remaining: wholeNumber(spec.count, 'count', { min: 1, max: 10000, fallback: 1 }),
      delay_ms: wholeNumber(spec.delay_ms, 'delay_ms', { min: 0, max: 120000, fallback: 1000 }),
      status: wholeNumber(spec.status, 'status', { min: 400, max: 599, fallback: 503 }),
      retry_after: wholeNumber(spec.retry_after, 'retry_after', { min: 0, max: 3600, fallback: 1 }),
    };
    this.#rules.push(rule);
    return { ...rule };
  }

  clear() {
    this.#rules = [];
  }

  list() {
    return this.#rules.map((rule) => ({ ...rule }));
  }

  // The first rule that matches this call, counted as used; undefined if none.
  take(target, method, path) {
    const rule = this.#rules.find((candidate) => candidate.target === target
      && (candidate.method === '*' || candidate.method === method)
      && (candidate.path.endsWith('*') ? path.startsWith(candidate.path.slice(0, -1)) : candidate.path === path));
    if (!rule) {
      return undefined;
    }
    rule.remaining -= 1;
    if (rule.remaining === 0) {
      this.#rules.splice(this.#rules.indexOf(rule), 1);
    }
    return rule;
  }
}

// Answers (or delays) one call according to `rule`; `proceed` serves it normally.
export async function applyFault(rule, req, res, proceed) {
  const tenant = rule.target === 'tenant';
  switch (rule.mode) {
    case 'slow':
      await sleep(rule.delay_ms);
      return proceed();
    case 'error':
      return sendJson(res, rule.status, tenant
        ? { error: 'temporarily_unavailable', error_description: 'The service is temporarily unavailable (injected fault).' }
        : { message: 'Service Unavailable (injected fault)' });
    case 'rate_limit': {
      const reset = Math.floor(Date.now() / 1000) + rule.retry_after;
      return sendJson(res, 429, tenant
        ? { error: 'too_many_requests', error_description: 'Global limit has been reached (injected fault).' }
        : { message: 'API rate limit exceeded (injected fault).' }, {
        'Retry-After': String(rule.retry_after),
        'X-RateLimit-Limit': '100',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(reset),
      });
    }
    case 'reset':
      // The answer starts, then the connection drops: a client sees it
      // fail, rather than silently retrying it on a new connection (as
      // HTTP stacks do when an idle keep-alive connection closes).
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 4096 });
      res.write('{"partial": ', () => req.socket.destroy());
      return undefined;
    case 'malformed': {
      const body = '{"truncated": "this reply is not valid JSON';
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      return res.end(body);
    }
    default:
      return proceed();
  }
}
