import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../infra/settings.js';
import { warehouseApp } from './synth-warehouse.js';

describe('Function: readSettings', () => {
  it('reads every crm: parameter from cdk.json', () => {
    // Prepare
    const app = warehouseApp();

    // Act
    const settings = readSettings(app.node);

    // Assess
    expect(settings).toEqual({
      schedule: 'cron(30 2 * * ? *)',
      timeZone: 'UTC',
      reportingCurrency: 'USD',
      etlScanCutoffGiB: 10,
      biScanCutoffGiB: 1,
      alarmEmail: '',
      logRetentionDays: 90,
      queryResultRetentionDays: 30,
      rollbackRetentionDays: 30,
      modelConcurrency: 4,
      publishSlaHours: 26,
      destroyDataOnDelete: false,
    });
  });

  it('accepts the strings `-c crm:<name>=<value>` passes', () => {
    // Prepare
    const app = warehouseApp({
      'crm:etlScanCutoffGiB': '2.5',
      'crm:modelConcurrency': '8',
      'crm:destroyDataOnDelete': 'true',
      'crm:timeZone': 'Europe/Paris',
    });

    // Act
    const settings = readSettings(app.node);

    // Assess
    expect(settings.etlScanCutoffGiB).toBe(2.5);
    expect(settings.modelConcurrency).toBe(8);
    expect(settings.destroyDataOnDelete).toBe(true);
    expect(settings.timeZone).toBe('Europe/Paris');
  });

  it.each([
    ['crm:schedule', 'rate(1 day)', 'crm:schedule: must be a six-field cron(...) expression'],
    ['crm:timeZone', 'Mars/Olympus', 'timeZone: unknown IANA time zone'],
    ['crm:reportingCurrency', 'euro', 'reportingCurrency: must be a 3-letter ISO 4217 code'],
    ['crm:etlScanCutoffGiB', '0.001', 'crm:etlScanCutoffGiB: Athena refuses cutoffs under 10 MB'],
    ['crm:logRetentionDays', '100', 'crm:logRetentionDays: must be one of 1, 3, 5'],
    ['crm:alarmEmail', 'ops-at-example', 'crm:alarmEmail'],
    ['crm:modelConcurrency', '0', 'crm:modelConcurrency'],
  ])('refuses %s = %s, naming the key', (key, value, message) => {
    // Prepare
    const app = warehouseApp({ [key]: value });

    // Act
    const read = () => readSettings(app.node);

    // Assess
    expect(read).toThrow(message);
  });

  it('names a missing key', () => {
    // Prepare: an app without cdk.json's context
    const app = new App();

    // Act
    const read = () => readSettings(app.node);

    // Assess
    expect(read).toThrow(/crm:schedule: .*; crm:timeZone: /);
  });
});
