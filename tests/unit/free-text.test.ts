import { describe, expect, it } from 'vitest';

import { asciiDigits, passesElevenTest, personalDataIn } from '../../server/http/free-text.ts';

// The guard on names: what looks like a household's BSN, birth date or address is found however it
// is written; the names shelters really use pass.

describe('the 11-proef', () => {
  it('passes real-shaped BSNs and fails their neighbours', () => {
    expect(passesElevenTest('123456782')).toBe(true);
    expect(passesElevenTest('111222333')).toBe(true);
    expect(passesElevenTest('123456789')).toBe(false);
    expect(passesElevenTest('000000000')).toBe(false);
    expect(passesElevenTest('12345678')).toBe(false);
  });
});

describe('digits of any script', () => {
  it('are read as ASCII digits', () => {
    expect(asciiDigits('１２３４５６７８２')).toBe('123456782');
    expect(asciiDigits('١٢٣٤٥٦٧٨٢')).toBe('123456782');
    expect(asciiDigits('१२३४५६७८२')).toBe('123456782');
    expect(asciiDigits('𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟐')).toBe('123456782');
    expect(asciiDigits('𝟷𝟸𝟹')).toBe('123');
    expect(asciiDigits('Kamer 3b')).toBe('Kamer 3b');
  });
});

describe('personal data in a name', () => {
  it.each([
    ['Fam. Jansen, BSN 123456782, geb. 12-03-1988, Dorpsstraat 5', 'bsn'],
    ['Jansen 123 456 782', 'bsn'],
    ['Jansen 1234.56.782', 'bsn'],
    ['Jansen 12-34-56-782', 'bsn'],
    ['Jansen １２３４５６７８２', 'bsn'],
    ['Jansen ١٢٣٤٥٦٧٨٢', 'bsn'],
    ['Jansen geb. 12-03-1988', 'birth_date'],
    ['Jansen 12/3/1988', 'birth_date'],
    ['Jansen 12.03.88', 'birth_date'],
    ['Jansen 1988-03-12', 'birth_date'],
    ['Jansen 12 maart 1988', 'birth_date'],
    ['Jansen 12 mrt. 1988', 'birth_date'],
    ['Jansen March 12, 1988', 'birth_date'],
    ['Jansen 12031988', 'birth_date'],
    ['Jansen １２-０３-１９８８', 'birth_date'],
    ['Jansen 3511 AB 5', 'postal_address'],
    ['Jansen 3511AB, 12a', 'postal_address'],
    ['Jansen 5, 3511 ab', 'postal_address'],
    ['Jansen Dorpsstraat 5', 'street_address'],
    ['Opvang Kerkweg 12', 'street_address'],
  ])('%s: %s', (text, kind) => {
    expect(personalDataIn(text)).toBe(kind);
  });

  it('lets a street line carry its street and number, but nothing else', () => {
    expect(personalDataIn('Dorpsstraat 5', { streetAllowed: true })).toBeNull();
    expect(personalDataIn('Dorpsstraat 5, BSN 123456782', { streetAllowed: true })).toBe('bsn');
  });

  it.each([
    'Gezinsplek 12',
    'Kamer 3b',
    'Opvang Noord 2',
    "'s-Hertogenbosch",
    'Súdwest-Fryslân',
    'Blijf Groep Amsterdam',
    'Opvanghuis Utrecht 14',
    'Kamer 123',
    'Bed 2024',
    'Stichting Dak 1e etage',
    'Tel 030 123 45 67',
    'Kamer 12-3',
    'Huis aan de Vecht',
    'Gezinsplek 123456789',
  ])('passes %s', (text) => {
    expect(personalDataIn(text)).toBeNull();
  });
});
