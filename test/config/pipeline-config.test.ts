import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../functions/core/config/pipeline-config.js';
import { ConfigInvalidError } from '../../functions/core/errors.js';

describe('Function: parseConfig', () => {
  it('fills every default from the KPI catalogue', () => {
    expect(parseConfig({})).toMatchObject({
      reportingCurrency: 'USD',
      timeZone: 'UTC',
      churnWindowDays: 180,
      clvHorizonMonths: 36,
      annualDiscountRate: 0.1,
      renewalGraceDays: 30,
      csatSatisfiedMin: 4,
      cacToClvMaxRatio: 0.1,
    });
  });

  it.each([
    [{ churnWindowDays: 0 }, 'churnWindowDays'],
    [{ reportingCurrency: "USD'; DROP TABLE x; --" }, 'reportingCurrency'],
    [{ timeZone: 'Mars/Olympus' }, 'unknown IANA time zone'],
    [{ csatSatisfiedMin: 6 }, 'csatSatisfiedMin'],
    [{ churn_window_days: 90 }, 'churn_window_days'],
    [
      { healthWeights: { recency: 0.5, frequency: 0.5, monetary: 0.5, sentiment: 0, service: 0, engagement: 0 } },
      'health score weights must sum to 1',
    ],
  ])('rejects %j naming the problem', (input, message) => {
    expect(() => parseConfig(input)).toThrow(ConfigInvalidError);
    expect(() => parseConfig(input)).toThrow(message);
  });

  it('reads a JSON file and names the file when it is invalid', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crm-kpi-config-'));
    try {
      const good = join(dir, 'good.json');
      const bad = join(dir, 'bad.json');
      await writeFile(good, JSON.stringify({ churnWindowDays: 90 }));
      await writeFile(bad, '{ not json');
      expect((await loadConfig(good)).churnWindowDays).toBe(90);
      await expect(loadConfig(bad)).rejects.toThrow(`${bad} is not valid JSON`);
      // The offset JSON.parse reports, as a line and column a person can find.
      await writeFile(bad, '{\n  "churnWindowDays": 90,\n  timeZone: "UTC"\n}');
      await expect(loadConfig(bad)).rejects.toThrow(/is not valid JSON: .* at line 3, column 3$/);
      await writeFile(bad, '{"churnWindowDays": 90');
      await expect(loadConfig(bad)).rejects.toThrow(/at line 1, column 23$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
