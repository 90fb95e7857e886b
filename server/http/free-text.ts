import { z } from '@hono/zod-openapi';

// Text people type into the registry is shown to every crisis worker and kept for good in the audit
// trail and event history, so it must never carry a household: no BSN, birth date or home address.
// Names of places and locations follow a pattern; the free text that remains (organisation and user
// names, address lines of a location) is checked for what looks like personal data.

// A refusal names its code in the problem's invalidParams (personal_data, name_pattern); the dashboard
// has a message for each (admin.invalid.<code>) in Dutch and English.

export type PersonalDataKind = 'bsn' | 'birth_date' | 'postal_address' | 'street_address';

/**
 * Every decimal digit of any script (fullwidth ３, Arabic-Indic ٣, mathematical 𝟑 …) as its ASCII
 * digit, so "１２３４５６７８２" is read as the BSN it is. Unicode keeps each script's digits 0–9 in a
 * row of ten; a digit's value is its distance from the start of its row.
 */
export function asciiDigits(text: string): string {
  return text.normalize('NFKC').replace(/\p{Nd}/gu, (digit) => {
    let zero = digit.codePointAt(0)!;
    let run = 0;
    while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) {
      zero--;
      run++;
    }
    return String(run % 10);
  });
}

/** The 11-proef of a BSN: 9A + 8B + … + 2H − I is a multiple of 11 (and the number is not 0). */
export function passesElevenTest(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || /^0+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  return (sum - Number(digits[8])) % 11 === 0;
}

const SEPARATOR = '[\\s.\\-/_·•]?';
// Nine digits, each pair at most one separator apart ("123 456 782", "1234.56.782"), no digit around.
const NINE_DIGITS = new RegExp(`(?<![\\d])\\d(?:${SEPARATOR}\\d){8}(?!${SEPARATOR}\\d)`, 'g');

const MONTH_NAMES =
  'jan(?:uari|uary)?|feb(?:ruari|ruary)?|m(?:aa)?rt|mar(?:ch)?|apr(?:il)?|mei|may|jun[ie]?|jul[iy]?|aug(?:ustus|ust)?|sep(?:t(?:ember)?)?|o[kc]t(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const MONTH = '(?:0?[1-9]|1[0-2])';
const YEAR = '(?:1[89]\\d{2}|20\\d{2}|\\d{2})';
const DATE_SEP = '\\s*[-/.]\\s*';
const BIRTH_DATE = new RegExp(
  [
    `(?<!\\d)${DAY}${DATE_SEP}${MONTH}${DATE_SEP}${YEAR}(?!\\d)`, // 12-03-1988, 12.3.88, 12 / 03 / 1988
    `(?<!\\d)(?:1[89]|20)\\d{2}${DATE_SEP}${MONTH}${DATE_SEP}${DAY}(?!\\d)`, // 1988-03-12
    `(?<!\\d)${DAY}(?:e|st|nd|rd|th)?\\s*(?:${MONTH_NAMES})\\.?\\s*,?\\s*(?:1[89]|20)?\\d{2}(?!\\d)`, // 12 maart 1988, 12mrt88
    `\\b(?:${MONTH_NAMES})\\.?\\s+${DAY}(?:st|nd|rd|th)?\\s*,?\\s*(?:1[89]|20)\\d{2}(?!\\d)`, // March 12, 1988
    `(?<!\\d)(?:0[1-9]|[12]\\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\\d{2}(?!\\d)`, // 12031988
  ].join('|'),
  'iu',
);
// A Dutch postal code (no SA, SD, SS) next to a house number, in either order: together they name one address.
const POSTAL_CODE = '[1-9]\\d{3}\\s?(?!sa|sd|ss)[a-z]{2}';
const POSTAL_ADDRESS = new RegExp(`(?<!\\d)${POSTAL_CODE}\\b\\W{0,3}\\d{1,5}|(?<!\\d)\\d{1,5}\\s?[a-z]?\\W{1,3}${POSTAL_CODE}\\b`, 'iu');
const STREET_ADDRESS = /\p{L}(?:straat|str\.|weg|laan|plein|gracht|kade|dijk|singel|dreef|steeg)\s*\d{1,5}/iu;

/** What in the text looks like a household's personal data, or null when nothing does. */
export function personalDataIn(text: string, options: { streetAllowed?: boolean } = {}): PersonalDataKind | null {
  const plain = asciiDigits(text);
  for (const match of plain.matchAll(NINE_DIGITS)) {
    if (passesElevenTest(match[0].replace(/\D/g, ''))) return 'bsn';
  }
  if (BIRTH_DATE.test(plain)) return 'birth_date';
  if (POSTAL_ADDRESS.test(plain)) return 'postal_address';
  if (!options.streetAllowed && STREET_ADDRESS.test(plain)) return 'street_address';
  return null;
}

const REFUSAL: Record<PersonalDataKind, string> = {
  bsn: 'looks like a BSN; names hold no personal data',
  birth_date: 'looks like a date of birth; names hold no personal data',
  postal_address: 'looks like a postal code with a house number; names hold no personal data',
  street_address: 'looks like a street address; names hold no personal data',
};

function refusePersonalData(options: { streetAllowed?: boolean }) {
  return (value: string, ctx: z.RefinementCtx) => {
    const kind = personalDataIn(value, options);
    if (kind) ctx.addIssue({ code: 'custom', message: REFUSAL[kind], params: { code: 'personal_data' } });
  };
}

/**
 * Free text that names something (an organisation, a user): trimmed, length-limited, no personal data.
 * `streetAllowed` for a location's own street line, which is an address by design.
 */
export function freeText(max: number, options: { streetAllowed?: boolean } = {}) {
  return z.string().trim().min(1).max(max).superRefine(refusePersonalData(options));
}

// Letters of any language, ASCII digits, spaces and a few marks: "Gezinsplek 12", "Kamer 3b",
// "Opvang Noord 2", "'s-Hertogenbosch (zolder)". No commas or colons, so no lists of particulars.
const NAME_PATTERN = /^[\p{L}0-9][\p{L}\p{M}0-9 '’.&()/-]*$/u;

/** The name of a place or a location: a short pattern, and no personal data in it. */
export function patternName(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .superRefine((value, ctx) => {
      if (!NAME_PATTERN.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'letters, digits, spaces and - \' . & ( ) / only, such as "Gezinsplek 12"', params: { code: 'name_pattern' } });
        return;
      }
      refusePersonalData({})(value, ctx);
    });
}
