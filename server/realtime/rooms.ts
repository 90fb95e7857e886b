import type { Server, Socket } from 'socket.io';

import type { SessionUser } from '../auth/session-user.ts';
import { changeFor, followsFiguresOnly, type Viewer } from '../policy/audience.ts';
import type { ClientToServerEvents, PlaceChange, ServerToClientEvents } from './contract.ts';

export interface LiveSocketData {
  user: SessionUser;
  tokenHash: Buffer;
}

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveSocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveSocketData>;

/** Analysts' room: the throttled "figures changed" signal, never a single change. */
export const FIGURES_ROOM = 'figures';
const VIEWER_PREFIX = 'viewer:';

/**
 * The room of everyone the audience function cannot tell apart from this user (same role and
 * organisation): one answer of it per room and change, and one encoding per room, not per socket.
 */
export function roomOf(user: SessionUser): string {
  if (followsFiguresOnly(user)) return FIGURES_ROOM;
  const viewer: Viewer = { role: user.role, organisationId: user.organisationId };
  return VIEWER_PREFIX + JSON.stringify(viewer);
}

/** Emits one committed change to this node's sockets, each room getting what the audience function allows. */
export function deliver(io: LiveServer, change: PlaceChange): void {
  for (const room of io.of('/').adapter.rooms.keys()) {
    if (!room.startsWith(VIEWER_PREFIX)) continue;
    const shaped = changeFor(JSON.parse(room.slice(VIEWER_PREFIX.length)) as Viewer, change);
    if (shaped) io.to(room).emit('place:changed', shaped);
  }
}
