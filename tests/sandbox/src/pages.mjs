// The few HTML pages a person sees in a browser: login, consent, device
// code entry, the connect page and errors. Plain, no external resources.
import { escapeHtml } from './http.mjs';

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}
main{max-width:26rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.3rem;margin-top:0}button{font-size:1rem;padding:.5rem 1rem;margin:.25rem .25rem 0 0}
label,select,input{display:block;font-size:1rem;margin:.5rem 0}code{background:#eee;padding:0 .2rem}
.note{color:#666;font-size:.85rem}ul{padding-left:1.2rem}`;

export function page(title, body) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export function loginPage({ action, clientName, usernames, hint }) {
  const options = usernames.map((name) => `<option${name === hint ? ' selected' : ''}>${escapeHtml(name)}</option>`);
  return page('Sign in to the Sanctum sandbox', `<p>${escapeHtml(clientName)} asks you to sign in.</p>
<form method="post" action="${escapeHtml(action)}">
<label for="username">User</label><select id="username" name="username">${options.join('')}</select>
<button type="submit" autofocus>Continue</button></form>
<p class="note">Sandbox tenant: test users have no password.</p>`);
}

export function consentPage({ action, abort, clientName, user, scopes, audiences }) {
  const items = scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('');
  const apis = audiences.length ? `<p>APIs: ${audiences.map((a) => `<code>${escapeHtml(a)}</code>`).join(', ')}</p>` : '';
  return page('Authorize access', `<p><strong>${escapeHtml(clientName)}</strong> wants to act as
<strong>${escapeHtml(user)}</strong> with:</p><ul>${items || '<li>no extra scope</li>'}</ul>${apis}
<form method="post" action="${escapeHtml(action)}"><button type="submit" autofocus>Allow</button>
<a href="${escapeHtml(abort)}">Deny</a></form>`);
}

export function connectPage({ action, ticket, connection, user, scopes }) {
  const items = scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('');
  return page(`Connect ${connection}`, `<p>Connect <strong>${escapeHtml(user)}</strong>'s
${escapeHtml(connection)} account to Token Vault with these scopes:</p><ul>${items || '<li>no scope</li>'}</ul>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="ticket" value="${escapeHtml(ticket)}">
<button type="submit" name="decision" value="approve" autofocus>Authorize</button>
<button type="submit" name="decision" value="deny">Cancel</button></form>`);
}

export function errorPage(out) {
  const rows = Object.entries(out).map(([key, value]) => `<p><code>${escapeHtml(key)}</code>: ${escapeHtml(value)}</p>`);
  return page('Something went wrong', rows.join(''));
}

// oidc-provider's device flow pages.
export const devicePages = {
  async userCodeInputSource(ctx, form, _out, err) {
    const problem = err ? '<p>That code did not work; try again.</p>' : '<p>Enter the code your device shows.</p>';
    ctx.body = page('Activate a device', `${problem}${form}<button type="submit" form="op.deviceInputForm">Continue</button>`);
  },
  async userCodeConfirmSource(ctx, form, client, _deviceInfo, userCode) {
    ctx.body = page('Confirm the device', `<p><strong>${escapeHtml(client.clientName ?? client.clientId)}</strong>
shows <code>${escapeHtml(userCode)}</code>.</p>${form}
<button type="submit" form="op.deviceConfirmForm" autofocus>Continue</button>
<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Abort</button>`);
  },
  async successSource(ctx) {
    ctx.body = page('Device activated', '<p>You can close this page and return to your device.</p>');
  },
};

export const logoutPages = {
  async logoutSource(ctx, form) {
    ctx.body = page('Sign out', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>
<button type="submit" form="op.logoutForm">Stay signed in</button>`);
  },
  async postLogoutSuccessSource(ctx) {
    ctx.body = page('Signed out', '<p>You are signed out of the sandbox tenant.</p>');
  },
};
