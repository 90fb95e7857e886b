// Figures of the analyst page in the user's language.
import { i18n } from './i18n.svelte.ts';

const localeTag = () => (i18n.locale === 'nl' ? 'nl-NL' : 'en-GB');

/** A period's first day, "5 jan 2026"; periods are calendar dates, so no time zone may shift them. */
export const periodText = (period: string) =>
  new Date(`${period}T00:00:00Z`).toLocaleDateString(localeTag(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A month, "februari 2026". */
export const monthText = (period: string) =>
  new Date(`${period}T00:00:00Z`).toLocaleDateString(localeTag(), { month: 'long', year: 'numeric', timeZone: 'UTC' });

export const percentText = (fraction: number) => fraction.toLocaleString(localeTag(), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A day in full, "maandag 29 december 2025": where a period's first day must not be misread. */
export const dayText = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString(localeTag(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
