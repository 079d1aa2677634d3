import { describe, expect, it } from 'vitest';
import { toCsv } from '../../functions/core/report/report-csv.js';

describe('Function: toCsv', () => {
  it('writes RFC 4180: a header, CRLF line ends, quoted fields with commas, quotes and line breaks', () => {
    // Prepare
    const rows = [
      { segment: 'smb, small', note: 'say "hi"', text: 'two\nlines', amount: '-12.50', n: 3, ok: true, none: null },
    ];

    // Act
    const csv = toCsv(rows);

    // Assess: NULL is an empty field; the negative amount is a number, left as it is
    expect(csv).toBe(
      'segment,note,text,amount,n,ok,none\r\n' + '"smb, small","say ""hi""","two\nlines",-12.50,3,true,\r\n',
    );
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    // Prepare
    const rows = [{ channel: '=HYPERLINK("http://x")' }, { channel: '+1' }, { channel: '@sum' }, { channel: '-x' }, { channel: '-7.25' }];

    // Act
    const csv = toCsv(rows);

    // Assess: '-7.25' is a number as the engine writes one and stays; the rest get an apostrophe
    expect(csv.split('\r\n')).toEqual([
      'channel',
      '"\'=HYPERLINK(""http://x"")"',
      "'+1",
      "'@sum",
      "'-x",
      '-7.25',
      '',
    ]);
  });

  it('writes nothing for no rows', () => {
    // Assess
    expect(toCsv([])).toBe('');
  });
});
