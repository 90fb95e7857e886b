// The alerts Noodbed sends, in one vocabulary: the kinds, their push text and what they open. A push
// carries only this — never an address, a household or a name (docs/definition.md; NL GOV CloudEvents
// profile: no sensitive data in events). The README lists every kind with its text.

export const ALERT_KINDS = ['hold_incoming', 'hold_unanswered', 'stale_soon', 'place_free', 'hold_answered', 'hold_expiring', 'location_unconfirmed'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** An escalation reaches everyone it widens to, whatever they switched off. */
export const UNMUTABLE: ReadonlySet<AlertKind> = new Set(['hold_unanswered']);

/** What a push says (Dutch, the product's language) and the page it opens. */
export const ALERT_PUSH: Record<AlertKind, { title: string; open: string }> = {
  hold_incoming: { title: 'Nieuwe reservering — open Noodbed', open: '/opvang' },
  hold_unanswered: { title: 'Reservering wacht nog op antwoord — open Noodbed', open: '/opvang' },
  stale_soon: { title: 'Status verloopt bijna — bevestig in Noodbed', open: '/opvang' },
  place_free: { title: 'Er is een passende plek vrijgekomen — open Noodbed', open: '/zoeken' },
  hold_answered: { title: 'Reservering beantwoord — open Noodbed', open: '/zoeken' },
  hold_expiring: { title: 'Reservering verloopt bijna — open Noodbed', open: '/zoeken' },
  location_unconfirmed: { title: 'Locatie al 48 uur niet bevestigd — open Noodbed', open: '/beheer' },
};

/** The whole push payload: kind, text, what to open; `confirm` names the location for "Alles klopt". */
export interface AlertPayload {
  kind: AlertKind;
  title: string;
  open: string;
  tag: string;
  confirmLocation?: string;
}
