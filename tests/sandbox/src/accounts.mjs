// The tenant's users. Subjects look like Auth0 database users ("auth0|alice").
// alice has a GitHub account connected to Token Vault; bob has none.
const USERS = [
  {
    username: 'alice',
    sub: 'auth0|alice',
    name: 'Alice Anders',
    given_name: 'Alice',
    family_name: 'Anders',
    email: 'alice@example.com',
    github: { login: 'alice', id: 1001 },
  },
  {
    username: 'bob',
    sub: 'auth0|bob',
    name: 'Bob Berg',
    given_name: 'Bob',
    family_name: 'Berg',
    email: 'bob@example.com',
    github: { login: 'bob', id: 1002 },
  },
];

const UPDATED_AT = '2026-01-05T09:30:00.000Z';

export const usernames = USERS.map((user) => user.username);

// Finds a user by subject, user name or e-mail address (what a login_hint may hold).
export function findUser(hint) {
  if (typeof hint !== 'string' || hint === '') {
    return undefined;
  }
  const wanted = hint.trim().toLowerCase();
  return USERS.find((user) => user.sub === hint || user.username === wanted || user.email === wanted);
}

function claimsOf(user) {
  return {
    sub: user.sub,
    name: user.name,
    nickname: user.username,
    given_name: user.given_name,
    family_name: user.family_name,
    picture: `https://avatars.example.com/${user.username}.png`,
    updated_at: UPDATED_AT,
    email: user.email,
    email_verified: true,
  };
}

// oidc-provider's findAccount.
export async function findAccount(_ctx, sub) {
  const user = USERS.find((candidate) => candidate.sub === sub);
  if (!user) {
    return undefined;
  }
  return {
    accountId: user.sub,
    async claims() {
      return claimsOf(user);
    },
  };
}

export const claimsByScope = {
  openid: ['sub'],
  profile: ['name', 'nickname', 'given_name', 'family_name', 'picture', 'updated_at'],
  email: ['email', 'email_verified'],
};
