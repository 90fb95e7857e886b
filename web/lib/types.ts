// API shapes, taken from the server's zod schemas (types only: nothing of the server is bundled).
import type { z } from '@hono/zod-openapi';
import type { CurrentUser } from '../../server/auth/sessions.schema.ts';
import type { LocationSchema } from '../../server/locations/locations.schema.ts';
import type { PlaceSchema } from '../../server/places/places.schema.ts';
import type { HoldSchema } from '../../server/holds/holds.schema.ts';
import type { Matches as MatchesSchema, NewPlacementRequest, PlacementRequestSchema } from '../../server/requests/requests.schema.ts';

export type User = z.infer<typeof CurrentUser>;
export type Place = z.infer<typeof PlaceSchema>;
export type Location = z.infer<typeof LocationSchema>;
export type PlaceStatus = Place['status'];
export type UnavailableReason = NonNullable<Place['unavailableReason']>;
export interface Page<T> {
  items: T[];
  page: { number: number; size: number; totalItems: number; totalPages: number };
}


export type PlacementRequest = z.infer<typeof PlacementRequestSchema>;
export type NewRequest = z.input<typeof NewPlacementRequest>;
export type Matches = z.infer<typeof MatchesSchema>;
export type Hold = z.infer<typeof HoldSchema>;
export type Household = PlacementRequest['household'];
