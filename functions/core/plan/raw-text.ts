/**
 * How much of a rejected record's raw text is published, on every engine:
 * the first RAW_TEXT_CHARS characters, enough to find the record in its
 * file. Bounded because a record may hold a field of any size, and Athena
 * (Trino) refuses to build a text over 1 MiB by concatenation: the Athena
 * landing rebuilds a record's text from its fields, each cut to the same
 * length first, which keeps the first RAW_TEXT_CHARS characters exact
 * (2,048 characters of up to 4 bytes in each of 64 fields stay under 1 MiB).
 */

const RAW_TEXT_CHARS = 2048;

/** SQL (DuckDB and Trino alike): the first RAW_TEXT_CHARS characters of a text. */
const boundedText = (expression: string): string => `substr(${expression}, 1, ${RAW_TEXT_CHARS})`;

export { boundedText, RAW_TEXT_CHARS };
