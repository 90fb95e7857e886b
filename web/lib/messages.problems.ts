import type { ProblemCode } from '../../shared/vocabulary.ts';

// The API's refusals in words, one per problem code of shared/vocabulary.ts (typed from it, so a new
// code fails tsc until both languages have it). They follow "Dat lukte niet: ", hence lower case.
// {wait}: when the server's Retry-After allows the next try, in seconds or minutes (problem.wait.*).

type ProblemMessages = Record<
  `problem.${ProblemCode}` | 'problem.other' | 'problem.unexpected' | 'problem.wait.seconds' | 'problem.wait.minutes' | 'problem.failed',
  string
>;

export const problemsNl: ProblemMessages = {
  'problem.invalid_input': 'een of meer velden zijn niet goed ingevuld.',
  'problem.not_logged_in': 'u bent niet (meer) ingelogd. Log opnieuw in.',
  'problem.login_failed': 'het e-mailadres of wachtwoord klopt niet, of het account is uitgeschakeld.',
  'problem.forbidden': 'uw rol of organisatie mag dit niet.',
  'problem.not_found': 'dit bestaat niet (meer), of u mag het niet zien.',
  'problem.conflict': 'dit kan nu niet meer: het is intussen gewijzigd of al afgehandeld. Kijk naar de actuele stand en probeer het zo nodig opnieuw.',
  'problem.precondition_failed': 'iemand anders heeft dit intussen gewijzigd. Kijk naar de actuele stand en probeer het zo nodig opnieuw.',
  'problem.too_many_holds': 'u heeft al het maximale aantal plekken gereserveerd. Geef er eerst een vrij of sluit een aanvraag.',
  'problem.request_closed': 'deze aanvraag is al gesloten.',
  'problem.already_held': 'voor deze aanvraag is al een plek gereserveerd. Geef die eerst vrij.',
  'problem.does_not_fit': 'deze plek past niet (meer) bij het huishouden.',
  'problem.hold_expired': 'de reservering is verlopen; de plek wordt vrijgegeven.',
  'problem.hold_ended': 'deze reservering is al afgelopen.',
  'problem.already_extended': 'een reservering kan maar één keer worden verlengd.',
  'problem.too_many_devices': 'er zijn al te veel apparaten gekoppeld. Verwijder er eerst een.',
  'problem.payload_too_large': 'er is te veel tegelijk verstuurd.',
  'problem.unsupported_media_type': 'de app stuurde het verzoek in een vorm die de server niet aanneemt. Vernieuw de pagina.',
  'problem.request_refused': 'de server weigerde dit verzoek.',
  'problem.too_many_attempts': 'te veel mislukte pogingen. Probeer het over {wait} opnieuw.',
  'problem.too_many_requests': 'te veel verzoeken achter elkaar. Probeer het over {wait} opnieuw.',
  'problem.service_unavailable': 'de server kan de gegevens nu niet bereiken. Probeer het over een ogenblik opnieuw.',
  'problem.internal_server_error': 'er ging iets mis bij de server. Dat is vastgelegd; probeer het later opnieuw.',
  'problem.request_header_fields_too_large': 'het verzoek had te veel of te grote cookies. Wis de cookies van deze site en probeer het opnieuw.',
  'problem.request_timeout': 'het verzoek kwam niet op tijd helemaal aan. Controleer de verbinding en probeer het opnieuw.',
  'problem.other': 'de server weigerde dit (foutcode {status}).',
  'problem.unexpected': 'er ging iets mis in de app. Vernieuw de pagina en probeer het opnieuw.',
  'problem.wait.seconds': '{count} {count|seconde|seconden}',
  'problem.failed': 'Dat lukte niet: {detail}',
  'problem.wait.minutes': '{count} {count|minuut|minuten}',
};

export const problemsEn: ProblemMessages = {
  'problem.invalid_input': 'one or more fields are not filled in correctly.',
  'problem.not_logged_in': 'you are not logged in (any more). Log in again.',
  'problem.login_failed': 'the email address or password is wrong, or the account is disabled.',
  'problem.forbidden': 'your role or organisation may not do this.',
  'problem.not_found': 'this does not exist (any more), or you may not see it.',
  'problem.conflict': 'this cannot be done now: it changed in the meantime or was already dealt with. Look at the current state and try again if needed.',
  'problem.precondition_failed': 'someone else changed this in the meantime. Look at the current state and try again if needed.',
  'problem.too_many_holds': 'you already hold the most places allowed. Release one or close a request first.',
  'problem.request_closed': 'this request is already closed.',
  'problem.already_held': 'this request already holds a place. Release it first.',
  'problem.does_not_fit': 'this place does not fit the household (any more).',
  'problem.hold_expired': 'the hold has expired; the place is being released.',
  'problem.hold_ended': 'this hold has already ended.',
  'problem.already_extended': 'a hold can be extended only once.',
  'problem.too_many_devices': 'too many devices are linked already. Remove one first.',
  'problem.payload_too_large': 'too much was sent at once.',
  'problem.unsupported_media_type': 'the app sent the request in a form the server does not accept. Reload the page.',
  'problem.request_refused': 'the server refused this request.',
  'problem.too_many_attempts': 'too many failed attempts. Try again in {wait}.',
  'problem.too_many_requests': 'too many requests in a row. Try again in {wait}.',
  'problem.service_unavailable': 'the server cannot reach its data right now. Try again in a moment.',
  'problem.internal_server_error': 'something went wrong on the server. It has been logged; try again later.',
  'problem.request_header_fields_too_large': 'the request had too many or too large cookies. Clear the cookies of this site and try again.',
  'problem.request_timeout': 'the request did not fully arrive in time. Check the connection and try again.',
  'problem.other': 'the server refused this (error code {status}).',
  'problem.unexpected': 'something went wrong in the app. Reload the page and try again.',
  'problem.wait.seconds': '{count} {count|second|seconds}',
  'problem.failed': 'That did not work: {detail}',
  'problem.wait.minutes': '{count} {count|minute|minutes}',
};

// The server's own field codes in invalidParams (besides zod's, in messages.search.ts), for the
// refusals that name a field: where the catalogue has no words, invalid.ts would show the English reason.
type FieldMessages = Record<
  | 'invalid.invalid'
  | 'invalid.unknown'
  | 'invalid.unknown_region'
  | 'invalid.not_supported'
  | 'invalid.out_of_range'
  | 'invalid.push_endpoint'
  | 'invalid.duplicate'
  | 'invalid.email.duplicate'
  | 'invalid.token.invalid'
  | 'invalid.currentPassword.invalid',
  string
>;

export const fieldProblemsNl: FieldMessages = {
  'invalid.invalid': 'Deze waarde klopt niet.',
  'invalid.unknown': 'Deze waarde is onbekend; kies er een uit de lijst.',
  'invalid.unknown_region': 'Deze regio bestaat niet; kies een regio uit de lijst.',
  'invalid.not_supported': 'Deze combinatie van keuzes wordt niet ondersteund.',
  'invalid.out_of_range': 'Deze waarde valt buiten het toegestane bereik.',
  'invalid.push_endpoint': 'Dit apparaat kan geen meldingen ontvangen via dit adres.',
  'invalid.duplicate': 'Dit bestaat al.',
  'invalid.email.duplicate': 'Er is al een gebruiker met dit e-mailadres.',
  'invalid.token.invalid': 'Deze link is onbekend, al gebruikt of verlopen. Vraag een nieuwe aan.',
  'invalid.currentPassword.invalid': 'Dit is niet uw huidige wachtwoord.',
};

export const fieldProblemsEn: FieldMessages = {
  'invalid.invalid': 'This value is not right.',
  'invalid.unknown': 'This value is unknown; choose one from the list.',
  'invalid.unknown_region': 'This region does not exist; choose one from the list.',
  'invalid.not_supported': 'This combination of choices is not supported.',
  'invalid.out_of_range': 'This value is outside the allowed range.',
  'invalid.push_endpoint': 'This device cannot receive alerts at this address.',
  'invalid.duplicate': 'This already exists.',
  'invalid.email.duplicate': 'A user with this email address already exists.',
  'invalid.token.invalid': 'This link is unknown, already used or expired. Ask for a new one.',
  'invalid.currentPassword.invalid': 'This is not your current password.',
};
