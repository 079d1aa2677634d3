/**
 * A Glue table the stack creates, as data independent of CDK's and the
 * SDK's property spelling: the stack turns it into a CfnTable and the tests
 * create it in moto through `toGlueTableInput`, so both see one definition.
 */
import type { TableInput } from '@aws-sdk/client-glue';

/** One table: columns, location, SerDe and parameters. */
interface GlueTableSpec {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly { name: string; type: string; comment: string }[];
  readonly partitionKeys: readonly { name: string; type: string; comment: string }[];
  /** The table's root; a projected table reads the projected locations. */
  readonly location: string;
  readonly serdeLibrary: string;
  readonly serdeParameters: Readonly<Record<string, string>>;
  readonly inputFormat: string;
  readonly outputFormat: string;
  readonly parameters: Readonly<Record<string, string>>;
}

/** Hadoop's formats for text files read line by line. */
const TEXT_INPUT = 'org.apache.hadoop.mapred.TextInputFormat';
const TEXT_OUTPUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

/** The Glue API's spelling of a table spec. */
function toGlueTableInput(spec: GlueTableSpec): TableInput {
  return {
    Name: spec.name,
    Description: spec.description,
    TableType: 'EXTERNAL_TABLE',
    Parameters: { ...spec.parameters, EXTERNAL: 'TRUE' },
    PartitionKeys: spec.partitionKeys.map((k) => ({ Name: k.name, Type: k.type, Comment: k.comment })),
    StorageDescriptor: {
      Columns: spec.columns.map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
      Location: spec.location,
      InputFormat: spec.inputFormat,
      OutputFormat: spec.outputFormat,
      SerdeInfo: { SerializationLibrary: spec.serdeLibrary, Parameters: { ...spec.serdeParameters } },
    },
  };
}

export { TEXT_INPUT, TEXT_OUTPUT, toGlueTableInput };
export type { GlueTableSpec };
