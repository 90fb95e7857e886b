import type { z } from '@hono/zod-openapi';

import type { SessionUser } from '../auth/session-user.ts';
import type { Config } from '../config.ts';
import { may } from '../policy/scope.ts';
import type { HoldRow } from './holds.repository.ts';
import type { HoldSchema } from './holds.schema.ts';

/**
 * The intake phone is shown to the team that holds the place (architecture: "of a location where T
 * holds"), so a colleague taking the case over can call; never to another team. Nobody sees the address.
 * Only while it is needed: during the hold, and for `phoneHours` after the shelter accepted it (to
 * arrange the arrival); never for a hold released, declined or expired, so holding and releasing
 * collects no phones beyond the hourly hold limit.
 */
export function holdRowToHold(row: HoldRow, reader: SessionUser, limits: Config['holdLimits']): z.infer<typeof HoldSchema> {
  const holder = may(reader, 'holds.intake_phone', { teamId: row.team_id });
  const recentlyAccepted = row.status === 'accepted' && row.ended_at !== null && Date.now() - row.ended_at.getTime() < limits.phoneHours * 3_600_000;
  const live = row.status === 'active' || recentlyAccepted;
  const phoneVisible = holder && live;
  // The other way round, by the same rule: the shelter may call the team that holds its place.
  const teamVisible = live && may(reader, 'holds.team_contact', { organisationId: row.organisation_id });
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
        id: row.location_id,
        name: row.location_name,
        municipality: row.municipality_name,
        region: { code: row.region_code, name: row.region_name },
        organisation: row.organisation_name,
      },
    },
    household: row.household,
    needs: { accessibility: row.accessibility, pet: row.pet },
    team: teamVisible ? { name: row.team_name, phone: row.team_phone } : null,
    intakePhone: phoneVisible ? row.intake_phone : null,
  };
}
