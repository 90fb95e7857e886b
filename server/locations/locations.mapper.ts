import type { z } from '@hono/zod-openapi';

import type { LocationRow } from './locations.repository.ts';
import type { LocationSchema } from './locations.schema.ts';

export function locationRowToLocation(row: LocationRow): z.infer<typeof LocationSchema> {
  return {
    id: row.id,
    name: row.name,
    organisation: { id: row.organisation_id, name: row.organisation_name },
    municipality: { code: row.municipality_code, name: row.municipality_name },
    region: { code: row.region_code, name: row.region_name },
    serves: row.serves,
    address: { street: row.street_address, postalCode: row.postal_code, city: row.city },
    intakePhone: row.intake_phone,
    places: Number(row.places ?? 0),
    retiredAt: row.retired_at?.toISOString() ?? null,
  };
}
