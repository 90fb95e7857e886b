// CSV download of the query on screen: the same path, asked for as text/csv, saved under the
// server's file name. The server is the one source of the CSV, so the columns are its documented ones.
import { ApiError } from './api-error.ts';

/** `attachment; filename="x.csv"` (or filename*=UTF-8''x.csv) → x.csv. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const match = disposition?.match(/filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i);
  if (!match) return fallback;
  return match[1] ? decodeURIComponent(match[1]) : (match[2] ?? fallback);
}

export async function downloadCsv(path: string, fallbackName: string): Promise<void> {
  const response = await fetch(`/api/v1${path}`, { credentials: 'same-origin', headers: { Accept: 'text/csv' } });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => ({})));
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response.headers.get('Content-Disposition'), fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; the URL is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
