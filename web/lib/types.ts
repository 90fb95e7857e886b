// API shapes, taken from the server's zod schemas (types only: nothing of the server is bundled).
import type { z } from '@hono/zod-openapi';

import type { AuditEntry as AuditEntrySchema } from '../../server/audit/audit.schema.ts';
import type { CurrentUser } from '../../server/auth/sessions.schema.ts';
import type { HoldSchema } from '../../server/holds/holds.schema.ts';
import type { LocationSchema } from '../../server/locations/locations.schema.ts';
import type { Organisation as OrganisationSchema } from '../../server/organisations/organisations.schema.ts';
import type { PlaceSchema } from '../../server/places/places.schema.ts';
import type { Matches as MatchesSchema, NewPlacementRequest, PlacementRequestSchema } from '../../server/requests/requests.schema.ts';
import type {
  DemandStatistics as DemandStatisticsSchema,
  FlowStatistics as FlowStatisticsSchema,
  OccupancyStatistics as OccupancyStatisticsSchema,
} from '../../server/statistics/statistics.schema.ts';
import type { User as AdminUserSchema } from '../../server/users/users.schema.ts';

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

export type Organisation = z.infer<typeof OrganisationSchema>;
export type AdminUser = z.infer<typeof AdminUserSchema>;
export type Role = AdminUser['role'];
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export interface Municipality {
  code: string;
  name: string;
  region: { code: string; name: string };
}

export type OccupancyStatistics = z.infer<typeof OccupancyStatisticsSchema>;
export type DemandStatistics = z.infer<typeof DemandStatisticsSchema>;
export type FlowStatistics = z.infer<typeof FlowStatisticsSchema>;
