/**
 * CSV text for the exports (gradebook, class progress, sales): RFC 4180 quoting, CRLF line ends,
 * and formula-injection safe. A cell a spreadsheet would run as a formula (a leading = + - @, tab
 * or CR) gets a ' prefix and quotes, except a plain number such as -5, which stays a number.
 */
export function csvCell(v: string | number | null | undefined): string {
  let s = v === null || v === undefined ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s.startsWith("'") ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: ReadonlyArray<string | number | null | undefined>) => `${cells.map(csvCell).join(",")}\r\n`;
