// Interface text of issue 18 (the shelter's phone, the analyst's page and the admin's tools as their
// users expect); part of the one catalogue in messages.ts.

export const uxNl = {
  'shelter.conflictSame': '{label} stond al op {status}: een collega was je net voor. Er is niets gewijzigd.',
  'shelter.offlineTile': 'Geen verbinding: {label} is niet opgeslagen.',
  'shelter.retry': 'Opnieuw proberen',
  'shelter.lastConfirmedAll': 'Alle plekken bevestigd {time}',
  'shelter.confirmedRange': 'Laatst bevestigd {newest}; langst niet bevestigd: {oldest}',
  'shelter.capacityTotal': '{beds} bedden: samen max. {total} personen (max. {adults} volw., max. {children} kinderen)',
  'connection.lost': 'Geen verbinding. Wijzigingen worden nu niet opgeslagen; uw laatste actie is niet doorgekomen.',
  'connection.offline': 'Geen verbinding. Wat u ziet kan verouderd zijn en wijzigingen komen niet door.',
  'holds.accepted': 'Reservering voor {label} geaccepteerd. De plek staat nu op Bezet.',
  'holds.team': 'Crisisdienst: {name}',
  'holds.teamPhone': 'Bel {phone} voor de aankomst.',
  'holds.teamNoPhone': 'De crisisdienst neemt contact met u op.',
  'holds.dismiss': 'Sluiten',
  'login.roles.title': 'Wie werkt met Noodbed?',
  'login.roles.admin': 'beheert organisaties, locaties, plekken en gebruikers, en leest het auditlog.',
  'login.roles.shelter_staff': 'houdt per tik bij welke plekken van de eigen opvang vrij, bezet of buiten gebruik zijn, en beantwoordt reserveringen.',
  'login.roles.crisis_worker': 'zoekt voor een huishouden een passende vrije plek en reserveert die.',
  'login.roles.analyst': 'bekijkt de landelijke en regionale cijfers, zonder gegevens van personen of adressen.',
  'login.roles.region_officer': 'beoordeelt de datakwaliteit en de kwartaalrapportages van de eigen regio.',
  'error.network': 'geen verbinding met de server. Controleer de verbinding en probeer het opnieuw.',
  'admin.place.bedsWarning':
    'Let op: {beds} bedden, maar max. {adults} volwassenen + {children} kinderen is {total} personen. Er worden nooit meer personen geplaatst dan er bedden zijn.',
};

export const uxEn: Record<keyof typeof uxNl, string> = {
  'shelter.conflictSame': '{label} was already {status}: a colleague was just ahead of you. Nothing was changed.',
  'shelter.offlineTile': 'No connection: {label} was not saved.',
  'shelter.retry': 'Try again',
  'shelter.lastConfirmedAll': 'All places confirmed {time}',
  'shelter.confirmedRange': 'Last confirmed {newest}; longest unconfirmed: {oldest}',
  'shelter.capacityTotal': '{beds} beds: at most {total} people together (max. {adults} adults, max. {children} children)',
  'connection.lost': 'No connection. Changes are not saved now; your last action did not get through.',
  'connection.offline': 'No connection. What you see may be out of date and changes do not get through.',
  'holds.accepted': 'Hold for {label} accepted. The place is now occupied.',
  'holds.team': 'Crisis service: {name}',
  'holds.teamPhone': 'Call {phone} to arrange the arrival.',
  'holds.teamNoPhone': 'The crisis service will contact you.',
  'holds.dismiss': 'Close',
  'login.roles.title': 'Who works with Noodbed?',
  'login.roles.admin': 'manages organisations, locations, places and users, and reads the audit log.',
  'login.roles.shelter_staff': "keeps up, one tap at a time, which of the shelter's own places are free, occupied or out of use, and answers holds.",
  'login.roles.crisis_worker': 'finds a free place that fits a household and holds it.',
  'login.roles.analyst': 'reads the national and regional figures, without data on persons or addresses.',
  'login.roles.region_officer': 'reviews the data quality and the quarterly reports of their own region.',
  'error.network': 'no connection to the server. Check the connection and try again.',
  'admin.place.bedsWarning':
    'Note: {beds} beds, but max. {adults} adults + {children} children is {total} people. A household is never larger than the number of beds.',
};
