import type { z } from '@hono/zod-openapi';
import type { SessionUser } from '../auth/session-user.ts';
import { may } from '../policy/scope.ts';
import type { HoldRow } from './holds.repository.ts';
import type { HoldSchema } from './holds.schema.ts';

/**
 * The intake phone is shown to the team that holds the place (architecture: "of a location where T
 * holds"), so a colleague taking the case over can call; never to another team. Nobody sees the address.
 */
export function holdRowToHold(row: HoldRow, reader: SessionUser): z.infer<typeof HoldSchema> {
  const holder = may(reader, 'holds.intake_phone', { teamId: row.team_id });
  const phoneVisible = holder && (row.status === 'active' || row.status === 'accepted');
  return {
    id: row.id,
    requestId: row.request_id,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    extended: row.extended,
    declineReason: row.decline_reason,
    endedAt: row.ended_at?.toISOString() ?? null,
    place: {
      id: row.place_id,
      label: row.label,
      kind: row.kind,
      beds: row.beds,
      location: {
        id: row.location_id, name: row.location_name, municipality: row.municipality_name,
        region: { code: row.region_code, name: row.region_name }, organisation: row.organisation_name,
      },
    },
    household: row.household,
    needs: { accessibility: row.accessibility, pet: row.pet },
    intakePhone: phoneVisible ? row.intake_phone : null,
  };
}
