import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePoliciesExclusive } from "@cdktf/provider-aws/lib/iam-role-policies-exclusive";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamRolePolicyAttachmentsExclusive } from "@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { attributeOf } from "./expression";
import { compare } from "../common/compare";
import type { PolicyStatement } from "../model/model";
import { documentStatements } from "../model/iam-policy";

export interface WorkloadRoleProps {
  /** The Terraform label of the role and its inline policy, e.g. `payments_s3_backup`. */
  readonly label: string;
  /** The Terraform label of the inline policy's document, e.g. `payments_s3_backup_permissions`. */
  readonly permissionsLabel: string;
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
  /**
   * Managed policies to attach, each under its own Terraform label (derived
   * from the policy's name by the address registry), by policy ARN.
   * @default none
   */
  readonly attachments?: Readonly<Record<string, string>>;
  /** The inline policy's name. @default "permissions" */
  readonly inlinePolicyName?: string;
  /** Rendered as one inline policy through `aws_iam_policy_document`. @default none */
  readonly policyStatements?: readonly PolicyStatement[];
  /** Adds `prevent_destroy` to the role. @default false */
  readonly protect?: boolean;
  /**
   * Manages the role's full sets of managed and inline policies, so that one
   * attached outside Terraform is detected and removed. @default false
   */
  readonly exclusivePolicies?: boolean;
  /**
   * The AWS provider of the account the role lives in (an aliased one for
   * another account); the role, its policies, attachments and drift locks
   * all use it.
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** A workload's IAM role with its managed and inline permissions. */
export class WorkloadRole extends Construct {
  public readonly arn: string;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: WorkloadRoleProps) {
    super(scope, id);
    const inAccount = props.provider ? { provider: props.provider } : {};
    const role = new IamRole(this, "role", {
      ...inAccount,
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
    const attachments = new Map<string, IamRolePolicyAttachment>();
    for (const [arn, label] of Object.entries(props.attachments ?? {})) {
      const attachment = new IamRolePolicyAttachment(this, label, { ...inAccount, role: this.name, policyArn: arn });
      attachment.overrideLogicalId(label);
      attachments.set(arn, attachment);
    }

    let inlinePolicy: IamRolePolicy | undefined;
    if (props.policyStatements && props.policyStatements.length > 0) {
      const document = new DataAwsIamPolicyDocument(this, "permissions", {
        statement: documentStatements(props.policyStatements),
      });
      document.overrideLogicalId(props.permissionsLabel);
      inlinePolicy = new IamRolePolicy(this, "inline", {
        ...inAccount,
        name: props.inlinePolicyName ?? "permissions",
        role: this.name,
        policy: attributeOf(document, "json"),
      });
      inlinePolicy.overrideLogicalId(props.label);
    }

    if (props.exclusivePolicies) {
      // Without these, IAM keeps whatever else is attached to the role and
      // Terraform never shows it: an AdministratorAccess attached by hand
      // would live on unseen. With them, the plan shows it and apply removes it.
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role_policy_attachments_exclusive
      //
      // Each lock names what it keeps by reference, never as a literal: the
      // reference is what makes Terraform create the lock after the policies
      // it keeps. Created first, the inline lock makes the provider call
      // PutRolePolicy without a document for a name the role lacks, which the
      // AWS SDK refuses ("missing required field PolicyDocument"); the managed
      // lock waits for its attachments for the same reason.
      // https://github.com/hashicorp/terraform-provider-aws/issues/43951
      const managed = new IamRolePolicyAttachmentsExclusive(this, "managed-policies-lock", {
        ...inAccount,
        roleName: this.name,
        policyArns: [...attachments.keys()].sort(compare).map((arn) => attributeOf(attachments.get(arn)!, "policy_arn")),
      });
      managed.overrideLogicalId(props.label);
      const inline = new IamRolePoliciesExclusive(this, "inline-policies-lock", {
        ...inAccount,
        roleName: this.name,
        policyNames: inlinePolicy ? [attributeOf(inlinePolicy, "name")] : [],
      });
      inline.overrideLogicalId(props.label);
    }
  }
}
