import type { z } from '@hono/zod-openapi';

import type { RequestRow } from './requests.repository.ts';
import type { PlacementRequestSchema } from './requests.schema.ts';

export function requestRowToRequest(row: RequestRow): z.infer<typeof PlacementRequestSchema> {
  return {
    id: row.id,
    createdAt: row.created_at.toISOString(),
    originRegion: row.origin_region,
    originMunicipality: row.origin_municipality,
    household: row.household,
    needs: { accessibility: row.accessibility, pet: row.pet },
    avoidRegions: row.avoid_regions,
    preferRegions: row.prefer_regions,
    farAway: row.far_away,
    urgency: row.urgency,
    status: row.status,
    outcomeReason: row.outcome_reason,
    placedPlaceId: row.placed_place_id,
    placedRegion: row.placed_region,
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}
