/**
 * The reasons a record is refused before its values are read, worded once
 * for every engine: DuckDB's CSV reader reports them as error types of its
 * own, Athena's SQL finds them by counting fields, and both publish these
 * texts in pipeline_rejects.
 */

/** A record with more fields than the file's header names. */
const moreFieldsThanHeader = (headerFields: number): string =>
  `the record has more fields than the header (${headerFields})`;

/** A record with fewer fields than the file's header names. */
const fewerFieldsThanHeader = (headerFields: number): string =>
  `the record has fewer fields than the header (${headerFields})`;

export { fewerFieldsThanHeader, moreFieldsThanHeader };
