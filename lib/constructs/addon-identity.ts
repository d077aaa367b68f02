import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { TerraformOutput, type TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { addonStateBlocks } from "../model/addresses";
import type { AddonAddresses } from "../model/model";
import { mechanismsOf } from "../model/mechanisms";
import type { AddonConfig } from "../model/model";
import { RESOLVE_CONFLICTS } from "../aws/eks-addons";
import type { StateBlocks } from "./state-blocks";
import { TrustPolicy } from "./trust-policy";
import { workloadTrust, type IrsaTrust, type PodIdentityTrust } from "../model/trust-statements";
import { importAdopted, roleProps } from "./workload-identity";
import { WorkloadRole } from "./workload-role";

export interface AddonIdentityProps {
  readonly addon: AddonConfig;
  /** The labels of the add-on's blocks, from the stack's address registry. */
  readonly addresses: AddonAddresses;
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** What an IRSA trust names; present when some role of the cluster uses IRSA. */
  readonly irsa?: IrsaTrust;
  /** What a Pod Identity trust names; present when some role of the cluster uses EKS Pod Identity. */
  readonly podIdentity?: PodIdentityTrust;
  /**
   * The Pod Identity agent's add-on, when the stack manages it: an add-on on
   * Pod Identity is created after it, so its pods find the agent running.
   * @default none
   */
  readonly agent?: TerraformResource;
  /** Where the add-on's `import` blocks go (adoption). */
  readonly stateBlocks: StateBlocks;
}

/**
 * An EKS add-on and its role: the trust (the same statements a workload on
 * the add-on's service account gets, from trust-statements.ts), the role
 * with its permissions, and `aws_eks_addon` naming the role
 * (`service_account_role_arn` for IRSA, `pod_identity_association` for
 * EKS Pod Identity), since EKS owns the add-on's service account.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_addon
 */
export class AddonIdentity extends Construct {
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: AddonIdentityProps) {
    super(scope, id);
    const { addon, addresses } = props;
    const role = addon.role;
    const trust = new TrustPolicy(this, "trust", { label: addresses.trustDocument, trust: workloadTrust(role, props) });
    const created = new WorkloadRole(this, "role", roleProps(role, addresses, trust.json));
    this.roleArn = created.arn;

    // Only cluster_name and addon_name force a new add-on; the version, the
    // role and the association are updated in place (hashicorp/aws
    // internal/service/eks/addon.go), so adopting an add-on and pointing it
    // at this role replaces nothing.
    const eksAddon = new EksAddon(this, "addon", {
      clusterName: props.clusterName,
      addonName: addon.name,
      ...(addon.version !== undefined ? { addonVersion: addon.version } : {}),
      ...(mechanismsOf(role.identity).podIdentity ? { podIdentityAssociation: [{ roleArn: created.arn, serviceAccount: role.serviceAccount }] } : { serviceAccountRoleArn: created.arn }),
      resolveConflictsOnCreate: RESOLVE_CONFLICTS.onCreate,
      resolveConflictsOnUpdate: RESOLVE_CONFLICTS.onUpdate,
      ...(role.protect ? { lifecycle: { preventDestroy: true } } : {}),
    });
    eksAddon.overrideLogicalId(addresses.addon);
    if (props.agent && mechanismsOf(role.identity).podIdentity) {
      // The agent's address as a literal, not cdktf's `dependsOn` (a token):
      // the stack is then written without token resolution (literal-terraform.ts).
      eksAddon.addOverride("depends_on", [`${props.agent.terraformResourceType}.${props.agent.friendlyUniqueId}`]);
    }

    // Import ids: hashicorp/aws's `<cluster>:<addon>` for the add-on (the
    // "Import" section of its aws_eks_addon page), and a workload's for the role.
    if (addon.adoptAddon) props.stateBlocks.importTo(`aws_eks_addon.${addresses.addon}`, `${props.clusterName}:${addon.name}`);
    // The role's blocks from the one list of the add-on's blocks (the add-on imports itself above).
    importAdopted(props.stateBlocks, role, addonStateBlocks(addon).filter((b) => b.kind !== "addon"), props.clusterName);

    const output = new TerraformOutput(this, "role-arn", { value: created.arn, description: `The role of the EKS add-on ${addon.name}` });
    output.overrideLogicalId(addresses.roleArnOutput);
  }
}
