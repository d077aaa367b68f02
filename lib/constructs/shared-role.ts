import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { SharedRoleAddresses } from "../model/model";
import type { SharedRoleConfig } from "../model/model";
import { TrustPolicy } from "./trust-policy";
import { sharedTrustDocument } from "../model/trust-statements";
import { WorkloadRole } from "./workload-role";

export interface SharedRoleProps {
  /** The validated role, with the workloads of every cluster that name it (its members). */
  readonly role: SharedRoleConfig;
  /** The labels of its blocks, from the home stack's address registry (`shared_<key>`). */
  readonly addresses: SharedRoleAddresses;
}

/**
 * A role of `roles:`, in its home cluster's stack: the trust of every
 * workload naming it (see `sharedTrustStatements`), its permissions, and
 * its ARN as output. The workloads' service accounts and associations are
 * in their own clusters' stacks, which name it by ARN.
 */
export class SharedRole extends Construct {
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: SharedRoleProps) {
    super(scope, id);
    const { role, addresses } = props;
    const trust = new TrustPolicy(this, "trust", { label: addresses.trustDocument, statements: sharedTrustDocument(role.members) });
    const created = new WorkloadRole(this, "role", {
      label: addresses.role,
      permissionsLabel: addresses.permissionsDocument,
      roleName: role.roleName,
      path: role.rolePath,
      description: role.description,
      assumeRolePolicy: trust.json,
      permissionsBoundaryArn: role.permissionsBoundaryArn,
      maxSessionDuration: role.maxSessionDuration,
      tags: role.tags,
      attachments: addresses.attachments,
      inlinePolicyName: role.inlinePolicyName,
      policyStatements: role.policyStatements,
      protect: role.protect,
      exclusivePolicies: role.exclusivePolicies,
    });
    this.roleArn = created.arn;
    const output = new TerraformOutput(this, "role-arn", { value: created.arn, description: `The shared role ${role.key}` });
    output.overrideLogicalId(addresses.roleArnOutput);
  }
}
