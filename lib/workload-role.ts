import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { parseArn, policyName } from "./aws/arn";
import { attributeOf } from "./expression";
import type { PolicyStatement } from "./config/model";
import { terraformLabel } from "./naming";
import { toDocumentStatements } from "./policy-statements";

export interface WorkloadRoleProps {
  /** The Terraform label of the role and its policies, e.g. `payments_s3_backup`. */
  readonly label: string;
  readonly roleName: string;
  /** @default "/" */
  readonly path?: string;
  readonly description: string;
  /** The trust policy JSON. */
  readonly assumeRolePolicy: string;
  readonly permissionsBoundaryArn?: string;
  /** Seconds. @default 3600 */
  readonly maxSessionDuration?: number;
  readonly tags?: Readonly<Record<string, string>>;
  /** Attached one by one, each under a label derived from the policy's name. @default none */
  readonly managedPolicyArns?: readonly string[];
  /** Rendered as one inline policy through `aws_iam_policy_document`. @default none */
  readonly policyStatements?: readonly PolicyStatement[];
  /** Adds `prevent_destroy` to the role. @default false */
  readonly protect?: boolean;
}

/** A workload's IAM role with its managed and inline permissions. */
export class WorkloadRole extends Construct {
  public readonly arn: string;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: WorkloadRoleProps) {
    super(scope, id);
    const role = new IamRole(this, "role", {
      name: props.roleName,
      path: props.path ?? "/",
      description: props.description,
      assumeRolePolicy: props.assumeRolePolicy,
      maxSessionDuration: props.maxSessionDuration ?? 3600,
      ...(props.permissionsBoundaryArn ? { permissionsBoundary: props.permissionsBoundaryArn } : {}),
      ...(props.tags && Object.keys(props.tags).length > 0 ? { tags: { ...props.tags } } : {}),
      ...(props.protect ? { lifecycle: { preventDestroy: true } } : {}),
    });
    role.overrideLogicalId(props.label);
    this.arn = attributeOf(role, "arn");
    this.name = attributeOf(role, "name");

    // One attachment per ARN, labelled by the policy's name (a natural key),
    // never by its position: reordering the list must not touch any address.
    for (const arn of props.managedPolicyArns ?? []) {
      const parsed = parseArn(arn);
      const suffix = terraformLabel(parsed ? policyName(parsed) : arn);
      const attachment = new IamRolePolicyAttachment(this, `attach-${suffix}`, { role: this.name, policyArn: arn });
      attachment.overrideLogicalId(`${props.label}_${suffix}`);
    }

    if (props.policyStatements && props.policyStatements.length > 0) {
      const document = new DataAwsIamPolicyDocument(this, "permissions", {
        statement: toDocumentStatements(props.policyStatements),
      });
      document.overrideLogicalId(`${props.label}_permissions`);
      const policy = new IamRolePolicy(this, "inline", {
        name: "permissions",
        role: this.name,
        policy: attributeOf(document, "json"),
      });
      policy.overrideLogicalId(props.label);
    }
  }
}
