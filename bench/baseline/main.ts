/**
 * The benchmark's baseline: the same kinds of IRSA resources as irsa-gen,
 * written the way cdktf's TypeScript template invites. One construct per
 * resource, typed getters (tokens) for references, default App settings,
 * `app.synth()`, no validation.
 *
 * It builds from the bench's synthetic configs what irsa-gen builds from
 * them (bench/configs.ts), block for block: per workload the trust and
 * permissions documents, the role, its attachments and inline policy, the
 * drift lock (`aws_iam_role_policy_attachments_exclusive`,
 * `aws_iam_role_policies_exclusive`; off for adopted roles, as irsa-gen's
 * default), the service account, the EKS Pod Identity association (with
 * `identity: pod-identity` or `both`, and a second trust statement), the
 * role's ARN as output; `moved` blocks for renamed workloads (`previously:`),
 * `import` blocks for adopted ones and adopted OIDC providers; the Pod
 * Identity agent add-on. What it does not
 * do: validate anything, presets other than the two the bench uses (their
 * policies are written out below, as a user without presets would), the
 * backends, partitions, lookups and retirements irsa-gen offers, and the
 * drift-safe labels (its addresses are the construct ids).
 *
 * Import and moved blocks are written as stack overrides, as irsa-gen
 * writes them: cdktf's own `importFrom(id)` adds a validation that runs
 * `terraform version` once per imported resource at synth time, and
 * `moveFromId` one per stack, which would measure process starts rather
 * than synthesis (and need Terraform installed).
 *
 * It runs two ways (see bench/run.ts): as the template runs it (`cdktf synth`
 * with `"app": "npx ts-node main.ts"`), and compiled with tsc and started
 * with node. So it must compile both with the template's tsconfig (lib
 * es2018, no esModuleInterop) and with the project's (strict, isolated
 * modules): no library calls newer than ES2018.
 *
 * Provider classes come from their single-resource modules only: a package
 * root such as "@cdktf/provider-aws" costs seconds and hundreds of MB to load,
 * which would measure the import rather than the synthesis.
 *
 * Reads $IRSA_CONFIG, else irsa.yaml.
 */
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsEksClusterAuth } from "@cdktf/provider-aws/lib/data-aws-eks-cluster-auth";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePoliciesExclusive } from "@cdktf/provider-aws/lib/iam-role-policies-exclusive";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamRolePolicyAttachmentsExclusive } from "@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { DataTlsCertificate } from "@cdktf/provider-tls/lib/data-tls-certificate";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { App, Fn, TerraformOutput, TerraformResource, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { readFileSync } from "fs";
import { parse } from "yaml";

interface Statement {
  effect?: "Allow" | "Deny";
  actions: string[];
  resources: string[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

/** The settings a workload inherits from its cluster and from `defaults:`. */
interface Inherited {
  tags?: Record<string, string>;
  rolePath?: string;
  createNamespace?: boolean;
  createServiceAccount?: boolean;
  identity?: "irsa" | "pod-identity" | "both";
  exclusivePolicies?: boolean;
  podIdentityAgent?: boolean;
  oidcProvider?: string;
}

interface Workload extends Inherited {
  namespace: string;
  serviceAccount: string;
  managedPolicyArns?: string[];
  policyStatements?: Statement[];
  presets?: (string | { name: string; workspaceArns?: string[] })[];
  adopt?: { role: string; inlinePolicy?: string; attachments?: boolean; serviceAccount?: boolean };
  previously?: { namespace?: string; serviceAccount?: string };
}

interface Cluster extends Inherited {
  name: string;
  region: string;
  accountId?: string;
  oidcIssuerUrl?: string;
  workloads: Workload[];
}

interface ConfigFile {
  defaults?: Inherited;
  clusters: Cluster[];
}

/** The two presets the bench's configs use, written out. */
function presetPolicies(workload: Workload): { managedPolicyArns: string[]; statements: Statement[] } {
  const managedPolicyArns: string[] = [];
  const statements: Statement[] = [];
  for (const preset of workload.presets || []) {
    const name = typeof preset === "string" ? preset : preset.name;
    if (name === "cloudwatch-observability") {
      managedPolicyArns.push("arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy", "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess");
    } else if (name === "amazon-managed-prometheus" && typeof preset !== "string") {
      statements.push({
        actions: ["aps:RemoteWrite", "aps:QueryMetrics", "aps:GetSeries", "aps:GetLabels", "aps:GetMetricMetadata"],
        resources: preset.workspaceArns || [],
      });
    } else {
      throw new Error(`the baseline does not know the preset ${name}`);
    }
  }
  return { managedPolicyArns, statements };
}

class IrsaStack extends TerraformStack {
  /** Import and moved blocks, written as stack overrides (see the top of this file). */
  private readonly imports: { to: string; id: string }[] = [];
  private readonly moves: { from: string; to: string }[] = [];

  constructor(scope: Construct, cluster: Cluster, defaults: Inherited) {
    super(scope, cluster.name);

    new AwsProvider(this, "aws", {
      region: cluster.region,
      allowedAccountIds: cluster.accountId ? [cluster.accountId] : undefined,
      defaultTags: [{ tags: { "managed-by": "irsa-baseline", cluster: cluster.name, ...defaults.tags, ...cluster.tags } }],
    });

    const eks = new DataAwsEksCluster(this, "eks", { name: cluster.name });
    const eksAuth = new DataAwsEksClusterAuth(this, "eks-auth", { name: cluster.name });
    new KubernetesProvider(this, "kubernetes", {
      host: eks.endpoint,
      clusterCaCertificate: Fn.base64decode(eks.certificateAuthority.get(0).data),
      token: eksAuth.token,
    });
    if (cluster.podIdentityAgent ?? defaults.podIdentityAgent ?? false) {
      new EksAddon(this, "pod-identity-agent", { clusterName: cluster.name, addonName: "eks-pod-identity-agent" });
    }

    const issuerUrl = cluster.oidcIssuerUrl ?? eks.identity.get(0).oidc.get(0).issuer;
    const issuerHost = cluster.oidcIssuerUrl ? cluster.oidcIssuerUrl.replace("https://", "") : Fn.replace(issuerUrl, "https://", "");
    new TlsProvider(this, "tls");
    const certificate = new DataTlsCertificate(this, "oidc-certificate", { url: issuerUrl });
    const oidcProvider = new IamOpenidConnectProvider(this, "oidc-provider", {
      url: issuerUrl,
      clientIdList: ["sts.amazonaws.com"],
      thumbprintList: [certificate.certificates.get(0).sha1Fingerprint],
    });
    if ((cluster.oidcProvider ?? defaults.oidcProvider) === "adopt" && cluster.oidcIssuerUrl) {
      this.importTo(oidcProvider, `arn:aws:iam::${cluster.accountId}:oidc-provider/${issuerHost}`);
    }

    const namespaces: { [name: string]: boolean } = {};
    for (const workload of cluster.workloads) {
      const createNamespace = workload.createNamespace ?? cluster.createNamespace ?? defaults.createNamespace ?? false;
      if (createNamespace && !namespaces[workload.namespace]) {
        namespaces[workload.namespace] = true;
        new NamespaceV1(this, `namespace-${workload.namespace}`, { metadata: { name: workload.namespace } });
      }
      this.addWorkload(cluster, defaults, workload, oidcProvider.arn, issuerHost);
    }
    if (this.imports.length > 0) this.addOverride("import", this.imports);
    if (this.moves.length > 0) this.addOverride("moved", this.moves);
  }

  private importTo(resource: TerraformResource, id: string): void {
    this.imports.push({ to: `${resource.terraformResourceType}.${resource.friendlyUniqueId}`, id });
  }

  private moveFrom(resource: TerraformResource, from: string): void {
    this.moves.push({ from, to: `${resource.terraformResourceType}.${resource.friendlyUniqueId}` });
  }

  private addWorkload(cluster: Cluster, defaults: Inherited, workload: Workload, oidcProviderArn: string, issuerHost: string): void {
    const id = `${workload.namespace}-${workload.serviceAccount}`;
    const previousId = workload.previously
      ? `${workload.previously.namespace ?? workload.namespace}-${workload.previously.serviceAccount ?? workload.serviceAccount}`
      : undefined;
    /** Moves a renamed workload's resource from its construct id under the earlier name. */
    const moved = <T extends TerraformResource>(resource: T, suffix: string): T => {
      if (previousId) this.moveFrom(resource, `${resource.terraformResourceType}.${previousId}-${suffix}`);
      return resource;
    };
    const subject = `system:serviceaccount:${workload.namespace}:${workload.serviceAccount}`;
    const identity = workload.identity ?? cluster.identity ?? defaults.identity ?? "irsa";
    const adopt = workload.adopt;

    const statements: DataAwsIamPolicyDocumentStatement[] = [];
    if (identity !== "pod-identity") {
      statements.push({
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [oidcProviderArn] }],
        condition: [
          { test: "StringEquals", variable: `${issuerHost}:sub`, values: [subject] },
          { test: "StringEquals", variable: `${issuerHost}:aud`, values: ["sts.amazonaws.com"] },
        ],
      });
    }
    if (identity !== "irsa") {
      statements.push({
        effect: "Allow",
        actions: ["sts:AssumeRole", "sts:TagSession"],
        principals: [{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [cluster.accountId || ""] },
          {
            test: "StringEquals",
            variable: "aws:RequestTag/eks-cluster-arn",
            values: [`arn:aws:eks:${cluster.region}:${cluster.accountId}:cluster/${cluster.name}`],
          },
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: [workload.namespace] },
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: [workload.serviceAccount] },
        ],
      });
    }
    const trust = new DataAwsIamPolicyDocument(this, `${id}-trust`, { statement: statements });

    const roleName = adopt ? adopt.role : `${cluster.name}-${workload.namespace}-${workload.serviceAccount}`.slice(0, 64);
    const role = moved(
      new IamRole(this, `${id}-role`, {
        name: roleName,
        path: workload.rolePath ?? cluster.rolePath ?? defaults.rolePath ?? "/",
        description: `IRSA role of ${subject} on EKS cluster ${cluster.name}`,
        assumeRolePolicy: trust.json,
        tags: { ...defaults.tags, ...cluster.tags, ...workload.tags },
      }),
      "role",
    );
    if (adopt) this.importTo(role, roleName);

    const presets = presetPolicies(workload);
    const managedPolicyArns = presets.managedPolicyArns.concat(workload.managedPolicyArns ?? []);
    managedPolicyArns.forEach((policyArn, index) => {
      const attachment = moved(new IamRolePolicyAttachment(this, `${id}-managed-${index}`, { role: role.name, policyArn }), `managed-${index}`);
      if (adopt && adopt.attachments) this.importTo(attachment, `${roleName}/${policyArn}`);
    });

    const policyStatements = presets.statements.concat(workload.policyStatements ?? []);
    const inlinePolicyName = (adopt && adopt.inlinePolicy) || "permissions";
    if (policyStatements.length > 0) {
      const permissions = new DataAwsIamPolicyDocument(this, `${id}-permissions`, {
        statement: policyStatements.map((s) => ({
          effect: s.effect ?? "Allow",
          actions: s.actions,
          resources: s.resources,
          condition: s.conditions,
        })),
      });
      const inline = moved(new IamRolePolicy(this, `${id}-inline`, { name: inlinePolicyName, role: role.name, policy: permissions.json }), "inline");
      if (adopt && adopt.inlinePolicy) this.importTo(inline, `${roleName}:${inlinePolicyName}`);
    }

    // The drift lock, on by default and off for an adopted role, as in irsa-gen.
    if (workload.exclusivePolicies ?? cluster.exclusivePolicies ?? defaults.exclusivePolicies ?? !adopt) {
      moved(new IamRolePolicyAttachmentsExclusive(this, `${id}-managed-lock`, { roleName: role.name, policyArns: managedPolicyArns }), "managed-lock");
      moved(
        new IamRolePoliciesExclusive(this, `${id}-inline-lock`, { roleName: role.name, policyNames: policyStatements.length > 0 ? [inlinePolicyName] : [] }),
        "inline-lock",
      );
    }

    const createServiceAccount = workload.createServiceAccount ?? cluster.createServiceAccount ?? defaults.createServiceAccount ?? true;
    if (createServiceAccount) {
      const serviceAccount = moved(
        new ServiceAccountV1(this, `${id}-service-account`, {
          metadata: {
            name: workload.serviceAccount,
            namespace: workload.namespace,
            annotations: identity === "pod-identity" ? undefined : { "eks.amazonaws.com/role-arn": role.arn },
          },
        }),
        "service-account",
      );
      if (adopt && adopt.serviceAccount) this.importTo(serviceAccount, `${workload.namespace}/${workload.serviceAccount}`);
    }

    if (identity !== "irsa") {
      moved(
        new EksPodIdentityAssociation(this, `${id}-pod-identity`, {
          clusterName: cluster.name,
          namespace: workload.namespace,
          serviceAccount: workload.serviceAccount,
          roleArn: role.arn,
        }),
        "pod-identity",
      );
    }

    new TerraformOutput(this, `${id}-role-arn`, { value: role.arn });
  }
}

const file = parse(readFileSync(process.env.IRSA_CONFIG || "irsa.yaml", "utf8")) as ConfigFile;
const app = new App();
for (const cluster of file.clusters) {
  new IrsaStack(app, cluster, file.defaults ?? {});
}
app.synth();
