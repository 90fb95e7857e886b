// The live-update contract between server and dashboard. Type-only: imported by both sides.

import type { PlaceEventType, PlaceKind, PlaceStatus, UnavailableReason } from '../../db/schema.ts';

/** What shelter staff may know of another organisation's change: that a region's figures moved. */
export interface AvailabilityChange {
  seq: string;
  type: PlaceEventType;
  regionCode: string;
  kind: PlaceKind;
  occurredAt: string;
}

/** A change of one place, for admins, crisis workers and the place's own shelter staff. Never an address. */
export interface PlaceChange extends AvailabilityChange {
  placeId: string;
  locationId: string;
  organisationId: string;
  status: PlaceStatus;
  unavailableReason: UnavailableReason | null;
  version: number;
}

export type Change = AvailabilityChange | PlaceChange;

/** The one acknowledgement shape. `error` says what was wrong, naming the argument on bad input. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: string };

export interface ResumeResult {
  /** The newest sequence number; the client continues from here. Null for readers who follow figures only. */
  latestSeq: string | null;
  /** True when too much was missed to replay: reload a snapshot instead. */
  reload: boolean;
  replayed: number;
}

export interface ServerToClientEvents {
  'place:changed': (change: Change) => void;
  /**
   * For analysts instead of single changes: some figures may have moved, so reload them. Sent at
   * fixed ticks (at most one per LIVE_FIGURES_SECONDS) and carrying nothing, so it tells no region,
   * kind or time of any one change.
   */
  'figures:changed': () => void;
}

export interface ClientToServerEvents {
  /**
   * Sent on every (re)connect with the last sequence applied; missed changes are replayed first.
   * Rate-limited per session: an excess call is answered `{ ok: false }` and replays nothing.
   */
  'sync:resume': (lastSeq: string | null, ack: (result: Ack<ResumeResult>) => void) => void;
}
