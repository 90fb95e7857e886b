/**
 * Fills in a message's {name} parameters. `{name|one|other}` picks a word by the number in `name`
 * under the language's plural rules ("{count} {count|dag|dagen}"), so no message needs "dag(en)".
 */
export function formatMessage(text: string, params: Record<string, string | number>, locale: string): string {
  const rules = new Intl.PluralRules(locale);
  return text
    .replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (_, name: string, one: string, other: string) => (rules.select(Number(params[name])) === 'one' ? one : other))
    .replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
