/**
 * Readable views of a synthesized template for assertions: the state
 * machine's definition as parsed ASL, every IAM statement with its owner,
 * and CloudFormation references flattened to `<Logical.Attr>` text.
 */
import type { Template } from 'aws-cdk-lib/assertions';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
  readonly DeletionPolicy?: string;
}

/** `Fn::GetAtt` as `<Logical.Attr>`, `Ref` as `<Logical>`, `Fn::Join` joined. */
function flatten(node: Json | undefined): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && !Array.isArray(node)) {
    const join = node['Fn::Join'];
    if (Array.isArray(join)) {
      const [delimiter, items] = join as [string, Json[]];
      return items.map(flatten).join(delimiter);
    }
    const getAtt = node['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${getAtt.join('.')}>`;
    if (typeof node.Ref === 'string') return `<${node.Ref}>`;
  }
  return JSON.stringify(node);
}

function resources(template: Template, type?: string): [string, Resource][] {
  const all = (template.toJSON() as { Resources: Record<string, Resource> }).Resources;
  return Object.entries(all).filter(([, r]) => !type || r.Type === type);
}

/** The one resource of a type whose logical id starts with `prefix`. */
function resourceNamed(template: Template, type: string, prefix: string): [string, Resource] {
  const found = resources(template, type).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`${found.length} ${type} resources start with ${prefix}`);
  return found[0] as [string, Resource];
}

/** The definition of the template's only state machine, tokens flattened. */
function stateMachineDefinition(template: Template): Record<string, Json> {
  const [[, machine] = ['', undefined]] = resources(template, 'AWS::StepFunctions::StateMachine');
  return JSON.parse(flatten(machine?.Properties?.DefinitionString)) as Record<string, Json>;
}

/** Every state of an ASL definition, nested Map and Parallel states included, by name. */
function allStates(definition: Json): Map<string, Record<string, Json>> {
  const states = new Map<string, Record<string, Json>>();
  const visit = (node: Json): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const own = node.States;
    if (own && typeof own === 'object' && !Array.isArray(own)) {
      for (const [name, state] of Object.entries(own)) {
        states.set(name, state as Record<string, Json>);
      }
    }
    Object.values(node).forEach(visit);
  };
  visit(definition);
  return states;
}

interface Statement {
  /** Logical id of the policy (or role) holding the statement. */
  readonly owner: string;
  readonly effect: string;
  readonly actions: string[];
  /** Flattened resource ARNs. */
  readonly resources: string[];
  readonly conditions?: Json;
}

const list = (value: Json | undefined): Json[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function statementsOf(owner: string, document: Json | undefined): Statement[] {
  const doc = document as { Statement?: Json } | undefined;
  return list(doc?.Statement).map((s) => {
    const statement = s as Record<string, Json>;
    return {
      owner,
      effect: String(statement.Effect),
      actions: list(statement.Action).map(String),
      resources: list(statement.Resource).map(flatten),
      ...(statement.Condition ? { conditions: statement.Condition } : {}),
    };
  });
}

/** Every identity-policy statement: IAM policies, managed policies and roles' inline policies. */
function iamStatements(template: Template): Statement[] {
  return resources(template).flatMap(([id, r]) => {
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') {
      return statementsOf(id, r.Properties?.PolicyDocument);
    }
    if (r.Type === 'AWS::IAM::Role') {
      return list(r.Properties?.Policies).flatMap((p) =>
        statementsOf(id, (p as Record<string, Json>).PolicyDocument),
      );
    }
    return [];
  });
}

/** The statements of the policy attached to the role whose logical id starts with `rolePrefix`. */
function roleStatements(template: Template, rolePrefix: string): Statement[] {
  const [roleId] = resourceNamed(template, 'AWS::IAM::Role', rolePrefix);
  // CDK moves what does not fit the inline policy into OverflowPolicy managed policies.
  return [...resources(template, 'AWS::IAM::Policy'), ...resources(template, 'AWS::IAM::ManagedPolicy')]
    .filter(([, p]) => list(p.Properties?.Roles).some((r) => flatten(r) === `<${roleId}>`))
    .flatMap(([id, p]) => statementsOf(id, p.Properties?.PolicyDocument));
}

/** The actions a role may take on resources matching `resource` (flattened text). */
function actionsOn(statements: readonly Statement[], resource: RegExp): string[] {
  return [
    ...new Set(
      statements
        .filter((s) => s.effect === 'Allow' && s.resources.some((r) => resource.test(r)))
        .flatMap((s) => s.actions),
    ),
  ].sort();
}

export {
  actionsOn,
  allStates,
  flatten,
  iamStatements,
  resourceNamed,
  resources,
  roleStatements,
  stateMachineDefinition,
};
export type { Json, Resource, Statement };
