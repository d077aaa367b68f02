/**
 * An EKS endpoint on 127.0.0.1, for the cluster's data source.
 */
import { createServer } from "node:http";

import { listening } from "./fake-iam";

export interface FakeEks {
  /** The endpoint, for the aws provider's `endpoints { eks = … }`. */
  readonly url: string;
  /** Every call received, as `DescribeCluster <name>`. */
  readonly calls: readonly string[];
  close(): Promise<void>;
}

/** An EKS add-on that exists outside Terraform, as DescribeAddon describes it (IRSA, or no role). */
export interface ExistingAddon {
  readonly cluster: string;
  readonly name: string;
  readonly version: string;
  /** The role EKS gives the add-on's service account (`service_account_role_arn`). */
  readonly serviceAccountRoleArn?: string;
}

/**
 * An EKS REST API on 127.0.0.1 that answers DescribeCluster
 * (`GET /clusters/<name>`) for `clusters` (name → issuer URL), with what
 * `data.aws_eks_cluster` reads of it here: the ARN, the status and the OIDC
 * issuer; and DescribeAddon (`GET /clusters/<name>/addons/<addon>`) for
 * `addons`, with what an import of `aws_eks_addon` reads. Any other call is
 * refused, naming it.
 */
export async function startFakeEks(clusters: Readonly<Record<string, string>>, accountId = "123456789012", region = "eu-west-1", addons: readonly ExistingAddon[] = []): Promise<FakeEks> {
  const calls: string[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const addonMatch = request.method === "GET" ? /^\/clusters\/([^/?]+)\/addons\/([^/?]+)/.exec(request.url ?? "") : null;
      if (addonMatch) {
        const [cluster, name] = [decodeURIComponent(addonMatch[1]), decodeURIComponent(addonMatch[2])];
        calls.push(`DescribeAddon ${cluster} ${name}`);
        const addon = addons.find((a) => a.cluster === cluster && a.name === name);
        const text = JSON.stringify(
          addon
            ? {
                addon: {
                  addonName: name,
                  clusterName: cluster,
                  status: "ACTIVE",
                  addonVersion: addon.version,
                  addonArn: `arn:aws:eks:${region}:${accountId}:addon/${cluster}/${name}/00000000-0000-0000-0000-000000000000`,
                  createdAt: 1577836800,
                  modifiedAt: 1577836800,
                  health: { issues: [] },
                  ...(addon.serviceAccountRoleArn !== undefined ? { serviceAccountRoleArn: addon.serviceAccountRoleArn } : {}),
                  podIdentityAssociations: [],
                  tags: {},
                },
              }
            : { message: `No addon: ${name} found in cluster: ${cluster}` },
        );
        response.writeHead(addon ? 200 : 404, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...(addon ? {} : { "x-amzn-ErrorType": "ResourceNotFoundException" }) });
        response.end(text);
        return;
      }
      const match = /^\/clusters\/([^/?]+)/.exec(request.url ?? "");
      const name = match ? decodeURIComponent(match[1]) : undefined;
      calls.push(name !== undefined && request.method === "GET" ? `DescribeCluster ${name}` : `${request.method} ${request.url}`);
      const issuer = name !== undefined ? clusters[name] : undefined;
      const [status, body] =
        request.method === "GET" && issuer !== undefined
          ? [
              200,
              {
                cluster: {
                  name,
                  arn: `arn:aws:eks:${region}:${accountId}:cluster/${name}`,
                  // The aws provider's data source dereferences these without a nil check (5.100.0).
                  createdAt: 1577836800,
                  status: "ACTIVE",
                  version: "1.31",
                  platformVersion: "eks.1",
                  endpoint: `https://${name}.example.invalid`,
                  roleArn: `arn:aws:iam::${accountId}:role/eks-cluster`,
                  certificateAuthority: { data: "LS0tLS1CRUdJTg==" },
                  identity: { oidc: { issuer } },
                  kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: "172.20.0.0/16" },
                  vpcConfig: { subnetIds: [], securityGroupIds: [], endpointPrivateAccess: false, endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] },
                  accessConfig: { authenticationMode: "API_AND_CONFIG_MAP" },
                  tags: {},
                },
              },
            ]
          : [404, { message: `this test endpoint does not answer ${request.method} ${request.url}` }];
      const text = JSON.stringify(body);
      response.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...(status === 404 ? { "x-amzn-ErrorType": "ResourceNotFoundException" } : {}) });
      response.end(text);
    });
  });
  return listening(server, calls);
}
