// The GitHub-like upstream's world: users, an organization, repositories with
// issues, pull requests, files and commit statuses, gists and notifications.
// In memory, seeded anew at every start.
import { createHash } from 'node:crypto';

const T0 = '2026-01-10T08:00:00Z';

// Git's blob id of a file's content.
export function blobSha(content) {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function files(entries) {
  return new Map(Object.entries(entries).map(([path, content]) => [path, { content, sha: blobSha(content) }]));
}

export class World {
  constructor() {
    this.nextId = 5000;
    this.users = new Map([
      ['alice', { login: 'alice', id: 1001, name: 'Alice Anders', email: 'alice@example.com', company: 'Acme' }],
      ['bob', { login: 'bob', id: 1002, name: 'Bob Berg', email: 'bob@example.com', company: null }],
    ]);
    this.orgs = new Map([
      ['acme', { login: 'acme', id: 2001, members: ['alice', 'bob'],
        teams: [{ id: 3001, name: 'Web', slug: 'web' }, { id: 3002, name: 'Platform', slug: 'platform' }] }],
    ]);
    this.repos = new Map();
    this.addRepo({ owner: 'acme', name: 'web', private: false, collaborators: ['alice'],
      description: 'The Acme web site',
      files: files({ 'README.md': '# acme/web\n\nThe Acme web site.\n', 'src/index.html': '<h1>Acme</h1>\n',
        '.github/workflows/ci.yml': 'on: push\njobs: {}\n' }) });
    this.addRepo({ owner: 'acme', name: 'api', private: true, collaborators: ['alice'],
      description: 'The Acme API (private)', files: files({ 'README.md': '# acme/api\n' }) });
    this.addRepo({ owner: 'bob', name: 'notes', private: false, collaborators: ['bob'],
      description: 'Notes', files: files({ 'notes.md': 'Buy milk.\n' }) });

    const web = this.repo('acme', 'web');
    this.addIssue(web, { title: 'Login button is misaligned on mobile', user: 'bob', labels: ['bug'] });
    this.addIssue(web, { title: 'Add a dark theme', user: 'alice', labels: ['enhancement'] });
    this.addIssue(web, { title: 'Typo on the pricing page', user: 'bob', state: 'closed' });
    this.addPull(web, { title: 'Fix the login button on mobile', user: 'alice', head: 'fix-login', base: 'main' });
    this.addIssue(this.repo('acme', 'api'), { title: 'Rate limit the token endpoint', user: 'alice', labels: ['security'] });
    web.statuses.set('main', [this.status({ state: 'success', context: 'ci/build', description: 'Build passed' })]);

    this.gists = [{ id: 'g1', owner: 'alice', description: 'Deploy notes', public: false,
      files: { 'deploy.md': { content: 'Deploy on Tuesdays.\n' } }, created_at: T0 }];
    this.notifications = [
      { id: '1', user: 'alice', repo: 'acme/web', reason: 'mention', unread: true, subject: { title: 'Add a dark theme', type: 'Issue' } },
      { id: '2', user: 'alice', repo: 'acme/api', reason: 'assign', unread: true, subject: { title: 'Rate limit the token endpoint', type: 'Issue' } },
    ];
  }

  id() {
    this.nextId += 1;
    return this.nextId;
  }

  addRepo({ owner, name, private: isPrivate, collaborators, description, files: repoFiles = new Map() }) {
    const repo = {
      id: this.id(), owner, name, private: isPrivate, collaborators, description,
      files: repoFiles, issues: [], comments: new Map(), statuses: new Map(), created_at: new Date().toISOString(),
    };
    this.repos.set(`${owner}/${name}`, repo);
    return repo;
  }

  repo(owner, name) {
    return this.repos.get(`${owner}/${name}`);
  }

  canRead(repo, login) {
    return !repo.private || (login !== undefined && this.canWrite(repo, login));
  }

  canWrite(repo, login) {
    return repo.owner === login || repo.collaborators.includes(login);
  }

  addIssue(repo, { title, body = null, user, labels = [], state = 'open' }) {
    const now = new Date().toISOString();
    const issue = {
      id: this.id(), number: repo.issues.length + 1, title, body, user, labels, state,
      created_at: now, updated_at: now, closed_at: state === 'closed' ? now : null, pull: null,
    };
    repo.issues.push(issue);
    return issue;
  }

  addPull(repo, { title, body = null, user, head, base }) {
    const issue = this.addIssue(repo, { title, body, user });
    issue.pull = { head, base, merged: false, merged_at: null, sha: blobSha(`${repo.name}:${head}`) };
    return issue;
  }

  status({ state, context = 'default', description = null, target_url: targetUrl = null, creator = 'alice' }) {
    const now = new Date().toISOString();
    return { id: this.id(), state, context, description, target_url: targetUrl, creator, created_at: now, updated_at: now };
  }
}

// GitHub's JSON shapes (the fields a client is likely to read).
export const shapes = {
  user(user, { withPrivate = false } = {}) {
    const base = {
      login: user.login, id: user.id, type: 'User', site_admin: false, name: user.name, company: user.company,
      email: null, url: `/users/${user.login}`, html_url: `https://github.example/${user.login}`,
    };
    return withPrivate ? { ...base, email: user.email, two_factor_authentication: true, plan: { name: 'free' } } : base;
  },
  owner(login, world) {
    const account = world.users.get(login) ?? world.orgs.get(login);
    return { login, id: account?.id ?? 0, type: world.orgs.has(login) ? 'Organization' : 'User' };
  },
  repo(repo, world, login) {
    const write = login !== undefined && world.canWrite(repo, login);
    return {
      id: repo.id, name: repo.name, full_name: `${repo.owner}/${repo.name}`, owner: shapes.owner(repo.owner, world),
      private: repo.private, visibility: repo.private ? 'private' : 'public', description: repo.description,
      default_branch: 'main', open_issues_count: repo.issues.filter((issue) => issue.state === 'open').length,
      created_at: repo.created_at, permissions: { admin: write, push: write, pull: true },
    };
  },
  issue(issue, repo, world) {
    const shaped = {
      id: issue.id, number: issue.number, title: issue.title, body: issue.body, state: issue.state,
      user: shapes.owner(issue.user, world), labels: issue.labels.map((name) => ({ name })),
      comments: (repo.comments.get(issue.number) ?? []).length,
      created_at: issue.created_at, updated_at: issue.updated_at, closed_at: issue.closed_at,
    };
    if (issue.pull) {
      shaped.pull_request = { url: `/repos/${repo.owner}/${repo.name}/pulls/${issue.number}` };
    }
    return shaped;
  },
  pull(issue, repo, world) {
    return {
      id: issue.id, number: issue.number, title: issue.title, body: issue.body, state: issue.state,
      user: shapes.owner(issue.user, world), head: { ref: issue.pull.head, sha: issue.pull.sha },
      base: { ref: issue.pull.base }, merged: issue.pull.merged, merged_at: issue.pull.merged_at,
      mergeable: !issue.pull.merged && issue.state === 'open', created_at: issue.created_at, updated_at: issue.updated_at,
    };
  },
  file(path, file) {
    return {
      type: 'file', name: path.split('/').pop(), path, sha: file.sha, size: Buffer.byteLength(file.content),
      encoding: 'base64', content: Buffer.from(file.content).toString('base64'),
    };
  },
};
