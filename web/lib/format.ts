import type { Accessibility, NearMissRule, Serves } from '../../shared/vocabulary.ts';
import { i18n } from './i18n.svelte.ts';
import type { Household } from './types.ts';

export const time = (iso: string) => new Date(iso).toLocaleTimeString(i18n.locale === 'nl' ? 'nl-NL' : 'en-GB', { hour: '2-digit', minute: '2-digit' });

/** "mm:ss" left until `iso`, never negative. */
export function countdown(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((Date.parse(iso) - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A household in words, composition only: "1 volwassene (Vrouw); kinderen: Jongen 14, Meisje 6; met huisdier". */
export function householdText(household: Household, needs: { accessibility: Accessibility; pet: boolean }): string {
  const genders = household.adults.map((a) => i18n.t(`crisis.gender.${a.gender}`)).join(', ');
  const children = household.children.length
    ? i18n.t('holds.childrenList', {
        list: household.children.map((c) => i18n.t('holds.child', { sex: i18n.t(`crisis.sex.${c.sex}`), age: c.age })).join(', '),
      })
    : '';
  const extra =
    (needs.pet ? i18n.t('holds.pet') : '') +
    (needs.accessibility === 'wheelchair' ? i18n.t('holds.wheelchair') : needs.accessibility === 'limited_mobility' ? i18n.t('holds.limitedMobility') : '');
  return i18n.t('holds.household', { adults: i18n.t('holds.adults', { count: household.adults.length, genders }), children, needs: extra });
}

/** A fit rule's reason in the user's language. */
export function ruleText(failure: { rule: NearMissRule; params: Record<string, string | number> }): string {
  const params = { ...failure.params };
  // The serves rule names the location's `serves` value in its parameters.
  if (failure.rule === 'serves') params.serves = i18n.t(`serves.${params.serves as Serves}`);
  return i18n.t(`rule.${failure.rule}`, params);
}
