// The sandbox tenant: an Auth0-compatible tenant (oidc-provider) and a
// GitHub-like upstream, each on its own 127.0.0.1 port. Prints one READY
// line with its URLs and credentials on stdout when both listen; logs go to
// stderr; SIGTERM stops it at once. See ../README.md for the contract.
import { announceReady, debug, log, setVerbose } from './log.mjs';

import { renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

import { findUser, usernames } from './accounts.mjs';
import { Control } from './control.mjs';
import { Faults, applyFault } from './faults.mjs';
import { sendJson } from './http.mjs';
import { SigningKeys } from './keys.mjs';
import { MyAccountApi } from './myaccount.mjs';
import { parseOptions } from './options.mjs';
import { ScopeMap } from './scopemap.mjs';
import { MemoryStore } from './store.mjs';
import { Tenant } from './tenant.mjs';
import { Upstream } from './upstream.mjs';
import { GITHUB_DEFAULT_SCOPES, Vault } from './vault.mjs';

const AUDIENCE = 'https://api.sanctum.local';
const CONNECTIONS = ['github'];

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server.address().port));
  });
}

// Serves one request of `target`, unless a fault rule takes it first.
function dispatcher(target, faults, serve) {
  return (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    debug('request', { target, method: req.method, path: url.pathname });
    const proceed = () => Promise.resolve().then(() => serve(req, res, url));
    const rule = url.pathname.startsWith('/__control/') ? undefined : faults.take(target, req.method, url.pathname);
    if (rule) {
      log('fault', { target, method: req.method, path: url.pathname, mode: rule.mode });
    }
    (rule ? applyFault(rule, req, res, proceed) : proceed()).catch((error) => {
      log('request.failed', { target, path: url.pathname, message: error.message, stack: error.stack });
      if (!res.headersSent) {
        sendJson(res, 500, { error: 'server_error', error_description: 'the sandbox failed to serve this request' });
      } else {
        res.destroy();
      }
    });
  };
}

function writeUrlsFile(file, info) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

async function main() {
  const started = performance.now();
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`sandbox: ${error.message}\n`);
    process.exit(2);
  }
  setVerbose(options.verbose);

  const faults = new Faults();
  const scopeMap = ScopeMap.load();
  const vault = new Vault({ connections: CONNECTIONS });
  const keys = SigningKeys.open(options.stateDir, options.alg);

  const tenantServer = http.createServer();
  const upstreamServer = http.createServer();
  const tenantPort = await listen(tenantServer, options.port);
  const upstreamPort = await listen(upstreamServer, options.upstreamPort);
  const issuer = `http://127.0.0.1:${tenantPort}`;

  const tenant = new Tenant({
    issuer, keys, store: new MemoryStore(), vault, audience: AUDIENCE, pollInterval: options.pollInterval,
  });
  const upstream = new Upstream({ vault, scopeMap });
  const myAccount = new MyAccountApi({ tenant, scopeMap, defaultScopes: GITHUB_DEFAULT_SCOPES });
  const control = options.demo ? null : new Control({ tenant, faults, scopeMap });

  const alice = findUser('alice');
  vault.connect(alice.sub, 'github', GITHUB_DEFAULT_SCOPES, alice.github);

  tenantServer.on('request', dispatcher('tenant', faults, (req, res, url) => {
    if (control && url.pathname.startsWith('/__control/')) {
      return control.handle(req, res, url);
    }
    if (myAccount.handles(url.pathname)) {
      return myAccount.handle(req, res, url);
    }
    return tenant.handle(req, res);
  }));
  upstreamServer.on('request', dispatcher('upstream', faults, (req, res, url) => upstream.handle(req, res, url)));

  const info = {
    issuer,
    upstream: `http://127.0.0.1:${upstreamPort}`,
    control: control ? `${issuer}/__control` : null,
    client_id: 'sanctum',
    client_secret: tenant.clientSecret,
    public_client_id: 'sanctum-public',
    audience: AUDIENCE,
    my_account_audience: tenant.myAccountAudience,
    connections: CONNECTIONS,
    users: usernames,
    alg: keys.current.alg,
    upstream_client_id: upstream.clientId,
    upstream_client_secret: upstream.clientSecret,
  };

  const stop = (signal) => {
    if (options.urlsFile) {
      rmSync(options.urlsFile, { force: true });
    }
    log('stopping', { signal });
    tenantServer.closeAllConnections();
    upstreamServer.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  if (options.urlsFile) {
    writeUrlsFile(options.urlsFile, info);
  }
  log('ready', { issuer, upstream: info.upstream, alg: info.alg, demo: options.demo, ms: Math.round(performance.now() - started) });
  announceReady(info);
}

process.on('uncaughtException', (error) => {
  log('fatal', { message: error.message, stack: error.stack });
  process.exit(1);
});

main().catch((error) => {
  log('fatal', { message: error.message, stack: error.stack });
  process.exit(1);
});
