// Interface text of issue 18 (the shelter's phone, the analyst's page and the admin's tools as their
// users expect); part of the one catalogue in messages.ts.

export const uxNl = {
  'shelter.conflictSame': '{label} stond al op {status}: een collega was je net voor. Er is niets gewijzigd.',
  'shelter.offlineTile': 'Geen verbinding: {label} is niet opgeslagen.',
  'shelter.retry': 'Opnieuw proberen',
  'shelter.lastConfirmedAll': 'Alle plekken bevestigd {time}',
  'shelter.confirmedRange': 'Laatst bevestigd {newest}; langst niet bevestigd: {oldest}',
  'shelter.capacityTotal': '{beds} bedden: samen max. {total} personen (max. {adults} volw., max. {children} kinderen)',
  'connection.lost': 'Geen verbinding. Wijzigingen worden nu niet opgeslagen; uw laatste tik is niet doorgekomen.',
  'connection.offline': 'Geen verbinding. De plekken hieronder kunnen verouderd zijn en wijzigingen komen niet door.',
  'holds.accepted': 'Reservering voor {label} geaccepteerd. De plek staat nu op Bezet.',
  'holds.team': 'Crisisdienst: {name}',
  'holds.teamPhone': 'Bel {phone} voor de aankomst.',
  'holds.teamNoPhone': 'De crisisdienst neemt contact met u op.',
  'holds.dismiss': 'Sluiten',
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
  'connection.lost': 'No connection. Changes are not saved now; your last tap did not get through.',
  'connection.offline': 'No connection. The places below may be out of date and changes do not get through.',
  'holds.accepted': 'Hold for {label} accepted. The place is now occupied.',
  'holds.team': 'Crisis service: {name}',
  'holds.teamPhone': 'Call {phone} to arrange the arrival.',
  'holds.teamNoPhone': 'The crisis service will contact you.',
  'holds.dismiss': 'Close',
  'admin.place.bedsWarning':
    'Note: {beds} beds, but max. {adults} adults + {children} children is {total} people. A household is never larger than the number of beds.',
};
