import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsEksClusterAuth } from "@cdktf/provider-aws/lib/data-aws-eks-cluster-auth";
import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformLocal, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { accountProviderLabel, stackShape, workloadKey, type StackShape } from "../model/addresses";
import { addBackend, backendTerraformMinor } from "./backend";
import { attributeOf, expression, referenceTo } from "./expression";
import type { ClusterConfig, RoleAccountConfig } from "../model/model";
import { OidcProvider } from "./oidc-provider";
import { StateBlocks } from "./state-blocks";
import { clusterTrust } from "../model/trust-statements";
import { SharedRole } from "./shared-role";
import { SharedRoleWorkload } from "./shared-role-workload";
import { WorkloadIdentity } from "./workload-identity";
import { AddonIdentity } from "./addon-identity";

export interface ClusterStackProps {
  readonly cluster: ClusterConfig;
  /**
   * The project folder as seen from the stack's output folder, for local
   * state paths.
   * @default "../../.." (the stack folder is `<outdir>/stacks/<name>`)
   */
  readonly stateDir?: string;
  /**
   * Addresses the previous output managed that the config no longer does,
   * to let go of without destroying (the law's verdict; see ledger.ts).
   * @default none
   */
  readonly releases?: readonly string[];
  /**
   * What the stack manages again after letting go of it, to import: it
   * still exists (the law's verdict; see ledger.ts).
   * @default none
   */
  readonly reimports?: readonly { readonly to: string; readonly id: string }[];
  /**
   * Accounts no role of the config is in any more, in which the stack
   * still destroys or lets go of something: their AWS provider stays
   * until then (the law's verdict; see ledger.ts).
   * @default none
   */
  readonly formerAccounts?: readonly RoleAccountConfig[];
  /**
   * The config file as the user sees it, named in the HCL's header.
   * @default "irsa.yaml"
   */
  readonly sourceFile?: string;
}

/**
 * One EKS cluster's IRSA: the OIDC provider and, for each workload, its
 * role and service account. One stack per cluster, so clusters plan and
 * apply independently (one Terraform workspace each).
 */
export class ClusterStack extends TerraformStack {
  /** The config file as the user sees it (see `ClusterStackProps.sourceFile`). */
  public readonly sourceFile: string;

  constructor(scope: Construct, props: ClusterStackProps) {
    const { cluster } = props;
    super(scope, cluster.name);
    this.sourceFile = props.sourceFile ?? "irsa.yaml";
    addBackend(this, cluster.backend, props.stateDir ?? "../../..");

    new AwsProvider(this, "aws", {
      region: cluster.region,
      ...(cluster.accountId ? { allowedAccountIds: [cluster.accountId] } : {}),
      defaultTags: [{ tags: { ...cluster.tags } }],
    });
    const accountProviders = this.addAccountProviders(cluster, props.formerAccounts ?? []);

    // Which of the cluster's own blocks exist is decided once, with the addresses.
    const shape = stackShape(cluster);
    const eks = shape.clusterData ? new DataAwsEksCluster(this, "eks", { name: cluster.name, ...adoptedProviderCheck(cluster) }) : undefined;
    eks?.overrideLogicalId("cluster");

    const stateBlocks = new StateBlocks(this, "state");
    stateBlocks.requireTerraform(backendTerraformMinor(cluster.backend));
    // What the trusts name is decided from the config alone (the report
    // reads the same); here the blocks those names refer to are made.
    const { irsa, podIdentity, accounts } = clusterTrust(cluster);
    if (irsa || accounts) this.addOidcProviders(cluster, shape, eks, stateBlocks, accountProviders);
    if (podIdentity && cluster.accountId === undefined) new DataAwsCallerIdentity(this, "caller-identity").overrideLogicalId("current");
    let agent: EksAddon | undefined;
    if (cluster.podIdentityAgent) {
      // The agent that serves Pod Identity credentials on each node.
      // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html
      agent = new EksAddon(this, "pod-identity-agent", { clusterName: cluster.name, addonName: "eks-pod-identity-agent" });
      agent.overrideLogicalId("pod_identity_agent");
    }

    if (shape.kubernetes) this.addKubernetesProvider(cluster, eks!);
    // The prebuilt providers declare the short source ("aws") and an exact
    // version; write the namespace as hand-written Terraform does, and a
    // constraint the organisation may choose (a pin would force everyone to
    // override it).
    this.requireProvider("aws", "hashicorp/aws", cluster.providerVersions.aws);
    if (shape.kubernetes) this.requireProvider("kubernetes", "hashicorp/kubernetes", cluster.providerVersions.kubernetes);
    // (A retired cluster keeps the requirement its provider had, as before.)
    if ((cluster.oidcProvider.mode === "create" && cluster.oidcProvider.thumbprint) || shape.thumbprint) this.requireProvider("tls", "hashicorp/tls", cluster.providerVersions.tls);

    // Labels and construct ids come from the address registry the validator
    // checked: no two blocks can meet on one address.
    const namespaceRefs = new Map<string, string>();
    for (const [namespace, address] of Object.entries(cluster.addresses.namespaces)) {
      const resource = new NamespaceV1(this, address.construct, { metadata: { name: namespace } });
      resource.overrideLogicalId(address.label);
      namespaceRefs.set(namespace, attributeOf(resource, "metadata[0].name"));
    }

    // What the stack lets go of without destroying it: retired workloads'
    // blocks, namespaces, a retired cluster's provider (see addresses.ts),
    // and what the previous output created that the config no longer does.
    for (const address of new Set([...cluster.addresses.releases, ...(props.releases ?? [])])) stateBlocks.release(address);
    for (const { to, id } of props.reimports ?? []) stateBlocks.importTo(to, id);

    // Shared roles homed here, before the workloads that refer to them.
    const sharedArns = new Map<string, string>();
    for (const role of cluster.sharedRoles ?? []) {
      if (role.retire !== undefined) continue;
      const addresses = cluster.addresses.sharedRoles![role.key];
      sharedArns.set(role.key, new SharedRole(this, addresses.construct, { role, addresses }).roleArn);
    }

    for (const workload of cluster.workloads) {
      if (workload.retire !== undefined) continue;
      if (workload.sharedRole !== undefined) {
        // A pattern has no blocks of its own: the shared role's trust names it.
        if (workload.sharedRole.pattern !== undefined) continue;
        const addresses = cluster.addresses.workloads[workloadKey(workload)];
        const roleArn = workload.sharedRole.arn ?? sharedArns.get(workload.sharedRole.key)!;
        new SharedRoleWorkload(this, addresses.construct, { workload, addresses, clusterName: cluster.name, roleArn, namespaceRefs });
        continue;
      }
      const addresses = cluster.addresses.workloads[workloadKey(workload)];
      new WorkloadIdentity(this, addresses.construct, {
        workload,
        addresses,
        clusterName: cluster.name,
        irsa,
        podIdentity,
        accounts,
        awsProvider: workload.roleAccount === undefined ? undefined : accountProviders.get(workload.roleAccount.label),
        namespaceRefs,
        stateBlocks,
      });
    }
    for (const addon of cluster.addons) {
      if (addon.role.retire !== undefined) continue;
      const addresses = cluster.addresses.addons[addon.name];
      new AddonIdentity(this, addresses.construct, { addon, addresses, clusterName: cluster.name, irsa, podIdentity, agent, stateBlocks });
    }
  }

  private requireProvider(name: string, source: string, version: string): void {
    this.addOverride(`terraform.required_providers.${name}.source`, source);
    this.addOverride(`terraform.required_providers.${name}.version`, version);
  }

  /**
   * One aliased AWS provider per other account the cluster's roles live in:
   * it assumes the account's role, is pinned to that account
   * (`allowed_account_ids`, so a role ARN that leads elsewhere fails the
   * plan), and has the cluster's region and default tags.
   * https://registry.terraform.io/providers/hashicorp/aws/latest/docs#assume_role-configuration-block
   */
  private addAccountProviders(cluster: ClusterConfig, former: readonly RoleAccountConfig[]): Map<string, AwsProvider> {
    const providers = new Map<string, AwsProvider>();
    for (const account of [...(cluster.roleAccounts ?? []), ...former]) {
      const provider = new AwsProvider(this, `aws-${account.label}`, {
        alias: account.label,
        region: cluster.region,
        allowedAccountIds: [account.accountId],
        assumeRole: [
          {
            roleArn: account.assumeRoleArn,
            ...(account.externalId !== undefined ? { externalId: account.externalId } : {}),
            ...(account.sessionName !== undefined ? { sessionName: account.sessionName } : {}),
          },
        ],
        defaultTags: [{ tags: { ...cluster.tags } }],
      });
      providers.set(account.label, provider);
    }
    return providers;
  }

  /**
   * The blocks an IRSA trust refers to (see TRUST_EXPRESSIONS): the OIDC
   * provider by its mode, and the issuer's host read from the cluster when
   * the config does not give it; then the cluster's provider in each other
   * account its roles live in, with that account's AWS provider. The issuer
   * is a literal when the config gives it: the condition keys are then
   * readable in the plan, and checked at synth time.
   */
  private addOidcProviders(cluster: ClusterConfig, shape: StackShape, eks: DataAwsEksCluster | undefined, stateBlocks: StateBlocks, accountProviders: ReadonlyMap<string, AwsProvider>): void {
    const issuerUrl = cluster.oidcIssuerUrl ?? attributeOf(eks!, "identity[0].oidc[0].issuer");
    const provider = shape.irsa ? cluster.oidcProvider : ({ mode: "none" } as const);
    if (provider.mode === "lookup") {
      // One provider per issuer URL in an account: the lookup is exact.
      new DataAwsIamOpenidConnectProvider(this, "oidc-provider", { url: issuerUrl }).overrideLogicalId("cluster");
    }
    if (cluster.issuerHost === undefined && (shape.accountIrsa || (provider.mode !== "existing" && provider.mode !== "none"))) {
      new TerraformLocal(this, "oidc_issuer_host", expression(`replace(${referenceTo(eks!, "identity[0].oidc[0].issuer")}, "https://", "")`));
    }
    let thumbprintList: string[] | undefined;
    if (provider.mode === "create") {
      const created = new OidcProvider(this, "oidc", { issuerUrl, thumbprint: provider.thumbprint, protect: cluster.protect });
      if (provider.importArn !== undefined) stateBlocks.importTo(created.address, provider.importArn);
      thumbprintList = created.thumbprintList;
    }
    if (!shape.accountIrsa) return;
    // The same issuer registered in each other account (IAM trusts only a
    // provider of the role's own account), with the same audience and thumbprint.
    // https://docs.aws.amazon.com/eks/latest/userguide/cross-account-access.html
    for (const account of cluster.roleAccounts ?? []) {
      const mode = account.oidcProvider;
      const label = accountProviderLabel(account.label);
      const inAccount = accountProviders.get(account.label)!;
      if (mode.mode === "lookup") {
        new DataAwsIamOpenidConnectProvider(this, `oidc-provider-${label}`, { url: issuerUrl, provider: inAccount }).overrideLogicalId(label);
      } else if (mode.mode === "create") {
        const created = new OidcProvider(this, `oidc-${label}`, { issuerUrl, thumbprint: mode.thumbprint, thumbprintList, protect: cluster.protect, label, provider: inAccount });
        if (mode.importArn !== undefined) stateBlocks.importTo(created.address, mode.importArn);
        thumbprintList ??= created.thumbprintList;
      }
    }
  }

  private addKubernetesProvider(cluster: ClusterConfig, eks: DataAwsEksCluster): void {
    const connection = {
      host: attributeOf(eks, "endpoint"),
      clusterCaCertificate: expression(`base64decode(${referenceTo(eks, "certificate_authority[0].data")})`),
    };
    if (cluster.kubernetesAuth === "exec") {
      // Needs the aws CLI where Terraform runs, and gets a fresh token on
      // every call: right for runs that wait for approval longer than the
      // ~15 minutes a token from aws_eks_cluster_auth lives.
      new KubernetesProvider(this, "kubernetes", {
        ...connection,
        exec: [
          {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", cluster.name, "--region", cluster.region],
          },
        ],
      });
      return;
    }
    // Works on runners without the aws CLI, such as Terraform Cloud's.
    const auth = new DataAwsEksClusterAuth(this, "eks-auth", { name: cluster.name });
    auth.overrideLogicalId("cluster");
    new KubernetesProvider(this, "kubernetes", { ...connection, token: attributeOf(auth, "token") });
  }
}

/**
 * An OIDC provider adopted by ARN without `oidcIssuerUrl`: the validator
 * cannot tell whether the ARN is this cluster's provider, and importing
 * another cluster's would make the plan replace it (`url` forces a new
 * provider), destroying what that cluster's roles trust. An IAM OIDC
 * provider's ARN ends in its URL without `https://`
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html),
 * so a postcondition on the cluster's data source holds the two together:
 * a wrong ARN fails the plan as soon as the issuer is read, before the
 * provider is imported or planned.
 */
function adoptedProviderCheck(cluster: ClusterConfig): { lifecycle?: { postcondition: { condition: string; errorMessage: string }[] } } {
  const provider = cluster.oidcProvider;
  if (provider.mode !== "create" || provider.importArn === undefined || cluster.oidcIssuerUrl !== undefined || cluster.issuerHost === undefined) return {};
  const expected = `https://${cluster.issuerHost}`;
  return {
    lifecycle: {
      postcondition: [
        {
          condition: expression(`self.identity[0].oidc[0].issuer == ${JSON.stringify(expected)}`),
          errorMessage: `The OIDC provider that cluster ${cluster.name} adopts (oidcProvider.adopt: ${provider.importArn}) is the provider of ${expected}, not of this cluster's issuer: importing it would replace another cluster's provider. Adopt this cluster's own provider, and give oidcIssuerUrl so that irsa-gen checks it before planning.`,
        },
      ],
    },
  };
}