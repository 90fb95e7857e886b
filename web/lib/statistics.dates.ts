// The analyst's date fields: typed as dd-mm-jjjj in either language, whatever the browser's locale
// (a native date input shows mm/dd/yyyy in an American browser, under a Dutch interface).

/** 2026-01-05 → 05-01-2026. */
export function dateText(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}-${month}-${year}`;
}

/**
 * dd-mm-jjjj (also with / or . and single digits, or the ISO form) → 2026-01-05; null when it is no
 * real day, or its year is outside 2000–2100, as the API refuses those.
 */
export function parseDateText(text: string): string | null {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const dutch = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(trimmed);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : dutch ? [dutch[3], dutch[2], dutch[1]] : [];
  if (!year || !month || !day) return null;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const result = date.toISOString().slice(0, 10);
  // 31-02-2026 rolls over into March: then it was no real day.
  if (date.getUTCDate() !== Number(day) || date.getUTCMonth() !== Number(month) - 1) return null;
  return result >= '2000-01-01' && result <= '2100-12-31' ? result : null;
}
