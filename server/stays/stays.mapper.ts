import type { Selectable } from 'kysely';

import type { StayTable } from '../../db/schema.ts';
import type { StayDto } from './stays.schema.ts';

export function stayRowToStay(row: Selectable<StayTable>): StayDto {
  return {
    id: row.id,
    placeId: row.place_id,
    beganBy: row.began_by,
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    composition:
      row.adults === null
        ? null
        : {
            adults: row.adults,
            children: (row.child_ages ?? []).map((age, i) => ({ age, sex: row.child_sexes![i]! })),
            originMunicipality: row.origin_municipality_code,
          },
    originRegion: row.origin_region_code,
    exitDestination: row.exit_destination,
    readiness: row.ready_since === null ? null : { since: row.ready_since, waitingFor: row.waiting_for! },
    version: row.version,
  };
}
