import type { z } from '@hono/zod-openapi';

import type { SessionSchema } from '../../server/auth/sessions.schema.ts';
import { ApiError, call, whenUnauthenticated } from './api.ts';
import { authenticateWithPasskey } from './passkeys.ts';
import type { User } from './types.ts';

type SessionDto = z.infer<typeof SessionSchema>;

/**
 * Who is logged in. `user` is set only once every factor has passed; `pending` while the password
 * has and a second factor is due. `ended` says a session ended under an open page (shown on the login
 * page); `ready` turns true once the first check with the server is done.
 */
class Session {
  user = $state<User | null>(null);
  pending = $state<{ user: User; stage: 'verify' | 'enrol'; factors: SessionDto['factors'] } | null>(null);
  ended = $state(false);
  ready = $state(false);

  async load() {
    try {
      this.apply(await call('GET /sessions/current'));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      this.end();
    } finally {
      this.ready = true;
    }
  }

  async login(email: string, password: string) {
    this.apply(await call('POST /sessions', { body: { email, password } }));
  }

  async verify(code: string) {
    this.apply(await call('POST /sessions/current/verification', { body: { code } }));
  }

  async verifyWithPasskey() {
    this.apply(await authenticateWithPasskey());
  }

  async logout() {
    await call('DELETE /sessions/current').catch(() => {});
    this.user = null;
    this.pending = null;
  }

  /** The server no longer knows this session: everything shown goes, and the login page says why. */
  end() {
    if (this.user) this.ended = true;
    this.user = null;
    this.pending = null;
  }

  private apply(dto: SessionDto) {
    this.ended = false;
    this.user = dto.stage === 'complete' ? dto.user : null;
    this.pending = dto.stage === 'complete' ? null : { user: dto.user, stage: dto.stage, factors: dto.factors };
  }
}

export const session = new Session();
whenUnauthenticated(() => session.end());
