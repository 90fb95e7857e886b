import { describe, expect, it } from 'vitest';

import { formatMessage } from '../../web/lib/message-format.ts';

describe('formatMessage', () => {
  it.each([
    ['nl', 0, '0 dagen'],
    ['nl', 1, '1 dag'],
    ['nl', 2, '2 dagen'],
    ['en', 1, '1 day'],
    ['en', 5, '5 days'],
  ])('%s: %i picks the right word', (locale, count, expected) => {
    const text = locale === 'nl' ? '{count} {count|dag|dagen}' : '{count} {count|day|days}';
    expect(formatMessage(text, { count }, locale)).toBe(expected);
  });

  it('keeps an unknown parameter visible instead of printing "undefined"', () => {
    expect(formatMessage('{adults} volwassenen, {children} kinderen', { adults: 2 }, 'nl')).toBe('2 volwassenen, {children} kinderen');
  });
});
