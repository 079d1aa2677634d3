/**
 * Acknowledging cdk-nag findings precisely: the finding id names the exact
 * wildcard resource (as cdk-nag prints it), and the acknowledgement is made
 * where the wildcard is granted, with the reason it cannot be narrower.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { IConstruct } from 'constructs';

/** cdk-nag's plugin namespace, which every acknowledged id starts with. */
const PACK = 'AwsSolutions';

/**
 * A resolved CloudFormation value in cdk-nag's flat notation: `Fn::GetAtt`
 * as `<Logical.Attr>`, `Ref` as `<Logical>`, `Fn::Join` joined.
 */
function flattenReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (typeof node === 'object' && node !== null) {
    const fn = node as Record<string, unknown>;
    if (Array.isArray(fn['Fn::Join'])) {
      const [delimiter, items] = fn['Fn::Join'] as [string, unknown[]];
      return items.map(flattenReference).join(delimiter);
    }
    if (Array.isArray(fn['Fn::GetAtt'])) {
      const [resource, attribute] = fn['Fn::GetAtt'] as [unknown, unknown];
      return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
    }
    if ('Ref' in fn) return `<${flattenReference(fn.Ref)}>`;
  }
  return JSON.stringify(node);
}

/** Acknowledges one rule (optionally one finding of it) on a construct and its children. */
function acknowledgeRule(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${PACK}::${PACK}-${rule}`, reason });
}

/**
 * Acknowledges the IAM5 finding a wildcard resource ARN raises in the
 * grantee's policy. The ARN may hold tokens; it is rendered as cdk-nag
 * renders it, so only that one resource is acknowledged.
 */
function acknowledgeWildcardResource(grantee: iam.IGrantable, arn: string, reason: string): void {
  const principal = grantee.grantPrincipal;
  if (!Construct.isConstruct(principal)) return;
  const resource = flattenReference(Stack.of(principal).resolve(arn));
  acknowledgeRule(principal, `IAM5[Resource::${resource}]`, reason);
}

export { acknowledgeRule, acknowledgeWildcardResource, flattenReference };
