/**
 * The ledger law over EKS add-ons (lib/ledger.ts): an add-on and its role
 * are never destroyed as a side effect, only with retire: destroy.
 */
import { judge, type Judgement, type Ledger } from "../../lib/output/ledger";
import { configFrom, ledgerOf, step } from "../support/config";

/** A cluster with these add-on entries (YAML flow mappings, one per line). */
function cluster(addons: string[], extra = ""): string {
  return `clusters:
  - name: prod
    region: eu-west-1
    accountId: "111122223333"
    oidcIssuerUrl: https://oidc.eks.eu-west-1.amazonaws.com/id/ABC
${extra}    workloads:
      - { namespace: payments, serviceAccount: api, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
${addons.length > 0 ? `    addons:\n${addons.map((a) => `      - ${a}\n`).join("")}` : ""}`;
}

const EBS = "{ name: aws-ebs-csi-driver, managedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy] }";
const EBS_ADDRESSES = [
  "aws_eks_addon.aws_ebs_csi_driver",
  "aws_iam_role.aws_ebs_csi_driver",
  "aws_iam_role_policies_exclusive.aws_ebs_csi_driver",
  "aws_iam_role_policy_attachment.aws_ebs_csi_driver_amazon_ebscsidriver_policy",
  "aws_iam_role_policy_attachments_exclusive.aws_ebs_csi_driver",
];

const changes = (j: Judgement) => j.changes.find((c) => c.cluster === "prod")!;
const addonEntries = (ledger: Ledger) => Object.entries(ledger.clusters.prod.managed).filter(([, e]) => e.owner === "addon:aws-ebs-csi-driver");

describe("ledger: what it records of an add-on", () => {
  it("records the add-on and its role under the add-on, the add-on replaced only by another cluster or name", () => {
    // GIVEN a protected add-on / WHEN the ledger is written
    const ledger = ledgerOf(cluster([EBS.replace(" }", ", protect: true }")]));
    // THEN its blocks are the add-on's, the add-on and the role protected, the policies not
    expect(Object.fromEntries(addonEntries(ledger))).toEqual({
      "aws_eks_addon.aws_ebs_csi_driver": { kind: "addon", owner: "addon:aws-ebs-csi-driver", protect: true, replaceKeys: { cluster: "prod", name: "aws-ebs-csi-driver" } },
      "aws_iam_role.aws_ebs_csi_driver": { kind: "role", owner: "addon:aws-ebs-csi-driver", protect: true, replaceKeys: { name: "prod-addon-aws-ebs-csi-driver", path: "/" } },
      "aws_iam_role_policy_attachment.aws_ebs_csi_driver_amazon_ebscsidriver_policy": {
        kind: "attachment",
        owner: "addon:aws-ebs-csi-driver",
        protect: false,
        replaceKeys: { role: "prod-addon-aws-ebs-csi-driver", policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy" },
      },
      "aws_iam_role_policy_attachments_exclusive.aws_ebs_csi_driver": { kind: "managed-lock", owner: "addon:aws-ebs-csi-driver", protect: false, replaceKeys: { role: "prod-addon-aws-ebs-csi-driver" } },
      "aws_iam_role_policies_exclusive.aws_ebs_csi_driver": { kind: "inline-lock", owner: "addon:aws-ebs-csi-driver", protect: false, replaceKeys: { role: "prod-addon-aws-ebs-csi-driver" } },
    });
  });

  it("marks an adopted add-on as adopted, and counts it imported, not created", () => {
    const verdict = judge(undefined, configFrom(cluster([EBS.replace(" }", ", adopt: true }")])));
    expect(verdict.next.clusters.prod.managed["aws_eks_addon.aws_ebs_csi_driver"].adopted).toBe(true);
    expect(changes(verdict).imported).toEqual(["aws_eks_addon.aws_ebs_csi_driver"]);
    expect(changes(verdict).created).not.toContain("aws_eks_addon.aws_ebs_csi_driver");
  });
});

describe("ledger: an add-on leaving, retired, changed", () => {
  it("lets go of an add-on that left the config, with its role, and says so: never destroyed as a side effect", () => {
    // GIVEN a protected add-on applied / WHEN its entry is deleted
    const verdict = step(cluster([EBS.replace(" }", ", protect: true }")]), cluster([]));
    // THEN nothing is refused or destroyed: every block of it is let go of, and the warning says how to destroy it on purpose
    expect(verdict.problems).toEqual([]);
    expect(changes(verdict).destroyed).toEqual([]);
    expect(changes(verdict).released).toEqual(EBS_ADDRESSES);
    expect(verdict.next.clusters.prod.released).toEqual(EBS_ADDRESSES);
    expect(verdict.warnings).toContain(
      "cluster prod: the add-on aws-ebs-csi-driver left the config; the next apply lets go of its addon aws_eks_addon.aws_ebs_csi_driver (removed, destroy = false): it stays as it is, unmanaged. To destroy it instead, put the add-on back with retire: destroy, apply, and only then remove it",
    );
  });

  it("keeps the removed blocks of an add-on that left in the next synthesis too", () => {
    const first = step(cluster([EBS]), cluster([]));
    const second = step(first.next, cluster([]));
    expect(second.next.clusters.prod.released).toEqual(EBS_ADDRESSES);
  });

  it("lets go of an add-on retired with keep, without a warning", () => {
    const verdict = step(cluster([EBS]), cluster([EBS.replace(" }", ", retire: keep }")]));
    expect({ problems: verdict.problems, warnings: verdict.warnings, destroyed: changes(verdict).destroyed, released: changes(verdict).released }).toEqual({
      problems: [],
      warnings: [],
      destroyed: [],
      released: EBS_ADDRESSES,
    });
  });

  it("destroys an add-on retired with destroy once protect: false says so too (the validator refuses it otherwise)", () => {
    // GIVEN the add-on applied with protect: true
    const before = ledgerOf(cluster([EBS.replace(" }", ", protect: true }")]));
    // WHEN retired with destroy and protect: false / THEN destroyed as asked, and announced in the changes
    const asked = step(before, cluster([EBS.replace(" }", ", protect: false, retire: destroy }")]));
    expect(asked.problems).toEqual([]);
    expect(changes(asked).destroyed).toEqual(EBS_ADDRESSES);
    expect(changes(asked).released).toEqual([]);
  });

  it("updates an add-on in place when its version or mechanism changes", () => {
    const verdict = step(cluster([EBS]), cluster([EBS.replace(" }", ", identity: pod-identity, version: v1.45.0-eksbuild.1 }")], "    podIdentityAgent: true\n"));
    expect(verdict.problems).toEqual([]);
    expect(changes(verdict).replaced).toEqual([]);
    expect(changes(verdict).destroyed).toEqual([]);
  });

  it("refuses to replace a protected add-on role whose name changes", () => {
    const verdict = step(cluster([EBS.replace(" }", ", protect: true }")]), cluster([EBS.replace(" }", ", protect: true, roleName: renamed }")]));
    expect(verdict.problems.join("\n")).toContain("the next apply would replace the protected role aws_iam_role.aws_ebs_csi_driver (name \"prod-addon-aws-ebs-csi-driver\" → \"renamed\")");
  });

  it("refuses to replace an adopted add-on role once adopt is dropped", () => {
    const adopted = cluster([EBS.replace(" }", ", adopt: { addon: true, role: AmazonEKS_EBS_CSI_DriverRole } }")]);
    const verdict = step(adopted, cluster([EBS]));
    expect(verdict.problems.join("\n")).toContain("the adopted role aws_iam_role.aws_ebs_csi_driver of addon:aws-ebs-csi-driver would be replaced");
  });

  it("imports an add-on let go of and listed again, by the providers' ids, until releasesApplied names it", () => {
    // GIVEN the add-on applied, then deleted from the config (let go of)
    const gone = step(cluster([EBS]), cluster([]));
    // WHEN it is listed again
    const back = step(gone.next, cluster([EBS]));
    // THEN it is imported, not created: the add-on as <cluster>:<name>, its role by name, its attachment as role/arn
    expect(back.problems).toEqual([]);
    expect(back.reimports.get("prod")).toEqual([
      { to: "aws_eks_addon.aws_ebs_csi_driver", id: "prod:aws-ebs-csi-driver" },
      { to: "aws_iam_role.aws_ebs_csi_driver", id: "prod-addon-aws-ebs-csi-driver" },
      { to: "aws_iam_role_policies_exclusive.aws_ebs_csi_driver", id: "prod-addon-aws-ebs-csi-driver" },
      { to: "aws_iam_role_policy_attachment.aws_ebs_csi_driver_amazon_ebscsidriver_policy", id: "prod-addon-aws-ebs-csi-driver/arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy" },
      { to: "aws_iam_role_policy_attachments_exclusive.aws_ebs_csi_driver", id: "prod-addon-aws-ebs-csi-driver" },
    ]);
    expect(changes(back).created).toEqual([]);
  });
});

/**
 * The EBS driver's role applied as a workload (`before`), then the workload
 * retired with keep and the add-on listed with `addon` in one change (`after`).
 */
function handOver(addon: string): { before: string; after: string } {
  const workload = "{ namespace: kube-system, serviceAccount: ebs-csi-controller-sa, preset: ebs-csi";
  const before = `clusters:
  - name: prod
    region: eu-west-1
    workloads:
      - ${workload} }
`;
  return { before, after: `${before.replace(`${workload} }`, `${workload}, retire: keep }`)}    addons:\n      - ${addon}\n` };
}

describe("ledger: a workload handed over to an add-on", () => {
  it("lets go of the workload's role and creates the add-on's, destroying nothing", () => {
    // GIVEN the EBS driver's role applied as a workload / WHEN the workload is retired with keep and the add-on listed, in one change
    const { before, after } = handOver("{ name: aws-ebs-csi-driver }");
    const verdict = step(before, after);
    // THEN the workload's blocks are let go of, the add-on's created, and nothing destroyed
    expect(verdict.problems).toEqual([]);
    expect(changes(verdict).destroyed).toEqual([]);
    expect(changes(verdict).released).toContain("aws_iam_role.kube_system_ebs_csi_controller_sa");
    expect(changes(verdict).created).toEqual(expect.arrayContaining(["aws_eks_addon.aws_ebs_csi_driver", "aws_iam_role.aws_ebs_csi_driver"]));
  });
});

describe("ledger: a workload's role handed over to an add-on that adopts it", () => {
  it("forgets the role at the workload's address and imports it at the add-on's, creating and destroying no role", () => {
    // GIVEN the EBS driver's role applied as a workload / WHEN the workload is retired with keep and the add-on adopts its role, in one change
    const { before, after } = handOver("{ name: aws-ebs-csi-driver, adopt: { addon: true, role: prod-kube-system-ebs-csi-controller-sa, inlinePolicy: permissions } }");
    const verdict = step(before, after);
    // THEN the role is let go of at one address and imported at the other: no role is created or destroyed
    expect(verdict.problems).toEqual([]);
    expect(changes(verdict).destroyed).toEqual([]);
    expect(changes(verdict).released).toContain("aws_iam_role.kube_system_ebs_csi_controller_sa");
    expect(changes(verdict).imported).toEqual(["aws_eks_addon.aws_ebs_csi_driver", "aws_iam_role.aws_ebs_csi_driver", "aws_iam_role_policy.aws_ebs_csi_driver"]);
    expect(changes(verdict).created.filter((a) => a.startsWith("aws_iam_role."))).toEqual([]);
    expect(configFrom(after).clusters[0].addons[0].role.roleName).toBe("prod-kube-system-ebs-csi-controller-sa");
  });

  it("still refuses an add-on role named as an active workload's", () => {
    const yaml = `clusters:
  - name: prod
    region: eu-west-1
    workloads:
      - { namespace: a, serviceAccount: b, preset: ebs-csi, roleName: shared }
    addons:
      - { name: aws-ebs-csi-driver, adopt: { addon: true, role: shared } }
`;
    expect(() => configFrom(yaml)).toThrow(/gives the add-on aws-ebs-csi-driver the role name "shared", which a\/b of cluster prod has too/);
  });
});
