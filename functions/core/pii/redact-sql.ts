/**
 * Redaction of the raw text kept for rejected rows. Contract columns marked
 * PII are replaced by position; this is the second line of defence for what
 * position cannot catch: an email address in an extra column, in a record
 * too broken to split into columns, or typed into the wrong field.
 */

/** What a redacted value reads as. */
const REDACTED = '<redacted>';

/** RE2 pattern of an email address (the regex flavour of both engines). */
const EMAIL_PATTERN = "[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}";

/** DuckDB SQL (landing runs there) replacing every email address in a text. */
function maskEmailsSql(text: string): string {
  return `regexp_replace(${text}, '${EMAIL_PATTERN.replaceAll("'", "''")}', '${REDACTED}', 'g')`;
}

export { EMAIL_PATTERN, maskEmailsSql, REDACTED };
