import { formatMessage } from './message-format.ts';
import { catalogue, type Locale, type MessageKey } from './messages.ts';

const STORAGE_KEY = 'noodbed.locale';

/** The interface language: Dutch by default, English selectable, remembered in this browser. */
class I18n {
  locale = $state<Locale>(readStoredLocale());

  t = (key: MessageKey, params: Record<string, string | number> = {}): string =>
    formatMessage(catalogue[this.locale][key] ?? catalogue.nl[key], params, this.locale);

  /** Whether the catalogue has this key (for keys built from data, such as an error code). */
  has = (key: string): boolean => key in catalogue.nl;

  number = (value: number): string => value.toLocaleString(this.locale === 'nl' ? 'nl-NL' : 'en-GB');

  set(locale: Locale) {
    this.locale = locale;
    localStorage.setItem(STORAGE_KEY, locale);
    document.documentElement.lang = locale;
  }
}

function readStoredLocale(): Locale {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'nl';
}

export const i18n = new I18n();
if (typeof document !== 'undefined') document.documentElement.lang = i18n.locale;
