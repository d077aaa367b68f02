import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsEksClusterAuth } from "@cdktf/provider-aws/lib/data-aws-eks-cluster-auth";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformLocal, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { workloadKey } from "./addresses";
import { addBackend } from "./backend";
import { attributeOf, expression, referenceTo } from "./expression";
import type { ClusterConfig } from "./config/model";
import { OidcProvider } from "./oidc-provider";
import { WorkloadIdentity } from "./workload-identity";

export interface ClusterStackProps {
  readonly cluster: ClusterConfig;
  /**
   * The project folder as seen from the stack's output folder, for local
   * state paths.
   * @default "../../.." (the stack folder is `<outdir>/stacks/<name>`)
   */
  readonly stateDir?: string;
}

/**
 * One EKS cluster's IRSA: the OIDC provider and, for each workload, its
 * role and service account. One stack per cluster, so clusters plan and
 * apply independently (one Terraform workspace each).
 */
export class ClusterStack extends TerraformStack {
  constructor(scope: Construct, props: ClusterStackProps) {
    const { cluster } = props;
    super(scope, cluster.name);
    addBackend(this, cluster.backend, props.stateDir ?? "../../..");

    new AwsProvider(this, "aws", {
      region: cluster.region,
      ...(cluster.accountId ? { allowedAccountIds: [cluster.accountId] } : {}),
      defaultTags: [{ tags: { ...cluster.tags } }],
    });

    const createsKubernetesObjects = cluster.workloads.some((w) => w.createServiceAccount || w.createNamespace);
    const needsClusterData = createsKubernetesObjects || cluster.oidcIssuerUrl === undefined;
    const eks = needsClusterData ? new DataAwsEksCluster(this, "eks", { name: cluster.name }) : undefined;
    eks?.overrideLogicalId("cluster");

    // The issuer as a literal when the config gives it: the trust policy's
    // condition keys are then readable in the plan, and checked at synth time.
    const issuerUrl = cluster.oidcIssuerUrl ?? attributeOf(eks!, "identity[0].oidc[0].issuer");
    const issuerHost = this.issuerHost(cluster, eks);

    const oidcProviderArn =
      cluster.existingOidcProviderArn ??
      new OidcProvider(this, "oidc", { issuerUrl, thumbprint: cluster.oidcThumbprint, protect: cluster.protect }).arn;

    if (createsKubernetesObjects) this.addKubernetesProvider(cluster, eks!);
    // The prebuilt providers declare the short source ("aws"); spell out the
    // namespace as hand-written Terraform does. Same provider either way.
    this.addOverride("terraform.required_providers.aws.source", "hashicorp/aws");
    if (createsKubernetesObjects) this.addOverride("terraform.required_providers.kubernetes.source", "hashicorp/kubernetes");

    // Labels and construct ids come from the address registry the validator
    // checked: no two blocks can meet on one address.
    const namespaceRefs = new Map<string, string>();
    for (const [namespace, address] of Object.entries(cluster.addresses.namespaces)) {
      const resource = new NamespaceV1(this, address.construct, { metadata: { name: namespace } });
      resource.overrideLogicalId(address.label);
      namespaceRefs.set(namespace, attributeOf(resource, "metadata[0].name"));
    }

    for (const workload of cluster.workloads) {
      const addresses = cluster.addresses.workloads[workloadKey(workload)];
      new WorkloadIdentity(this, addresses.construct, {
        workload,
        addresses,
        oidcProviderArn,
        issuerHost,
        namespaceRef: namespaceRefs.get(workload.namespace),
      });
    }
  }

  /** The validator's canonical issuer host when the config gives it, else derived from the cluster at plan time. */
  private issuerHost(cluster: ClusterConfig, eks: DataAwsEksCluster | undefined): string {
    if (cluster.issuerHost !== undefined) return cluster.issuerHost;
    const name = "oidc_issuer_host";
    new TerraformLocal(this, name, expression(`replace(${referenceTo(eks!, "identity[0].oidc[0].issuer")}, "https://", "")`));
    return expression(`local.${name}`);
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
