/**
 * Reads what the monthly report shows, from the published tables only and
 * through the engine, so the same code reports on DuckDB and on Athena.
 * The report month is the latest complete month; charts cover the 24
 * months ending with it, plus the partial month after it.
 */
import type { z } from 'zod';
import type { Engine, Row } from '../engine/engine.js';
import { ReportError } from '../errors.js';
import { renderLiteral } from '../sql/sql-vars.js';
import { addMonths, monthEnd, quarterStart, yearStart } from './months.js';
import {
  cacRow,
  cohortRow,
  headlineRow,
  perceptionRow,
  reconciliationRow,
  relationshipRow,
  restatementRow,
  walletRow,
} from './report-rows.js';
import type {
  CacRow,
  CohortRow,
  HeadlineRow,
  PerceptionRow,
  ReconciliationRow,
  RelationshipRow,
  RestatementRow,
  WalletRow,
} from './report-rows.js';
import type { ReportTable } from './report-tables.js';

/** Months the trend charts and the cohort triangle look back, report month included. */
const TRAILING_MONTHS = 24;

interface ReportPeriod {
  /** Export date of the night that published the tables. */
  readonly asOf: string;
  readonly runId: string;
  /** Latest complete month; the latest month when none is complete yet. */
  readonly reportMonth: string;
  readonly reportMonthComplete: boolean;
  /** Month of the export date when it is not complete, else null. */
  readonly partialMonth: string | null;
  /** First month of the trailing window. */
  readonly windowStart: string;
  /** Latest complete calendar quarter ending on or before the report month. */
  readonly lastQuarter: string;
}

/** Published rows as read, per table: the report's CSV bundle. */
interface SourceTable {
  readonly name: ReportTable;
  readonly rows: readonly Row[];
}

interface ReportData {
  readonly period: ReportPeriod;
  readonly headline: readonly HeadlineRow[];
  readonly cohorts: readonly CohortRow[];
  readonly reconciliation: readonly ReconciliationRow[];
  readonly cac: readonly CacRow[];
  readonly wallet: readonly WalletRow[];
  readonly relationship: readonly RelationshipRow[];
  readonly perception: readonly PerceptionRow[];
  /** Figures of published periods tonight's night changed, against the previous night. */
  readonly restatements: readonly RestatementRow[];
  readonly sources: readonly SourceTable[];
}

const day = (iso: string): string => renderLiteral('report date', { kind: 'date', value: iso });

function parseRows<T extends z.ZodType>(table: ReportTable, schema: T, rows: readonly Row[]): z.output<T>[] {
  return rows.map((row, index) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ReportError(
        `${table} row ${index + 1} cannot be reported: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
      );
    }
    return parsed.data;
  });
}

async function choosePeriod(engine: Engine): Promise<ReportPeriod | null> {
  const rows = parseRows(
    'kpi_headline_monthly',
    headlineRow.pick({ month: true, is_complete: true, as_of: true, run_id: true }),
    await engine.query('SELECT month, is_complete, as_of, run_id FROM kpi_headline_monthly ORDER BY month'),
  );
  const latest = rows.at(-1);
  if (!latest) return null;
  const complete = rows.filter((r) => r.is_complete).at(-1);
  const reportMonth = (complete ?? latest).month;
  const quarterEnd = addMonths(quarterStart(reportMonth), 2);
  return {
    asOf: latest.as_of,
    runId: latest.run_id,
    reportMonth,
    reportMonthComplete: complete !== undefined,
    partialMonth: latest.is_complete ? null : latest.month,
    windowStart: addMonths(reportMonth, 1 - TRAILING_MONTHS),
    lastQuarter: quarterEnd === reportMonth ? quarterStart(reportMonth) : addMonths(quarterStart(reportMonth), -3),
  };
}

/**
 * Reads the rows of every section, one query per published table; null
 * when no month is published yet (no customer has an acquisition date).
 */
async function loadReportData(engine: Engine): Promise<ReportData | null> {
  const period = await choosePeriod(engine);
  if (!period) return null;
  const { reportMonth, windowStart } = period;
  const sources: SourceTable[] = [];
  const read = async <T extends z.ZodType>(
    table: ReportTable,
    schema: T,
    where: string,
    orderBy: string,
  ): Promise<z.output<T>[]> => {
    const rows = await engine.query(`SELECT * FROM ${table} WHERE ${where} ORDER BY ${orderBy}`);
    sources.push({ name: table, rows });
    return parseRows(table, schema, rows);
  };
  const periodRows = (types: readonly [string, string][]): string =>
    types.map(([type, start]) => `(period_type = '${type}' AND period_start = ${day(start)})`).join(' OR ');

  const headline = await read('kpi_headline_monthly', headlineRow, `month >= ${day(windowStart)}`, 'month');
  const cohorts = await read(
    'kpi_cohort_retention',
    cohortRow,
    `cohort_month >= ${day(windowStart)}`,
    'cohort_month, months_since_acquisition',
  );
  const reconciliation = await read(
    'kpi_customer_reconciliation',
    reconciliationRow,
    periodRows([
      ['month', reportMonth],
      ['quarter', quarterStart(reportMonth)],
      ['year', yearStart(reportMonth)],
    ]),
    'period_start, period_type, segment',
  );
  const cac = await read('kpi_cac_by_channel', cacRow, `month >= ${day(windowStart)}`, 'month, channel');
  // The latest wallet period that started by the end of the report month.
  const [walletPeriod] = parseRows(
    'kpi_share_of_wallet_segment',
    walletRow.pick({ period_start: true, period_end: true }),
    await engine.query(
      'SELECT period_start, period_end FROM kpi_share_of_wallet_segment ' +
        `WHERE period_start <= ${day(monthEnd(reportMonth))} ` +
        'ORDER BY period_start DESC, period_end DESC LIMIT 1',
    ),
  );
  const wallet = await read(
    'kpi_share_of_wallet_segment',
    walletRow,
    walletPeriod
      ? `period_start = ${day(walletPeriod.period_start)} AND period_end = ${day(walletPeriod.period_end)}`
      : '1 = 0',
    'segment, category',
  );
  const relationship = await read(
    'kpi_return_on_relationship',
    relationshipRow,
    periodRows([
      ['month', reportMonth],
      ['quarter', period.lastQuarter],
    ]),
    'period_start, period_type, segment',
  );
  const perception = await read(
    'kpi_perception_monthly',
    perceptionRow,
    `touchpoint = 'all' AND segment = 'all' AND month >= ${day(windowStart)}`,
    'month',
  );
  const restatements = await read('pipeline_restatements', restatementRow, '1 = 1', 'table_name, row_key, column_name');
  return { period, headline, cohorts, reconciliation, cac, wallet, relationship, perception, restatements, sources };
}

export { loadReportData };
export type { ReportData, ReportPeriod };
