import { i18n } from './i18n.svelte.ts';
import type { MessageKey } from './messages.ts';

// The one place that words the API's validation errors for a user. A 400 problem lists each
// invalid field as { name: 'body.household.children.0.age', code: 'too_big', reason: '<English>' };
// the code is zod's issue code (or one of the server's own: not_found, constraint, …). The message
// is the field's own when the catalogue has one ('invalid.household.children.*.age.too_big'),
// else the code's ('invalid.too_big'), else the server's English reason.

export interface InvalidParam {
  name: string;
  code?: string;
  reason: string;
}

/** `body.household.children.0.age` → `household.children.*.age`. */
export function fieldPath(name: string): string {
  return name.replace(/^(body|query|path)\./, '').replace(/\.\d+(?=\.|$)/g, '.*');
}

const known = (key: string): key is MessageKey => i18n.has(key);

export function invalidMessage(param: InvalidParam): string {
  const own = `invalid.${fieldPath(param.name)}.${param.code}`;
  const general = `invalid.${param.code}`;
  if (known(own)) return i18n.t(own);
  if (known(general)) return i18n.t(general);
  return param.reason;
}
