/**
 * The bad configs of the validation tests, as tables: validate.test.ts holds
 * the validator to each message, and json-schema.test.ts holds the JSON
 * Schema to refusing each one whose problem is one of shape.
 */
import { file, GRANT, READ, statement } from "./refusal";

/** [what, file, line, path, fragment of the message] */
export type BadConfig = [string, string, number, string, string];

/** A one-cluster file whose workloads are these lines (indented under `workloads:`, line 5 on). */
export const workloads = (...lines: string[]) => ["clusters:", "  - name: prod", "    region: eu-west-1", "    workloads:", ...lines.map((l) => `      ${l}`), ""].join("\n");
export const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
/** One cluster with two workloads' lines. */
export const two = (first: string[], second: string[], extra = "") =>
  ["clusters:", "  - name: prod", "    region: eu-west-1", ...(extra ? [`    ${extra}`] : []), "    workloads:", ...first.map((l) => `      ${l}`), ...second.map((l) => `      ${l}`), ""].join("\n");
const condition = (value: string) => statement(`- actions: [s3:GetObject]`, `  ${READ}`, "  conditions:", `    - { test: StringEquals, variable: "aws:PrincipalTag/team", values: [${JSON.stringify(value)}] }`);

export const REFUSED: BadConfig[] = [
    ["a cluster name that EKS rejects", file().replace("name: prod", "name: -prod"), 2, "clusters[0].name", "is not a valid EKS cluster name"],
    ["a region that is not a region", file().replace("eu-west-1", "eu-west"), 3, "clusters[0].region", "is not an AWS region code"],
    ["an account id of the wrong length", file(['accountId: "1234"']), 4, "clusters[0].accountId", "must be exactly 12 digits"],
    ["an unquoted account id", file(["accountId: 111122223333"]), 4, "clusters[0].accountId", "Quote it"],
    ["releasesApplied naming something else than an address", file(["releasesApplied: [kubernetes namespace]"]), 4, "clusters[0].releasesApplied[0]", "is not a Terraform resource address"],
    ["releasesApplied naming an address twice", file(["releasesApplied: [kubernetes_namespace_v1.a, kubernetes_namespace_v1.a]"]), 4, "clusters[0].releasesApplied[1]", "is listed twice"],
    ["an http issuer", file(["oidcIssuerUrl: http://oidc.eks.eu-west-1.amazonaws.com/id/X"]), 4, "clusters[0].oidcIssuerUrl", "must use https"],
    ["an issuer with a trailing slash", file(["oidcIssuerUrl: https://oidc.eks.eu-west-1.amazonaws.com/id/X/"]), 4, "clusters[0].oidcIssuerUrl", "must not end with '/'"],
    ["an issuer with a query", file(["oidcIssuerUrl: https://oidc.eks.eu-west-1.amazonaws.com/id/X?a=b"]), 4, "clusters[0].oidcIssuerUrl", "must not have a query or fragment"],
    ["another region's issuer", file(["oidcIssuerUrl: https://oidc.eks.us-east-1.amazonaws.com/id/X"]), 4, "clusters[0].oidcIssuerUrl", "is the issuer of a cluster in us-east-1"],
    ["an OIDC provider in another partition", file(["existingOidcProviderArn: arn:aws-cn:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X"]), 4, "clusters[0].existingOidcProviderArn", "is in partition aws-cn, but eu-west-1 is in aws"],
    ["a misspelt cluster key", file(["acountId: '111122223333'"]), 4, "clusters[0].acountId", 'Did you mean "accountId"?'],
    ["a namespace with capitals", file([], [], "Payments"), 5, "clusters[0].workloads[0].namespace", "is not a valid Kubernetes namespace"],
    ["a bare * namespace", file([], [], '"*"'), 5, "clusters[0].workloads[0].namespace", "wildcards are never accepted here"],
    ["a wildcard in the namespace", file([], [], "team-*"), 5, "clusters[0].workloads[0].namespace", "wildcards are never accepted here"],
    ["a namespace over 63 characters", file([], [], "n".repeat(64)), 5, "clusters[0].workloads[0].namespace", "is not a valid Kubernetes namespace"],
    ["a wildcard service account", file([], [], "payments", "api-*"), 6, "clusters[0].workloads[0].serviceAccount", "wildcards are never accepted here"],
    ["an illegal service account name", file([], [], "payments", "API_user"), 6, "clusters[0].workloads[0].serviceAccount", "is not a valid Kubernetes service account name"],
    ["a misspelt workload key", file([], ["managedPolicyArn: []"]), 7, "clusters[0].workloads[0].managedPolicyArn", 'Did you mean "managedPolicyArns"?'],
    ["an illegal role name", file([], ["roleName: payments/api"]), 7, "clusters[0].workloads[0].roleName", "is not a valid IAM role name"],
    ["a role name over 64 characters", file([], [`roleName: ${"r".repeat(65)}`]), 7, "clusters[0].workloads[0].roleName", "is not a valid IAM role name"],
    ["a role path without slashes", file([], ["rolePath: irsa"]), 7, "clusters[0].workloads[0].rolePath", "is not a valid IAM role path"],
    ["a session shorter than an hour", file([], ["maxSessionDuration: 100"]), 7, "clusters[0].workloads[0].maxSessionDuration", "must be between 3600 and 43200"],
    ["a session duration as text", file([], ["maxSessionDuration: 1h"]), 7, "clusters[0].workloads[0].maxSessionDuration", "must be a whole number"],
    ["a boundary in another partition", file([], ["permissionsBoundaryArn: arn:aws-us-gov:iam::111122223333:policy/b"]), 7, "clusters[0].workloads[0].permissionsBoundaryArn", "is in partition aws-us-gov"],
    ["a managed policy from the commercial partition in GovCloud", file([], ["managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]"]).replace("eu-west-1", "us-gov-west-1"), 7, "clusters[0].workloads[0].managedPolicyArns[0]", "Write it as arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess"],
    ["a role ARN where a policy ARN belongs", file([], ["managedPolicyArns: [arn:aws:iam::111122223333:role/x]"]), 7, "clusters[0].workloads[0].managedPolicyArns[0]", "is not an IAM managed policy ARN"],
    ["more managed policies than the quota", file([], [`managedPolicyArns: [${Array.from({ length: 11 }, (_, i) => `arn:aws:iam::111122223333:policy/p${i}`).join(", ")}]`]), 7, "clusters[0].workloads[0].managedPolicyArns", "the quota is 10 per role"],
    ["a lower-case effect", file([], statement("- effect: allow", "  actions: [s3:GetObject]", `  ${READ}`)), 8, "clusters[0].workloads[0].policyStatements[0].effect", 'Did you mean "Allow"?'],
    ["a statement without actions", file([], statement("- actions: []", `  ${READ}`)), 8, "clusters[0].workloads[0].policyStatements[0].actions", "is empty"],
    ["an action without a service", file([], statement("- actions: [s3GetObject]", `  ${READ}`)), 8, "clusters[0].workloads[0].policyStatements[0].actions[0]", "is not an IAM action"],
    ["a statement without resources", file([], statement("- actions: [s3:GetObject]", "  resources: []")), 9, "clusters[0].workloads[0].policyStatements[0].resources", "is empty"],
    ["a resource that is not an ARN", file([], statement("- actions: [s3:GetObject]", "  resources: [my-bucket]")), 9, "clusters[0].workloads[0].policyStatements[0].resources[0]", "is not an ARN"],
    ["a resource in another partition", file([], statement("- actions: [s3:GetObject]", '  resources: ["arn:aws-cn:s3:::b/*"]')), 9, "clusters[0].workloads[0].policyStatements[0].resources[0]", "is in partition aws-cn"],
    ["administrator access", file([], statement('- actions: ["*"]', '  resources: ["*"]')), 8, "clusters[0].workloads[0].policyStatements[0]", "dangerouslyAllowAdministratorAccess: true"],
    ["an unknown condition operator", file([], statement("- actions: [s3:GetObject]", `  ${READ}`, "  conditions:", "    - { test: StringEqual, variable: aws:PrincipalTag/team, values: [a] }")), 11, "clusters[0].workloads[0].policyStatements[0].conditions[0].test", 'Did you mean "StringEquals"?'],
    ["a Terraform template in a resource", file([], statement("- actions: [s3:GetObject]", '  resources: ["arn:aws:s3:::b/${aws:username}/*"]')), 9, "clusters[0].workloads[0].policyStatements[0].resources[0]", "&{aws:username}"],
    ["a reserved tag key", file([], ["tags: { 'aws:team': x }"]), 7, "clusters[0].workloads[0].tags.aws:team", "is not a valid IAM tag key"],
    ["an illegal label value", file([], ["serviceAccountLabels: { app: 'a b' }"]), 7, "clusters[0].workloads[0].serviceAccountLabels.app", "is not a valid Kubernetes label value"],
    ["the role annotation set by hand", file([], ["serviceAccountAnnotations: { eks.amazonaws.com/role-arn: x }"]), 7, "clusters[0].workloads[0].serviceAccountAnnotations.eks.amazonaws.com/role-arn", "is set by the generator"],
    ["an unknown backend type", file(["backend: { type: gcs, bucket: b }"]), 4, "clusters[0].backend.type", "must be one of local, s3, cloud"],
    ["an illegal state bucket", file(["backend: { type: s3, bucket: My_Bucket }"]), 4, "clusters[0].backend.bucket", "is not a valid S3 bucket name"],
    ["an unknown placeholder", file(["backend: { type: s3, bucket: state, key: '{env}/{cluster}' }"]), 4, "clusters[0].backend.key", "has the unknown placeholder {env}"],
    ["both a workspace and workspace tags", file(["backend: { type: cloud, organization: o, workspace: w, workspaceTags: [a] }"]), 4, "clusters[0].backend.workspaceTags", "cannot be combined with workspace"],
    ["an absolute local state path", file(["backend: { type: local, path: /var/state.tfstate }"]), 4, "clusters[0].backend.path", "must be a relative path"],
    ["a managed-policy quota above the hard limit", file(["maxManagedPoliciesPerRole: 30"]), 4, "clusters[0].maxManagedPoliciesPerRole", "must be between 1 and 25"],
    ["a duplicated key", file([], ["roleName: a", "roleName: b"]), 8, "clusters[0].workloads[0].roleName", "is given twice in this mapping"],
];

/** [what, file, the whole message] */
export const REFUSED_FILES: [string, string, string][] = [
    ["an empty file", "", "t.yaml (file): the file is empty"],
    ["a list at the top", "- a\n", 't.yaml:1:1 (file): must be a mapping with a clusters: list'],
    ["no clusters", "clusters: []\n", "t.yaml:1:11 clusters: is empty"],
    ["a misspelt top-level key", "cluster: []\n", 't.yaml:1:1 cluster: unknown key (got "cluster"). Did you mean "clusters"?'],
];

export const PRESETS_REFUSED: BadConfig[] = [
    ["a misspelt preset", workloads("- preset: externl-dns"), 5, "clusters[0].workloads[0].preset", 'is not a known preset (got "externl-dns"). Did you mean "external-dns"?'],
    ["a misspelt preset in a list", workloads("- namespace: a", "  serviceAccount: b", "  presets: [ebs-cs]"), 7, "clusters[0].workloads[0].presets[0]", 'Did you mean "ebs-csi"?'],
    ["a misspelt parameter beside a one-line preset", workloads("- preset: external-dns", `  hostedZoneArn: [${ZONE}]`), 6, "clusters[0].workloads[0].hostedZoneArn", 'Did you mean "hostedZoneArns"?'],
    ["a misspelt parameter in a list entry", workloads("- namespace: a", "  serviceAccount: b", "  presets:", `    - { name: external-dns, hostedZones: [${ZONE}] }`), 8, "clusters[0].workloads[0].presets[0].hostedZones", 'Did you mean "hostedZoneArns"?'],
    ["a parameter of another preset", workloads("- preset: efs-csi", "  kmsKeyArns: []"), 6, "clusters[0].workloads[0].kmsKeyArns", "efs-csi takes no parameters"],
    ["a required scope missing from a list entry", workloads("- namespace: a", "  serviceAccount: b", "  presets: [velero]"), 7, "clusters[0].workloads[0].presets[0].bucketArns", "is required by preset velero"],
    ["the same preset twice", workloads("- preset: ebs-csi", "  presets: [ebs-csi]"), 6, "clusters[0].workloads[0].presets[0]", "is applied twice to this workload"],
    ["a statement id a preset uses", workloads("- preset: vpc-cni", "  policyStatements:", "    - { sid: IPV4, actions: [ec2:DescribeVpcs], resources: ['*'] }"), 7, "clusters[0].workloads[0].policyStatements[0].sid", "is used by another statement of this role"],
    ["a preset's namespace overridden with a wildcard", workloads("- preset: karpenter", "  namespace: 'kube-*'", "  nodeRoleArns: [arn:aws:iam::111122223333:role/n]"), 6, "clusters[0].workloads[0].namespace", "wildcards are never accepted here"],
    ["a parameter named like a property every JavaScript object has", workloads("- preset: efs-csi", "  toString: x"), 6, "clusters[0].workloads[0].toString", "unknown key"],
    ["the same in a list entry", workloads("- namespace: a", "  serviceAccount: b", "  presets: [{ name: efs-csi, constructor: x }]"), 7, "clusters[0].workloads[0].presets[0].constructor", "is not a parameter of preset efs-csi"],
    ["a list entry without a name", workloads("- namespace: a", "  serviceAccount: b", "  presets: [{ bucketArns: [] }]"), 7, "clusters[0].workloads[0].presets[0]", "must be a preset name, or a mapping with name: and the preset's parameters"],
];

export const ADDRESSES_REFUSED: BadConfig[] = [
    [
      "two workloads' attachments that meet after '-' becomes '_'",
      two(["- namespace: a", "  serviceAccount: b", "  managedPolicyArns: [arn:aws:iam::111122223333:policy/x-y]"], ["- namespace: a", "  serviceAccount: b-x", "  managedPolicyArns: [arn:aws:iam::111122223333:policy/y]"]),
      10,
      "clusters[0].workloads[1].managedPolicyArns[0]",
      "the Terraform address aws_iam_role_policy_attachment.a_b_x_y, which the attachment of arn:aws:iam::111122223333:policy/x-y to a/b has already",
    ],
    [
      "two created namespaces that meet after '-' folding",
      two(["- namespace: team-a", "  serviceAccount: one", "  createNamespace: true", "  managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]"], ["- namespace: team--a", "  serviceAccount: two", "  createNamespace: true", "  managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]"]),
      5,
      "clusters[0].workloads[0].namespace",
      "the Terraform address kubernetes_namespace_v1.team_a, which the namespace team--a has already",
    ],
    [
      "a preset's managed policy beside a customer policy of the same name",
      two(["- namespace: monitoring", "  serviceAccount: agent", "  presets: [cloudwatch-observability]", "  managedPolicyArns: [arn:aws:iam::111122223333:policy/CloudWatchAgentServerPolicy]"], []),
      8,
      "clusters[0].workloads[0].managedPolicyArns[0]",
      "Attach one of the two through a policy of another name",
    ],
    [
      "a terraformName that another workload's label already is",
      two(["- namespace: a", "  serviceAccount: b", "  managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]"], ["- namespace: c", "  serviceAccount: d", "  terraformName: a_b", "  managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]"]),
      8,
      "clusters[0].workloads[1]",
      "Set terraformName on one of the two",
    ],
    ["a terraformName Terraform cannot take", file([], ["terraformName: 1-role", READ.replace("resources", "managedPolicyArns").replace('"arn:aws:s3:::b/*"', "arn:aws:iam::aws:policy/ReadOnlyAccess")]), 7, "clusters[0].workloads[0].terraformName", "is not a Terraform name"],
];

export const TEXT_REFUSED: BadConfig[] = [
    ["a condition value that looks like a cdktf list token", file([], condition("#{TfToken[TOKEN.3]}")), 11, "clusters[0].workloads[0].policyStatements[0].conditions[0].values[0]", "which cdktf would read as one of its own placeholders"],
    ["a string token marker in an annotation", file([], ["serviceAccountAnnotations: { note: '${TfToken[TOKEN.1]}' }"]), 7, "clusters[0].workloads[0].serviceAccountAnnotations.note", "which Terraform would read as a template"],
    ["a map token marker in a tag value", file([], ["tags: { team: '&{TfToken[TOKEN.7]}' }"]), 7, "clusters[0].workloads[0].tags.team", "which cdktf would read as one of its own placeholders"],
    ["text that HCL's parser would normalize", file([], condition("cafe\u0301")), 11, "clusters[0].workloads[0].policyStatements[0].conditions[0].values[0]", "is not in Unicode normalization form C"],
    ["a lone surrogate", file([], ['description: "a\\uD800b"']), 7, "clusters[0].workloads[0].description", "is not valid Unicode"],
];

/** A workload of a cluster pinned to an account, with these lines. */
export const own = (...lines: string[]) => file(['accountId: "111122223333"'], lines);

/** [what, workload lines (see `own`), line, path under the workload, fragment] */
export const STATEMENTS_REFUSED: [string, string[], number, string, string][] = [
    ["notActions", statement("- notActions: [s3:DeleteObject]", '  resources: ["*"]'), 9, "policyStatements[0].notActions", "NotAction with Allow grants every action except the ones listed"],
    ["NotResource", statement("- actions: [s3:GetObject]", '  NotResource: ["arn:aws:s3:::b/*"]'), 10, "policyStatements[0].NotResource", "is not supported: NotResource"],
    ["a principal", statement("- actions: [s3:GetObject]", `  ${READ}`, "  principals: [x]"), 11, "policyStatements[0].principals", "who may assume it is the trust policy"],
    ["a resource with an 11-digit account", statement("- actions: [sqs:SendMessage]", '  resources: ["arn:aws:sqs:eu-west-1:11112222333:q"]'), 10, "policyStatements[0].resources[0]", "has an account of 11 digits: the account must be 12 digits"],
    ["a managed policy with an 11-digit account", ["managedPolicyArns: [arn:aws:iam::11112222333:policy/x]"], 8, "managedPolicyArns[0]", "the account must be 12 digits"],
    ["a customer managed policy of another account", ["managedPolicyArns: [arn:aws:iam::444455556666:policy/x]"], 8, "managedPolicyArns[0]", "is a policy of account 444455556666, but the role is in account 111122223333"],
    ["a boundary of another account", [GRANT, "permissionsBoundaryArn: arn:aws:iam::444455556666:policy/b"], 9, "permissionsBoundaryArn", "IAM attaches only AWS managed policies and policies of the role's own account"],
];
