/**
 * The first apply succeeds: every block waits for what it acts on.
 *
 * Terraform creates blocks in parallel unless one refers to another. A drift
 * lock that listed its policies as literals was created beside the inline
 * policy it keeps, and the provider then called PutRolePolicy without a
 * document (hashicorp/terraform-provider-aws#43951): about half of all first
 * applies failed. The law is read from the synthesized JSON by
 * test/support/ordering.ts, which knows nothing of how lib/ wires blocks.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { validateConfig } from "../../lib/config/validate";
import { synthesize } from "../../lib/synthesis/synth";
import { validRaw } from "../support/arbitraries";
import { oneCluster, synthCluster } from "../support/config";
import { exampleConfigs, tempDir } from "../support/files";
import { directEdges, missingEdges, requiredEdges } from "../support/ordering";
import { loadExample, type TerraformJsonDocument } from "../support/terraform";

const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const S3_READ = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";

async function stacksOf(config: Parameters<typeof synthesize>[0]): Promise<Map<string, TerraformJsonDocument>> {
  const outdir = tempDir();
  const names = await synthesize(config, { outdir, hcl: false, projectDir: outdir });
  return new Map(names.map((name) => [name, JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"))]));
}

describe("ordering: every block waits for what it acts on", () => {
  it("the drift locks name the inline policy and the attachments they keep by reference", () => {
    // GIVEN a workload with two managed policies and an inline policy, drift lock on (the default)
    const tf = synthCluster(
      oneCluster(`      - namespace: payments
        serviceAccount: api
        managedPolicyArns: [${S3_READ}, ${READ_ONLY}]
        policyStatements:
          - { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }
`),
    );
    // THEN each lock refers to the blocks it keeps, so Terraform creates it after them
    expect(tf.resource!.aws_iam_role_policies_exclusive.payments_api).toEqual({
      role_name: "${aws_iam_role.payments_api.name}",
      policy_names: ["${aws_iam_role_policy.payments_api.name}"],
    });
    expect(tf.resource!.aws_iam_role_policy_attachments_exclusive.payments_api).toEqual({
      role_name: "${aws_iam_role.payments_api.name}",
      policy_arns: [
        "${aws_iam_role_policy_attachment.payments_api_amazon_s3_read_only_access.policy_arn}",
        "${aws_iam_role_policy_attachment.payments_api_read_only_access.policy_arn}",
      ],
    });
    expect(missingEdges(tf as TerraformJsonDocument)).toEqual([]);
  });

  it("a role without inline policy locks an empty list, which waits for nothing", () => {
    // GIVEN a workload with a managed policy only
    const tf = synthCluster(oneCluster(`      - { namespace: payments, serviceAccount: api, managedPolicyArns: [${READ_ONLY}] }\n`));
    // THEN the inline lock keeps no policy, and the law holds
    expect(tf.resource!.aws_iam_role_policies_exclusive.payments_api.policy_names).toEqual([]);
    expect(missingEdges(tf as TerraformJsonDocument)).toEqual([]);
  });

  describe("the law itself finds what it names (a law that cannot fail proves nothing)", () => {
    const base = (): TerraformJsonDocument =>
      synthCluster(
        oneCluster(`      - namespace: payments
        serviceAccount: api
        createNamespace: true
        identity: both
        managedPolicyArns: [${READ_ONLY}]
        policyStatements:
          - { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }
`, "    oidcIssuerUrl: https://oidc.eks.eu-west-1.amazonaws.com/id/ABC\n    accountId: \"111122223333\"\n"),
      ) as TerraformJsonDocument;

    it.each<[string, (tf: TerraformJsonDocument) => void, RegExp]>([
      ["inline lock with a literal name", (tf) => (tf.resource.aws_iam_role_policies_exclusive.payments_api.policy_names = ["permissions"]), /policy_names/],
      ["managed lock with a literal ARN", (tf) => (tf.resource.aws_iam_role_policy_attachments_exclusive.payments_api.policy_arns = [READ_ONLY]), /policy_arns/],
      ["service account with a literal namespace", (tf) => (tf.resource.kubernetes_service_account_v1.payments_api.metadata.namespace = "payments"), /kubernetes_service_account_v1\.payments_api does not wait for kubernetes_namespace_v1/],
      // Its own role's ARN copied as a literal (a literal naming no role of the stack is a shared role homed in another stack).
      ["association with a literal role ARN", (tf) => (tf.resource.aws_eks_pod_identity_association.payments_api.role_arn = `arn:aws:iam::111122223333:role/${tf.resource.aws_iam_role.payments_api.name}`), /aws_eks_pod_identity_association/],
      // Its own provider's ARN copied as a literal (a literal naming another provider is a shared role's trust of another cluster).
      ["trust with a literal provider ARN", (tf) => (tf.data.aws_iam_policy_document.payments_api_trust.statement[0].principals[0].identifiers = ["arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"]), /aws_iam_role\.payments_api does not wait for aws_iam_openid_connect_provider/],
    ])("%s is found", (_, breakIt, expected) => {
      // GIVEN a stack that holds the law
      const tf = base();
      expect(missingEdges(tf)).toEqual([]);
      expect(requiredEdges(tf).edges.length).toBeGreaterThanOrEqual(8);
      // WHEN one edge is broken / THEN the law names it
      breakIt(tf);
      expect(missingEdges(tf).join("\n")).toMatch(expected);
    });

    const addons = (): TerraformJsonDocument =>
      synthCluster(
        oneCluster("", "    oidcIssuerUrl: https://oidc.eks.eu-west-1.amazonaws.com/id/ABC\n    accountId: \"111122223333\"\n    podIdentityAgent: true\n").replace(
          "    workloads:\n",
          "    workloads: []\n    addons:\n      - { name: aws-ebs-csi-driver }\n      - { name: vpc-cni, identity: pod-identity }\n",
        ),
      ) as TerraformJsonDocument;

    it.each<[string, (tf: TerraformJsonDocument) => void, RegExp]>([
      ["add-on on IRSA with a literal role ARN", (tf) => (tf.resource.aws_eks_addon.aws_ebs_csi_driver.service_account_role_arn = "arn:aws:iam::111122223333:role/x"), /aws_eks_addon\.aws_ebs_csi_driver: the role/],
      ["add-on on Pod Identity with a literal role ARN", (tf) => (tf.resource.aws_eks_addon.vpc_cni.pod_identity_association[0].role_arn = "arn:aws:iam::111122223333:role/x"), /aws_eks_addon\.vpc_cni: the role/],
      ["add-on on Pod Identity not waiting for the agent", (tf) => delete tf.resource.aws_eks_addon.vpc_cni.depends_on, /aws_eks_addon\.vpc_cni does not wait for aws_eks_addon\.pod_identity_agent/],
    ])("%s is found", (_, breakIt, expected) => {
      // GIVEN a stack of add-ons that holds the law
      const tf = addons();
      expect(missingEdges(tf)).toEqual([]);
      expect(requiredEdges(tf).edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(
        expect.arrayContaining(["aws_eks_addon.aws_ebs_csi_driver -> aws_iam_role.aws_ebs_csi_driver", "aws_eks_addon.vpc_cni -> aws_iam_role.vpc_cni", "aws_eks_addon.vpc_cni -> aws_eks_addon.pod_identity_agent"]),
      );
      // WHEN one edge is broken / THEN the law names it
      breakIt(tf);
      expect(missingEdges(tf).join("\n")).toMatch(expected);
    });

    it("a depends_on counts as an edge", () => {
      // GIVEN a lock whose names are literals but which depends on its policy
      const tf = base();
      tf.resource.aws_iam_role_policies_exclusive.payments_api.depends_on = ["aws_iam_role_policy.payments_api"];
      // THEN the edge exists, though the literal still breaks the reference rule
      expect(directEdges(tf).get("aws_iam_role_policies_exclusive.payments_api")).toContain("aws_iam_role_policy.payments_api");
    });
  });

  it.each(exampleConfigs())("every stack of %s holds the law", async (file) => {
    // GIVEN an example config / WHEN synthesized as `irsa-gen synth` does
    const stacks = await stacksOf(loadExample(file));
    // THEN no block can run before what it acts on
    for (const [name, stack] of stacks) expect({ stack: name, missing: missingEdges(stack) }).toEqual({ stack: name, missing: [] });
  });

  it("random valid configs hold the law", async () => {
    await fc.assert(
      fc.asyncProperty(validRaw, async (raw) => {
        const result = validateConfig("p.yaml", raw);
        expect(result.config).toBeDefined();
        for (const [name, stack] of await stacksOf(result.config!)) expect({ stack: name, missing: missingEdges(stack) }).toEqual({ stack: name, missing: [] });
      }),
      { numRuns: 40 },
    );
  });
});
