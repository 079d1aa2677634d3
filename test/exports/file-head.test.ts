import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceFileInvalidError } from '../../functions/core/errors.js';
import { readFirstLine, verifyGzip } from '../../functions/core/exports/file-head.js';

describe('Function: readFirstLine', () => {
  let dir: string;
  const file = async (name: string, content: string | Buffer): Promise<string> => {
    await writeFile(join(dir, name), content);
    return join(dir, name);
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crm-kpi-head-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([
    ['a plain file', 'a.csv', 'id,name\r\n1,x\r\n', false, 'id,name'],
    ['a gzip file', 'a.csv.gz', gzipSync('id,name\n1,x\n'), true, 'id,name'],
    ['a file without a line break', 'b.csv', 'id,name', false, 'id,name'],
    ['a gzip file of nothing', 'c.csv.gz', gzipSync(''), true, null],
  ])('reads the first line of %s', async (_name, path, content, gzip, expected) => {
    expect(await readFirstLine(await file(path, content), gzip)).toBe(expected);
  });

  it('refuses a header that is not UTF-8, saying how to fix it', async () => {
    const path = await file('latin1.csv', Buffer.from('id,cat\xe9gorie\n1,x\n', 'latin1'));
    const read = readFirstLine(path, false);
    await expect(read).rejects.toThrow(SourceFileInvalidError);
    await expect(read).rejects.toMatchObject({
      reason: 'the header row is not UTF-8 text',
      fix: 're-export the file as UTF-8 CSV with a header row',
    });
  });
});

describe('Function: verifyGzip', () => {
  it('rejects a gzip file cut off before its end', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crm-kpi-gzip-'));
    try {
      const whole = gzipSync('id\n' + Array.from({ length: 2000 }, (_, i) => `${i * 7919}\n`).join(''));
      await writeFile(join(dir, 'whole.csv.gz'), whole);
      await writeFile(join(dir, 'cut.csv.gz'), whole.subarray(0, whole.length - 8));
      await expect(verifyGzip(join(dir, 'whole.csv.gz'))).resolves.toBeUndefined();
      await expect(verifyGzip(join(dir, 'cut.csv.gz'))).rejects.toThrow('unexpected end of file');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
