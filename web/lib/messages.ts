// All interface text, in one catalogue. Dutch is the reference: every key exists in `nl`.

const nl = {
  'app.name': 'Noodbed',
  'app.tagline': 'Landelijk register van noodopvangplekken',
  'app.skipToContent': 'Naar de inhoud',
  'language.label': 'Taal',
  'language.nl': 'Nederlands',
  'language.en': 'English',
  'nav.overview': 'Landelijk overzicht',
  'overview.title': 'Beschikbaarheid per veiligheidsregio',
  'overview.intro': 'Vrije plekken die nu een huishouden kunnen opnemen. Plekken waarvan de status langer dan {hours} uur niet is bevestigd, tellen als onbekend en nooit als vrij.',
  'overview.loading': 'Gegevens laden…',
  'overview.error': 'De gegevens konden niet worden geladen. Probeer het opnieuw.',
  'overview.retry': 'Opnieuw proberen',
  'overview.updated': 'Bijgewerkt om {time}',
  'overview.national': 'Landelijk',
  'overview.region': 'Regio',
  'overview.familyUnits': 'Gezins\u00ADplekken',
  'overview.beds': 'Crisis\u00ADbedden',
  'overview.free': 'vrij',
  'overview.freeOf': '{free} / {total}',
  'overview.columnHint': 'vrij / totaal',
  'overview.unknown': 'onbe\u00ADkend',
  'overview.held': 'gereserveerd',
  'overview.occupied': 'bezet',
  'overview.unavailable': 'buiten gebruik',
  'overview.tableCaption': 'Vrije gezinsplekken en crisisbedden per veiligheidsregio (vrij / totaal), met het aantal plekken met onbekende status.',
  'overview.definition': 'Telling volgens definitie versie {version}.',
} as const;

export type MessageKey = keyof typeof nl;

const en: Record<MessageKey, string> = {
  'app.name': 'Noodbed',
  'app.tagline': 'National registry of emergency shelter places',
  'app.skipToContent': 'Skip to content',
  'language.label': 'Language',
  'language.nl': 'Nederlands',
  'language.en': 'English',
  'nav.overview': 'National overview',
  'overview.title': 'Availability per safety region',
  'overview.intro': 'Free places that can take a household now. Places whose status has not been confirmed for more than {hours} hours count as unknown, never as free.',
  'overview.loading': 'Loading…',
  'overview.error': 'The figures could not be loaded. Please try again.',
  'overview.retry': 'Try again',
  'overview.updated': 'Updated at {time}',
  'overview.national': 'National',
  'overview.region': 'Region',
  'overview.familyUnits': 'Family units',
  'overview.beds': 'Crisis beds',
  'overview.free': 'free',
  'overview.freeOf': '{free} / {total}',
  'overview.columnHint': 'free / total',
  'overview.unknown': 'unknown',
  'overview.held': 'held',
  'overview.occupied': 'occupied',
  'overview.unavailable': 'out of use',
  'overview.tableCaption': 'Free family units and crisis beds per safety region (free / total), with the number of places whose status is unknown.',
  'overview.definition': 'Counted under definition version {version}.',
};

export type Locale = 'nl' | 'en';
export const catalogue: Record<Locale, Record<MessageKey, string>> = { nl, en };
