import { FIGURES_ROOM, type LiveServer } from './rooms.ts';

/**
 * Analysts' live signal: on a fixed tick, if anything was committed since the last one, one empty
 * "figures:changed". The tick, not the change, sets when it is sent, so it reveals at most that
 * something moved within that window.
 */
export function figuresSignal(io: LiveServer, seconds: number) {
  let moved = false;
  const tick = setInterval(() => {
    if (!moved) return;
    moved = false;
    io.to(FIGURES_ROOM).emit('figures:changed');
  }, seconds * 1000);
  return {
    moved: () => void (moved = true),
    stop: () => clearInterval(tick),
  };
}
