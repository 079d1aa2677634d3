/**
 * The `kpi_catalog` table described the way a model header describes a
 * model, so the catalog documents itself in docs/kpis.md and in its own rows.
 */
import type { ModelHeader } from '../models/model-header.js';
import type { DocumentedTable } from './kpi-reference.js';

/** Published name of the catalog; stable, BI tools query it by name. */
const KPI_CATALOG = 'kpi_catalog';

/** The catalog's own columns, in order, with the SQL type each is cast to. */
const CATALOG_COLUMNS = [
  { name: 'table_name', type: 'VARCHAR', description: 'published table' },
  { name: 'column_name', type: 'VARCHAR', description: 'column of that table' },
  { name: 'column_position', type: 'INTEGER', description: 'position of the column in the table, from 1' },
  {
    name: 'data_type',
    type: 'VARCHAR',
    description: 'type as published (DATE, DECIMAL(18,2), DOUBLE, BIGINT, INTEGER, BOOLEAN, VARCHAR, TIMESTAMP)',
  },
  { name: 'description', type: 'VARCHAR', description: "the column's meaning from its model header, as in docs/kpis.md" },
  {
    name: 'formula',
    type: 'VARCHAR',
    description:
      'the arithmetic the column is computed by when its description states one ' +
      '(e.g. acquisition_spend / new_customers); NULL for a plain definition',
  },
  {
    name: 'unit',
    type: 'VARCHAR',
    description:
      'the reporting currency code for money, share 0-1, ratio, count, days, hours, months, ' +
      'date, a score with its range, ...; NULL for text',
  },
  { name: 'is_key', type: 'BOOLEAN', description: "the column is part of the table's key" },
  { name: 'grain', type: 'VARCHAR', description: 'what one row of the table is' },
  { name: 'table_description', type: 'VARCHAR', description: "what the table is for (its header's purpose)" },
] as const;

const catalogHeader: ModelHeader = {
  purpose:
    'every column of every published KPI table (dim_date and this table included) with its type, ' +
    'meaning, formula, unit and the grain of its table: the text of this reference, as a table ' +
    'BI tools can query.',
  grain: 'one row per published table x column',
  key: ['table_name', 'column_name'],
  columns: new Map(CATALOG_COLUMNS.map((c) => [c.name, c.description])),
  notes:
    'Built by the nightly run from the model headers and the built column types, and published ' +
    'with the KPI tables. formula and unit are read from the description, the column name and type.',
};

/** The catalog as a documented table, beside the KPI models. */
const catalogTable: DocumentedTable = { name: KPI_CATALOG, header: catalogHeader };

export { CATALOG_COLUMNS, catalogTable, KPI_CATALOG };
