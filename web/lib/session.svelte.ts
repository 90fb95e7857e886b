import { ApiError, request, whenUnauthenticated } from './api.ts';
import type { User } from './types.ts';

/** Who is logged in. `ready` turns true once the first check with the server is done. */
class Session {
  user = $state<User | null>(null);
  ready = $state(false);

  async load() {
    try {
      this.user = (await request<{ user: User }>('GET', '/sessions/current')).user;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      this.user = null;
    } finally {
      this.ready = true;
    }
  }

  async login(email: string, password: string) {
    this.user = (await request<{ user: User }>('POST', '/sessions', { email, password })).user;
  }

  async logout() {
    await request('DELETE', '/sessions/current').catch(() => {});
    this.user = null;
  }
}

export const session = new Session();
whenUnauthenticated(() => {
  session.user = null;
});
