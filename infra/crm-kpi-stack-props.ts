import type { StackProps } from 'aws-cdk-lib';
import type { StackSettings } from './settings.js';

interface CrmKpiStackProps extends StackProps {
  /** The validated `crm:` context parameters. */
  readonly settings: StackSettings;
  /** The project root (functions/, sql/, docs/, package-lock.json). */
  readonly rootDir: string;
}

export type { CrmKpiStackProps };
