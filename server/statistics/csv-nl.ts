// The Dutch spreadsheet dialect of the one CSV writer (csv.ts): what Excel and LibreOffice in a Dutch
// locale open without an import wizard. Column names in Dutch; durations in days.

/** Dutch names of every CSV column; a column missing here keeps its machine name (tests/unit/csv.test.ts checks none is). */
export const DUTCH_COLUMN_NAMES: Readonly<Record<string, string>> = {
  definitionVersion: 'definitieversie',
  disclosureVersion: 'beveiligingsversie',
  quarter: 'kwartaal',
  reportRegionCode: 'rapport_regiocode',
  period: 'periode',
  regionCode: 'regiocode',
  regionName: 'regio',
  kind: 'soort_plek',
  places: 'plekken',
  beds: 'bedden',
  placeSeconds: 'plektijd_dagen',
  availableSeconds: 'beschikbaar_dagen',
  heldSeconds: 'vastgehouden_dagen',
  occupiedSeconds: 'bezet_dagen',
  unavailableSeconds: 'buiten_gebruik_dagen',
  unknownSeconds: 'onbekend_dagen',
  occupancyRate: 'bezettingsgraad',
  availableShare: 'aandeel_beschikbaar',
  heldShare: 'aandeel_vastgehouden',
  occupiedShare: 'aandeel_bezet',
  unavailableShare: 'aandeel_buiten_gebruik',
  unknownShare: 'aandeel_onbekend',
  requests: 'aanvragen',
  placed: 'geplaatst',
  noPlace: 'geen_plek',
  withdrawn: 'ingetrokken',
  open: 'open',
  medianMinutesToPlacement: 'mediaan_dagen_tot_plaatsing',
  p90MinutesToPlacement: 'p90_dagen_tot_plaatsing',
  originRegionCode: 'herkomst_regiocode',
  originRegionName: 'herkomst_regio',
  placementRegionCode: 'plaatsing_regiocode',
  placementRegionName: 'plaatsing_regio',
  // Stays (issue 15).
  ended: 'beeindigde_verblijven',
  medianDays: 'mediaan_verblijfsduur_dagen',
  p90Days: 'p90_verblijfsduur_dagen',
  ownHousing: 'naar_eigen_of_sociale_huur',
  familyOrFriends: 'naar_familie_of_vrienden',
  otherShelter: 'naar_andere_opvang',
  formerHome: 'terug_naar_vorige_woning',
  careInstitution: 'naar_zorginstelling',
  unknownDestination: 'bestemming_onbekend',
  municipalityCode: 'gemeentecode',
  municipalityName: 'gemeente',
  childrenOutside: 'kinderen_buiten_herkomstgemeente',
  childrenInside: 'kinderen_in_herkomstgemeente',
  children: 'kinderen',
  days: 'dagen',
  households: 'huishoudens',
  blockedPlaceDays: 'geblokkeerde_plekdagen',
  blockedShare: 'aandeel_geblokkeerd',
  children0to3: 'kinderen_0_3',
  children4to11: 'kinderen_4_11',
  children12to17: 'kinderen_12_17',
};

/** A duration column's value in days: seconds and minutes are what machines read, days what people do. */
export function inDays(column: string, value: number): number {
  if (column.endsWith('Seconds')) return Math.round((value / 86_400) * 100) / 100;
  if (column.endsWith('MinutesToPlacement')) return Math.round((value / 1_440) * 100) / 100;
  return value;
}
