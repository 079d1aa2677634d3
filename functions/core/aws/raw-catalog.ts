/**
 * The raw zone's Glue tables, as data: the CDK stack creates them from this
 * and the landing SQL reads them, so the two cannot drift. No crawler: the
 * export-date partitions are computed by partition projection.
 *
 * CSV tables have positional text columns `f0..f63`, not the contract's
 * names, because the contract matches columns by header name (any order,
 * any case, extra columns allowed) while a CSV SerDe maps by position. The
 * land step reads each file's header and the landing SQL picks, per file,
 * the field holding each contract column. JSON Lines files are read as
 * whole lines from one table and parsed in SQL.
 */
import { entityNames } from '../contract/entities.js';
import { TEXT_INPUT, TEXT_OUTPUT } from './glue-table-spec.js';
import type { GlueTableSpec } from './glue-table-spec.js';

/** Fields a CSV export may have; a contract column must be among them. */
const RAW_CSV_FIELDS = 64;

/** Name of a CSV table's i-th field column. */
const rawField = (index: number): string => `f${index}`;

/** The one table holding every export file as lines (JSON Lines input). */
const RAW_LINES_TABLE = 'export_lines';

/** The partition column every raw table has (projected, string yyyy-MM-dd). */
const EXPORT_DATE = 'export_date';

function exportDateProjection(template: string): Record<string, string> {
  return {
    'projection.enabled': 'true',
    [`projection.${EXPORT_DATE}.type`]: 'date',
    [`projection.${EXPORT_DATE}.format`]: 'yyyy-MM-dd',
    // Wide on purpose: a date outside the range is silently not there (CDNOW's
    // 1998 exports vanished under 2000-01-01,NOW), and every query names its
    // dates, so the width costs nothing.
    [`projection.${EXPORT_DATE}.range`]: '1900-01-01,9999-12-31',
    [`projection.${EXPORT_DATE}.interval`]: '1',
    [`projection.${EXPORT_DATE}.interval.unit`]: 'DAYS',
    'storage.location.template': template,
  };
}

const exportDateKey = {
  name: EXPORT_DATE,
  type: 'string',
  comment: 'export date of the file (folder export_date=YYYY-MM-DD)',
};

/** The CSV table of one entity: `s3://<raw>/<entity>/export_date=<d>/`. */
function rawCsvTable(rawBucket: string, entity: string): GlueTableSpec {
  return {
    name: entity,
    description: `CRM ${entity} exports as received (CSV, every field as text, by position)`,
    columns: Array.from({ length: RAW_CSV_FIELDS }, (_, i) => ({
      name: rawField(i),
      type: 'string',
      comment: `field ${i + 1} of the record; the file's header says which column it is`,
    })),
    partitionKeys: [exportDateKey],
    location: `s3://${rawBucket}/${entity}/`,
    serdeLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
    serdeParameters: { separatorChar: ',', quoteChar: '"', escapeChar: '\\' },
    inputFormat: TEXT_INPUT,
    outputFormat: TEXT_OUTPUT,
    parameters: {
      classification: 'csv',
      'skip.header.line.count': '1',
      ...exportDateProjection(`s3://${rawBucket}/${entity}/${EXPORT_DATE}=\${${EXPORT_DATE}}/`),
    },
  };
}

/** Every export file as text lines, partitioned by entity and export date. */
function rawLinesTable(rawBucket: string): GlueTableSpec {
  return {
    name: RAW_LINES_TABLE,
    description: 'every CRM export file as text lines (JSON Lines exports are parsed from here)',
    columns: [{ name: 'line', type: 'string', comment: 'one line of the file, unparsed' }],
    partitionKeys: [
      { name: 'entity', type: 'string', comment: 'contract entity (the top-level folder)' },
      exportDateKey,
    ],
    location: `s3://${rawBucket}/`,
    serdeLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
    // U+0001 never occurs unescaped in JSON, so a line is never split.
    serdeParameters: { 'field.delim': '\u0001', 'serialization.format': '\u0001' },
    inputFormat: TEXT_INPUT,
    outputFormat: TEXT_OUTPUT,
    parameters: {
      classification: 'text',
      'projection.entity.type': 'enum',
      'projection.entity.values': entityNames.join(','),
      ...exportDateProjection(`s3://${rawBucket}/\${entity}/${EXPORT_DATE}=\${${EXPORT_DATE}}/`),
    },
  };
}

/** Every raw table: one CSV table per contract entity, plus the lines table. */
function rawTables(rawBucket: string): GlueTableSpec[] {
  return [...entityNames.map((e) => rawCsvTable(rawBucket, e)), rawLinesTable(rawBucket)];
}

export {
  EXPORT_DATE,
  RAW_CSV_FIELDS,
  RAW_LINES_TABLE,
  rawField,
  rawTables,
};
