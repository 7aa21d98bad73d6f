/** Pure: an htpasswd file for distribution's `auth.htpasswd`, which accepts bcrypt entries only. */
import bcrypt from 'bcryptjs';
import type { Credentials } from './token-grant.js';

/**
 * Cost 4 is bcrypt's minimum: these are throwaway test passwords, and a higher cost would slow
 * every authenticated request the registry verifies. Go's bcrypt accepts bcryptjs's `$2b$`
 * prefix, so no `$2y$` rewriting is needed.
 */
const TEST_BCRYPT_COST = 4;

export function htpasswdFile(users: readonly Credentials[]): string {
  return users
    .map(({ username, password }) => {
      if (username === '' || /[:\n]/.test(username)) {
        throw new Error(`htpasswd: username ${JSON.stringify(username)} must be non-empty and contain no ':' or newline`);
      }
      return `${username}:${bcrypt.hashSync(password, TEST_BCRYPT_COST)}\n`;
    })
    .join('');
}
