/** Where alarms go. */
interface AlarmTopicProps {
  /**
   * Subscribed by e-mail (the address must confirm the subscription).
   * @default - no subscription; subscribe on-call tooling to the topic
   */
  readonly alarmEmail?: string;
  /**
   * true: the topic's key is scheduled for deletion with the stack.
   * @default false
   */
  readonly destroyOnDelete?: boolean;
}

export type { AlarmTopicProps };
