/** RFC 4180 field quoting, shared by every CSV this project writes. */

const NEEDS_QUOTES = /[",\r\n]/;

/** Quotes a field holding a separator, quote or line break; doubles inner quotes. */
function quoteCsvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export { quoteCsvField };
