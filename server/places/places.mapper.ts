import type { z } from '@hono/zod-openapi';

import { attributesOfRow } from './place-attributes.ts';
import type { PlaceRow } from './places.repository.ts';
import type { PlaceSchema } from './places.schema.ts';

export type PlaceDto = z.infer<typeof PlaceSchema>;

export function placeRowToPlace(row: PlaceRow): PlaceDto {
  return {
    id: row.id,
    kind: row.kind,
    ...attributesOfRow(row),
    status: row.status,
    unavailableReason: row.unavailable_reason,
    stale: row.stale,
    version: row.version,
    confirmedAt: row.confirmed_at.toISOString(),
    statusChangedAt: row.status_changed_at.toISOString(),
    retiredAt: row.retired_at?.toISOString() ?? null,
    location: {
      id: row.location_id,
      name: row.location_name,
      serves: row.serves,
      municipality: { code: row.municipality_code, name: row.municipality_name },
      region: { code: row.region_code, name: row.region_name },
      organisation: { id: row.organisation_id, name: row.organisation_name },
    },
  };
}
