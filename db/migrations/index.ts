import type { Migration } from 'kysely';

import * as definitionV1 from './2026_11_23_0600_definition_v1.ts';
import * as sessionsAudit from './2026_11_23_0700_sessions_audit.ts';
import * as requestsHolds from './2026_11_23_0800_requests_holds.ts';
import * as placeTimeRollups from './2026_11_23_0900_place_time_rollups.ts';
import * as crisisTeams from './2026_11_24_1000_crisis_teams.ts';
import * as loginFactors from './2026_11_24_1200_login_factors.ts';
import * as holdsPerCreatorTime from './2026_11_24_1300_holds_per_creator_time.ts';
import * as searchDistance from './2026_11_24_1500_search_distance.ts';
import * as requestRegionReferences from './2026_11_24_1600_request_region_references.ts';
import * as totpLastStep from './2026_11_25_0100_totp_last_step.ts';
import * as searchIndexOnly from './2026_11_25_0300_search_index_only.ts';
import * as pushAlerts from './2026_11_25_0400_push_alerts.ts';
import * as stays from './2026_11_25_0500_stays.ts';
import * as regionOfficer from './2026_11_25_0600_region_officer.ts';
import * as ux from './2026_11_25_0700_ux.ts';
import * as staysReclose from './2026_11_26_0200_stays_reclose.ts';
import * as publishRateDrafts from './2026_11_26_0300_publish_rate_drafts.ts';
import * as retirement from './2026_11_26_0500_retirement.ts';
import * as population from './2026_11_27_0200_population.ts';
import * as staysVersion from './2026_11_28_0200_stays_version.ts';

// Listed here rather than read from disk so migrations run the same under tsx, Vitest and a bundle.
export const migrations: Record<string, Migration> = {
  '2026_11_23_0600_definition_v1': definitionV1,
  '2026_11_23_0700_sessions_audit': sessionsAudit,
  '2026_11_23_0800_requests_holds': requestsHolds,
  '2026_11_23_0900_place_time_rollups': placeTimeRollups,
  '2026_11_24_1300_holds_per_creator_time': holdsPerCreatorTime,
  '2026_11_24_1000_crisis_teams': crisisTeams,
  '2026_11_24_1500_search_distance': searchDistance,
  '2026_11_24_1600_request_region_references': requestRegionReferences,
  '2026_11_24_1200_login_factors': loginFactors,
  '2026_11_25_0300_search_index_only': searchIndexOnly,
  '2026_11_25_0100_totp_last_step': totpLastStep,
  '2026_11_25_0500_stays': stays,
  '2026_11_25_0400_push_alerts': pushAlerts,
  '2026_11_25_0600_region_officer': regionOfficer,
  '2026_11_25_0700_ux': ux,
  '2026_11_26_0200_stays_reclose': staysReclose,
  '2026_11_26_0300_publish_rate_drafts': publishRateDrafts,
  '2026_11_26_0500_retirement': retirement,
  '2026_11_27_0200_population': population,
  '2026_11_28_0200_stays_version': staysVersion,
};
