/**
 * The SNS topic every alarm and every failed night reports to, reachable
 * only over TLS. Its key is its own: CloudWatch must be allowed to use the
 * key of an encrypted topic it publishes alarms to, and that permission
 * must not extend to the key that encrypts the data.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { AlarmTopicProps } from './alarm-topic-props.js';

class AlarmTopic extends Construct {
  public readonly topic: sns.Topic;
  /** Encrypts the topic's messages only. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'crm-kpi-warehouse: alarm topic messages',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: props.destroyOnDelete ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'crm-kpi-warehouse alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
  }

  /**
   * Publish to the topic, with the two key calls an encrypted topic needs
   * (Topic.grantPublish would grant kms:GenerateDataKey* instead).
   */
  public grantPublish(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
    );
    this.key.grant(grantee, 'kms:Decrypt', 'kms:GenerateDataKey');
  }
}

export { AlarmTopic };
