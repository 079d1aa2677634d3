/** What landing made of one export file, on any engine: its status and row accounting. */

/**
 * ok: landed (some rows may be rejected); empty: no data rows; rejected:
 * every row rejected (a required column is missing); unreadable: cut off,
 * corrupt or not text, its rows unknown; unsupported: not CSV / JSON Lines.
 */
type FileStatus = 'ok' | 'empty' | 'rejected' | 'unreadable' | 'unsupported';

/** What happened to one export file. */
interface FileOutcome {
  readonly entity: string;
  readonly file: string;
  readonly exportDate: string;
  readonly status: FileStatus;
  readonly rowsRead: number;
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
  readonly unknownColumns: readonly string[];
  /** For whole-file problems: what is wrong and what to do. */
  readonly problem?: string;
  readonly fix?: string;
}

export type { FileOutcome };
