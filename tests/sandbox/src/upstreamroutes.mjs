// The GitHub-like REST endpoints. Each handler runs after the upstream has
// authenticated the token, resolved the repository and checked scopes (see
// upstream.mjs); it returns [status, body].
import { HttpError } from './http.mjs';
import { blobSha, shapes } from './upstreamdata.mjs';

const DOCS = 'https://docs.github.com/rest';

export function githubError(status, message, extra = {}) {
  return new HttpError(status, { message, ...extra, documentation_url: DOCS });
}

const notFound = () => githubError(404, 'Not Found');

function missing(resource, field) {
  return githubError(422, 'Validation Failed', { errors: [{ resource, code: 'missing_field', field }] });
}

function requireWrite(call) {
  if (!call.world.canWrite(call.repo, call.login)) {
    throw notFound();
  }
}

function issueOf(call, number) {
  const issue = call.repo.issues[Number(number) - 1];
  if (!issue) {
    throw notFound();
  }
  return issue;
}

function pullOf(call, number) {
  const issue = issueOf(call, number);
  if (!issue.pull) {
    throw notFound();
  }
  return issue;
}

function byState(items, state = 'open') {
  return state === 'all' ? items : items.filter((item) => item.state === state);
}

export const routes = {
  'GET /user': (call) => [200, shapes.user(call.world.users.get(call.login), { withPrivate: call.granted.has('read:user') })],
  'GET /user/emails': (call) => [200, [{
    email: call.world.users.get(call.login).email, primary: true, verified: true, visibility: 'private',
  }]],
  'GET /users/{username}': (call) => {
    const user = call.world.users.get(call.params.username);
    if (!user) {
      throw notFound();
    }
    return [200, shapes.user(user)];
  },
  'GET /user/repos': (call) => {
    const visible = [...call.world.repos.values()].filter((repo) => call.world.canWrite(repo, call.login)
      && (!repo.private || call.granted.has('repo')));
    return [200, visible.map((repo) => shapes.repo(repo, call.world, call.login))];
  },
  'POST /user/repos': (call) => {
    if (!call.body.name) {
      throw missing('Repository', 'name');
    }
    if (call.world.repo(call.login, call.body.name)) {
      throw githubError(422, 'Repository creation failed.', { errors: [{ resource: 'Repository', code: 'custom', field: 'name', message: 'name already exists on this account' }] });
    }
    const repo = call.world.addRepo({ owner: call.login, name: call.body.name, private: Boolean(call.body.private),
      collaborators: [call.login], description: call.body.description ?? null });
    return [201, shapes.repo(repo, call.world, call.login)];
  },
  'GET /repos/{owner}/{repo}': (call) => [200, shapes.repo(call.repo, call.world, call.login)],
  'DELETE /repos/{owner}/{repo}': (call) => {
    if (!call.world.canWrite(call.repo, call.login)) {
      throw githubError(403, 'Must have admin rights to Repository.');
    }
    call.world.repos.delete(`${call.repo.owner}/${call.repo.name}`);
    return [204, undefined];
  },

  'GET /repos/{owner}/{repo}/issues': (call) => [200, byState(call.repo.issues, call.query.state)
    .map((issue) => shapes.issue(issue, call.repo, call.world))],
  'POST /repos/{owner}/{repo}/issues': (call) => {
    if (!call.body.title) {
      throw missing('Issue', 'title');
    }
    const issue = call.world.addIssue(call.repo, { title: String(call.body.title), body: call.body.body ?? null,
      user: call.login, labels: call.body.labels ?? [] });
    return [201, shapes.issue(issue, call.repo, call.world)];
  },
  'GET /repos/{owner}/{repo}/issues/{issue_number}': (call) => [200,
    shapes.issue(issueOf(call, call.params.issue_number), call.repo, call.world)],
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': (call) => {
    const issue = issueOf(call, call.params.issue_number);
    if (issue.user !== call.login) {
      requireWrite(call);
    }
    for (const field of ['title', 'body', 'labels']) {
      if (call.body[field] !== undefined) {
        issue[field] = call.body[field];
      }
    }
    if (call.body.state === 'open' || call.body.state === 'closed') {
      issue.state = call.body.state;
      issue.closed_at = issue.state === 'closed' ? new Date().toISOString() : null;
    }
    issue.updated_at = new Date().toISOString();
    return [200, shapes.issue(issue, call.repo, call.world)];
  },
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': (call) => {
    const issue = issueOf(call, call.params.issue_number);
    return [200, call.repo.comments.get(issue.number) ?? []];
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': (call) => {
    const issue = issueOf(call, call.params.issue_number);
    if (!call.body.body) {
      throw missing('IssueComment', 'body');
    }
    const now = new Date().toISOString();
    const comment = { id: call.world.id(), body: String(call.body.body), user: shapes.owner(call.login, call.world),
      created_at: now, updated_at: now };
    call.repo.comments.set(issue.number, [...(call.repo.comments.get(issue.number) ?? []), comment]);
    return [201, comment];
  },

  'GET /repos/{owner}/{repo}/pulls': (call) => [200, byState(call.repo.issues.filter((issue) => issue.pull), call.query.state)
    .map((issue) => shapes.pull(issue, call.repo, call.world))],
  'POST /repos/{owner}/{repo}/pulls': (call) => {
    for (const field of ['title', 'head', 'base']) {
      if (!call.body[field]) {
        throw missing('PullRequest', field);
      }
    }
    const pull = call.world.addPull(call.repo, { title: String(call.body.title), body: call.body.body ?? null,
      user: call.login, head: String(call.body.head), base: String(call.body.base) });
    return [201, shapes.pull(pull, call.repo, call.world)];
  },
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': (call) => [200,
    shapes.pull(pullOf(call, call.params.pull_number), call.repo, call.world)],
  'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge': (call) => {
    requireWrite(call);
    const pull = pullOf(call, call.params.pull_number);
    if (pull.pull.merged || pull.state !== 'open') {
      throw githubError(405, 'Pull Request is not mergeable');
    }
    Object.assign(pull.pull, { merged: true, merged_at: new Date().toISOString() });
    pull.state = 'closed';
    pull.closed_at = pull.pull.merged_at;
    return [200, { sha: blobSha(`merge:${pull.id}`), merged: true, message: 'Pull Request successfully merged' }];
  },

  'GET /repos/{owner}/{repo}/contents/{path*}': (call) => {
    const file = call.repo.files.get(call.params.path);
    if (!file) {
      throw notFound();
    }
    return [200, shapes.file(call.params.path, file)];
  },
  'PUT /repos/{owner}/{repo}/contents/.github/workflows/{path*}': (call) => putFile(call, `.github/workflows/${call.params.path}`),
  'PUT /repos/{owner}/{repo}/contents/{path*}': (call) => putFile(call, call.params.path),

  'GET /repos/{owner}/{repo}/commits/{ref}/statuses': (call) => [200, call.repo.statuses.get(call.params.ref) ?? []],
  'GET /repos/{owner}/{repo}/commits/{ref}/status': (call) => {
    const statuses = call.repo.statuses.get(call.params.ref) ?? [];
    const states = statuses.map((status) => status.state);
    const state = states.some((s) => s === 'error' || s === 'failure') ? 'failure'
      : states.length > 0 && states.every((s) => s === 'success') ? 'success' : 'pending';
    return [200, { state, sha: call.params.ref, total_count: statuses.length, statuses }];
  },
  'POST /repos/{owner}/{repo}/statuses/{sha}': (call) => {
    requireWrite(call);
    if (!['error', 'failure', 'pending', 'success'].includes(call.body.state)) {
      throw githubError(422, 'Validation Failed', { errors: [{ resource: 'Status', code: 'custom', field: 'state' }] });
    }
    const status = call.world.status({ ...call.body, creator: call.login });
    call.repo.statuses.set(call.params.sha, [status, ...(call.repo.statuses.get(call.params.sha) ?? [])]);
    return [201, status];
  },

  'GET /notifications': (call) => [200, call.world.notifications.filter((n) => n.user === call.login)
    .map(({ user, ...rest }) => rest)],
  'GET /gists': (call) => [200, call.world.gists.filter((gist) => gist.owner === call.login)
    .filter((gist) => gist.public || call.granted.has('gist'))],
  'POST /gists': (call) => {
    if (!call.body.files || typeof call.body.files !== 'object') {
      throw missing('Gist', 'files');
    }
    const gist = { id: `g${call.world.id()}`, owner: call.login, description: call.body.description ?? null,
      public: Boolean(call.body.public), files: call.body.files, created_at: new Date().toISOString() };
    call.world.gists.push(gist);
    return [201, gist];
  },
  'GET /orgs/{org}/teams': (call) => {
    const org = call.world.orgs.get(call.params.org);
    if (!org || !org.members.includes(call.login)) {
      throw notFound();
    }
    return [200, org.teams];
  },
};

function putFile(call, path) {
  requireWrite(call);
  if (typeof call.body.message !== 'string' || typeof call.body.content !== 'string') {
    throw missing('Content', typeof call.body.message !== 'string' ? 'message' : 'content');
  }
  const existing = call.repo.files.get(path);
  if (existing && call.body.sha === undefined) {
    throw githubError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
  }
  if (existing && call.body.sha !== existing.sha) {
    throw githubError(409, `${path} does not match ${call.body.sha}`);
  }
  const content = Buffer.from(call.body.content, 'base64').toString('utf8');
  const file = { content, sha: blobSha(content) };
  call.repo.files.set(path, file);
  const { content: _encoded, encoding: _encoding, ...summary } = shapes.file(path, file);
  return [existing ? 200 : 201, {
    content: summary,
    commit: { sha: blobSha(`commit:${path}:${file.sha}`), message: call.body.message },
  }];
}
