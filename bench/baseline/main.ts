/**
 * The benchmark's baseline: the same kinds of IRSA resources as irsa-gen,
 * written the way cdktf's TypeScript template invites. One construct per
 * resource, typed getters (tokens) for references, default App settings,
 * `app.synth()`, no validation and no presets.
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
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { DataTlsCertificate } from "@cdktf/provider-tls/lib/data-tls-certificate";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { App, Fn, TerraformOutput, TerraformStack } from "cdktf";
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
}

interface Workload extends Inherited {
  namespace: string;
  serviceAccount: string;
  managedPolicyArns?: string[];
  policyStatements?: Statement[];
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

class IrsaStack extends TerraformStack {
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

    const issuerUrl = cluster.oidcIssuerUrl ?? eks.identity.get(0).oidc.get(0).issuer;
    const issuerHost = cluster.oidcIssuerUrl ? cluster.oidcIssuerUrl.replace("https://", "") : Fn.replace(issuerUrl, "https://", "");
    new TlsProvider(this, "tls");
    const certificate = new DataTlsCertificate(this, "oidc-certificate", { url: issuerUrl });
    const oidcProvider = new IamOpenidConnectProvider(this, "oidc-provider", {
      url: issuerUrl,
      clientIdList: ["sts.amazonaws.com"],
      thumbprintList: [certificate.certificates.get(0).sha1Fingerprint],
    });

    const namespaces: { [name: string]: boolean } = {};
    for (const workload of cluster.workloads) {
      const createNamespace = workload.createNamespace ?? cluster.createNamespace ?? defaults.createNamespace ?? false;
      if (createNamespace && !namespaces[workload.namespace]) {
        namespaces[workload.namespace] = true;
        new NamespaceV1(this, `namespace-${workload.namespace}`, { metadata: { name: workload.namespace } });
      }
      this.addWorkload(cluster, defaults, workload, oidcProvider.arn, issuerHost);
    }
  }

  private addWorkload(cluster: Cluster, defaults: Inherited, workload: Workload, oidcProviderArn: string, issuerHost: string): void {
    const id = `${workload.namespace}-${workload.serviceAccount}`;
    const subject = `system:serviceaccount:${workload.namespace}:${workload.serviceAccount}`;

    const trust = new DataAwsIamPolicyDocument(this, `${id}-trust`, {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [oidcProviderArn] }],
          condition: [
            { test: "StringEquals", variable: `${issuerHost}:sub`, values: [subject] },
            { test: "StringEquals", variable: `${issuerHost}:aud`, values: ["sts.amazonaws.com"] },
          ],
        },
      ],
    });

    const role = new IamRole(this, `${id}-role`, {
      name: `${cluster.name}-${workload.namespace}-${workload.serviceAccount}`.slice(0, 64),
      path: workload.rolePath ?? cluster.rolePath ?? defaults.rolePath ?? "/",
      description: `IRSA role of ${subject} on EKS cluster ${cluster.name}`,
      assumeRolePolicy: trust.json,
      tags: { ...defaults.tags, ...cluster.tags, ...workload.tags },
    });

    (workload.managedPolicyArns ?? []).forEach((policyArn, index) => {
      new IamRolePolicyAttachment(this, `${id}-managed-${index}`, { role: role.name, policyArn });
    });

    if (workload.policyStatements && workload.policyStatements.length > 0) {
      const permissions = new DataAwsIamPolicyDocument(this, `${id}-permissions`, {
        statement: workload.policyStatements.map((s) => ({
          effect: s.effect ?? "Allow",
          actions: s.actions,
          resources: s.resources,
          condition: s.conditions,
        })),
      });
      new IamRolePolicy(this, `${id}-inline`, { name: "permissions", role: role.name, policy: permissions.json });
    }

    const createServiceAccount = workload.createServiceAccount ?? cluster.createServiceAccount ?? defaults.createServiceAccount ?? true;
    if (createServiceAccount) {
      new ServiceAccountV1(this, `${id}-service-account`, {
        metadata: {
          name: workload.serviceAccount,
          namespace: workload.namespace,
          annotations: { "eks.amazonaws.com/role-arn": role.arn },
        },
      });
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
