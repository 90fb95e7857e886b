// The live-update contract between server and dashboard. Type-only: imported by both sides.

import type { PlaceKind, PlaceEventType, PlaceStatus, UnavailableReason } from '../../db/schema.ts';

/** What everyone logged in may know of a change: that a region's figures moved. */
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

export type Ack<T> = { ok: true; data: T } | { ok: false; error: string };

export interface ResumeResult {
  /** The newest sequence number; the client continues from here. */
  latestSeq: string;
  /** True when too much was missed to replay: reload a snapshot instead. */
  reload: boolean;
  replayed: number;
}

export interface ServerToClientEvents {
  'place:changed': (change: Change) => void;
}

export interface ClientToServerEvents {
  /** Sent on every (re)connect with the last sequence applied; missed changes are replayed first. */
  'sync:resume': (lastSeq: string | null, ack: (result: Ack<ResumeResult>) => void) => void;
}
