import { check, expectAccepted, expectRefused } from "../support/refusal";

/**
 * A one-cluster file with add-ons (each entry a list of lines, the first
 * its `name:`), and workloads (each a list of lines).
 */
function addons(entries: string[][], clusterExtra: string[] = [], workloads: string[][] = []): string {
  return [
    "clusters:",
    "  - name: prod",
    "    region: eu-west-1",
    ...clusterExtra.map((l) => `    ${l}`),
    workloads.length === 0 ? "    workloads: []" : "    workloads:",
    ...workloads.flatMap((lines) => lines.map((l, i) => `${i === 0 ? "      - " : "        "}${l}`)),
    "    addons:",
    ...entries.flatMap((lines) => lines.map((l, i) => `${i === 0 ? "      - " : "        "}${l}`)),
    "",
  ].join("\n");
}

/** The 1-based line of the first line holding `text` (after `from`, when given). */
function lineOf(yaml: string, text: string, from = 0): number {
  const lines = yaml.split("\n");
  const index = lines.findIndex((l, i) => i >= from && l.includes(text));
  if (index < 0) throw new Error(`no line holds ${text}`);
  return index + 1;
}

const EBS = ["name: aws-ebs-csi-driver"];
const GRANT = "managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]";

describe("addons: refused, with the line, the path and the fix", () => {
  // [what, file, the text of the line the message names, path, fragment of the message]
  it.each<[string, string, string, string, string]>([
    ["an add-on whose service account irsa-gen does not know", addons([["name: adot", GRANT]]), "name: adot", "clusters[0].addons[0].namespace", "irsa-gen does not know the service account of the add-on adot"],
    [
      "an unknown add-on with a namespace but no service account",
      addons([["name: adot", "namespace: opentelemetry-operator-system", GRANT]]),
      "name: adot",
      "clusters[0].addons[0].serviceAccount",
      "aws eks describe-addon-configuration --addon-name adot",
    ],
    ["the Pod Identity agent as an add-on with a role", addons([["name: eks-pod-identity-agent", GRANT]]), "eks-pod-identity-agent", "clusters[0].addons[0].name", "set podIdentityAgent: true on the cluster"],
    ["a name EKS would not list", addons([['name: "aws:ebs"', GRANT]]), "aws:ebs", "clusters[0].addons[0].name", "is not an EKS add-on name"],
    ["an upper-case name", addons([["name: Vpc-Cni"]]), "Vpc-Cni", "clusters[0].addons[0].name", "is not an EKS add-on name"],
    ["a version without its v", addons([[...EBS, "version: 1.45.0-eksbuild.1"]]), "version:", "clusters[0].addons[0].version", "e.g. v1.45.0-eksbuild.1"],
    ["a workload's createServiceAccount", addons([[...EBS, "createServiceAccount: true"]]), "createServiceAccount", "clusters[0].addons[0].createServiceAccount", "EKS creates the add-on's service account"],
    ["a workload's serviceAccountAnnotations", addons([[...EBS, "serviceAccountAnnotations: { a: b }"]]), "serviceAccountAnnotations", "clusters[0].addons[0].serviceAccountAnnotations", "EKS owns the add-on's service account"],
    ["a workload's previously", addons([[...EBS, "previously: { namespace: x }"]]), "previously", "clusters[0].addons[0].previously", "cannot be renamed"],
    ["identity both", addons([[...EBS, "identity: both"]]), "identity: both", "clusters[0].addons[0].identity", "must be one of irsa, pod-identity"],
    ["a typo of a key", addons([[...EBS, "verison: v1.45.0-eksbuild.1"]]), "verison", "clusters[0].addons[0].verison", 'Did you mean "version"?'],
    ["a preset's parameter beside it", addons([[...EBS, "preset: ebs-csi", "kmsKeyArns: []"]]), "kmsKeyArns", "clusters[0].addons[0].kmsKeyArns", "unknown key"],
    ["an unknown preset", addons([[...EBS, "preset: ebs-cs"]]), "preset: ebs-cs", "clusters[0].addons[0].preset", 'Did you mean "ebs-csi"?'],
    [
      "Mountpoint for S3 without its buckets",
      addons([["name: aws-mountpoint-s3-csi-driver"]]),
      "aws-mountpoint-s3-csi-driver",
      "clusters[0].addons[0]",
      "Add presets: [{ name: mountpoint-s3-csi, … }]",
    ],
    ["administrator access for an add-on's role", addons([[...EBS, "managedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]"]]), "AdministratorAccess", "clusters[0].addons[0].managedPolicyArns[0]", "AdministratorAccess"],
    ["a bad role name", addons([[...EBS, "roleName: has space"]]), "roleName", "clusters[0].addons[0].roleName", "is not a valid IAM role name"],
    ["an adopted role under another name than roleName", addons([[...EBS, "roleName: a", "adopt: { role: b }"]]), "adopt:", "clusters[0].addons[0].adopt.role", "names another role than roleName"],
    ["an adopted inline policy without its role", addons([[...EBS, "adopt: { addon: true, inlinePolicy: p }"]]), "adopt:", "clusters[0].addons[0].adopt.inlinePolicy", "belongs to a role that is not adopted"],
    ["retire: destroy of a protected add-on", addons([[...EBS, "protect: true", "retire: destroy"]]), "retire: destroy", "clusters[0].addons[0].retire", "destroys a protected add-on"],
    ["an add-on that is not a mapping", addons([["vpc-cni"]]).replace("      - vpc-cni", "      - vpc-cni"), "- vpc-cni", "clusters[0].addons[0]", "Write the add-on as name:"],
  ])("%s", (_what, yaml, text, path, fragment) => {
    expectRefused(yaml, lineOf(yaml, text), path, fragment);
  });

  it("refuses an add-on listed twice, at the second, naming the first", () => {
    // GIVEN the EBS driver twice / WHEN checked
    const yaml = addons([EBS, [...EBS, "identity: pod-identity"]], ["podIdentityAgent: true"]);
    const errors = check(yaml).errors;
    // THEN one problem, at the second entry's name, naming the first's line
    expect(errors).toEqual([
      `t.yaml:${lineOf(yaml, "aws-ebs-csi-driver", lineOf(yaml, "aws-ebs-csi-driver"))}:15 clusters[0].addons[1].name: lists the add-on aws-ebs-csi-driver again (first at t.yaml:${lineOf(yaml, "aws-ebs-csi-driver")}:15 clusters[0].addons[0].name) (got "aws-ebs-csi-driver"). Merge the two entries: a cluster has one add-on of a name.`,
    ]);
  });

  it("refuses an add-on whose service account a workload gives a role already", () => {
    // GIVEN a workload on the EBS driver's service account, and the add-on
    const yaml = addons([EBS], [], [["namespace: kube-system", "serviceAccount: ebs-csi-controller-sa", "preset: ebs-csi"]]);
    // WHEN checked / THEN refused at the add-on, naming the workload
    expectRefused(yaml, lineOf(yaml, "name: aws-ebs-csi-driver"), "clusters[0].addons[0]", "gives the service account kube-system/ebs-csi-controller-sa a role, which a workload gives it already (first at t.yaml:");
  });

  it("refuses two add-ons on one service account", () => {
    const yaml = addons([["name: adot", "namespace: kube-system", "serviceAccount: aws-node", GRANT], ["name: vpc-cni"]]);
    expectRefused(yaml, lineOf(yaml, "name: vpc-cni"), "clusters[0].addons[1]", "which another add-on gives it already");
  });

  it("refuses a workload whose Terraform names are an add-on's", () => {
    // GIVEN the workload aws/ebs-csi-driver, whose label is aws_ebs_csi_driver, and the add-on of that label
    const yaml = addons([EBS], [], [["namespace: aws", "serviceAccount: ebs-csi-driver", GRANT]]);
    // WHEN checked / THEN refused at the add-on, with the fix on the workload's side
    expectRefused(yaml, lineOf(yaml, "name: aws-ebs-csi-driver"), "clusters[0].addons[0]", "gives the add-on aws-ebs-csi-driver the Terraform address aws_iam_role.aws_ebs_csi_driver, which the workload aws/ebs-csi-driver has already");
    expect(check(yaml).errors.join("\n")).toContain("set terraformName on the workload");
  });

  it("refuses two add-on names that give one Terraform name", () => {
    const yaml = addons([["name: x-y", "namespace: a", "serviceAccount: b", GRANT], ["name: x_y", "namespace: a", "serviceAccount: c", GRANT]]);
    expect(check(yaml).errors.join("\n")).toContain("clusters[0].addons[1]: gives the add-on x_y the Terraform address aws_eks_addon.x_y, which the add-on x-y has already");
  });

  it("refuses an add-on role name that a workload's role has in the account", () => {
    // GIVEN a workload whose roleName is the add-on role's default name
    const yaml = addons([["name: vpc-cni"]], [], [["namespace: a", "serviceAccount: b", GRANT, "roleName: prod-addon-vpc-cni"]]);
    // WHEN checked / THEN refused at the add-on, naming the workload's role
    expectRefused(yaml, lineOf(yaml, "name: vpc-cni"), "clusters[0].addons[0]", 'gives the add-on vpc-cni the role name "prod-addon-vpc-cni", which a/b of cluster prod has too');
  });

  it("refuses a hashicorp/aws constraint older than pod_identity_association on aws_eks_addon (5.75.0) for an add-on on Pod Identity", () => {
    // GIVEN an add-on on Pod Identity and a constraint admitting 5.72.0 / WHEN checked / THEN refused at the constraint, naming the release
    const yaml = addons([["name: vpc-cni", "identity: pod-identity"]], ["podIdentityAgent: true", 'providerVersions: { aws: ">= 5.72.0" }']);
    expectRefused(yaml, lineOf(yaml, "providerVersions"), "clusters[0].providerVersions.aws", "older than 5.75.0, the first release with pod_identity_association on aws_eks_addon");
    // AND on IRSA the same constraint is enough
    expectAccepted(addons([["name: vpc-cni"]], ['providerVersions: { aws: ">= 5.72.0" }']));
  });

  it("collects every problem of the add-ons, not only the first", () => {
    const yaml = addons([
      ["name: adot", GRANT],
      [...EBS, "version: 1"],
      ["name: eks-pod-identity-agent"],
    ]);
    const errors = check(yaml).errors;
    expect(errors).toHaveLength(3);
    expect(errors.map((e) => e.split(" ")[1])).toEqual(["clusters[0].addons[0].namespace:", "clusters[0].addons[1].version:", "clusters[0].addons[2].name:"]);
  });
});

describe("addons: accepted", () => {
  it("gives a known add-on its service account, its preset, a role named after it, and IRSA", () => {
    // GIVEN the EBS driver by name alone / WHEN checked
    const { config } = expectAccepted(addons([EBS]));
    // THEN the add-on's role is the ebs-csi preset's on kube-system/ebs-csi-controller-sa, named after the cluster and the add-on
    const [addon] = config.clusters[0].addons;
    expect({ name: addon.name, id: addon.id, adoptAddon: addon.adoptAddon }).toEqual({ name: "aws-ebs-csi-driver", id: "aws_ebs_csi_driver", adoptAddon: false });
    expect(addon.role).toMatchObject({
      namespace: "kube-system",
      serviceAccount: "ebs-csi-controller-sa",
      identity: "irsa",
      roleName: "prod-addon-aws-ebs-csi-driver",
      presets: ["ebs-csi"],
      createServiceAccount: false,
      createNamespace: false,
      description: "Role of the EKS add-on aws-ebs-csi-driver (kube-system/ebs-csi-controller-sa) on EKS cluster prod",
    });
    // AND the cluster registers its OIDC provider for it
    expect(config.clusters[0].oidcProvider.mode).toBe("create");
  });

  it("takes the entry's own permissions instead of the add-on's preset", () => {
    const { config } = expectAccepted(addons([["name: vpc-cni", "managedPolicyArns: [arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy]"]]));
    expect(config.clusters[0].addons[0].role).toMatchObject({ presets: [], managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"], policyStatements: [] });
  });

  it("needs no OIDC provider when every add-on and workload uses Pod Identity", () => {
    const { config } = expectAccepted(addons([["name: vpc-cni", "identity: pod-identity"]], ["podIdentityAgent: true"]));
    expect(config.clusters[0].oidcProvider.mode).toBe("none");
  });

  it("warns when an add-on on Pod Identity has no agent the stack manages", () => {
    const yaml = addons([["name: vpc-cni", "identity: pod-identity"]]);
    const { warnings } = expectAccepted(yaml);
    expect(warnings).toEqual([expect.stringContaining(`t.yaml:${lineOf(yaml, "identity: pod-identity")}:19 clusters[0].addons[0].identity: warning: needs the EKS Pod Identity agent on the cluster`)]);
  });

  it("adopts the add-on alone with adopt: true, and the add-on and its role by name with the mapping", () => {
    const { config } = expectAccepted(addons([[...EBS, "adopt: true"], ["name: vpc-cni", "adopt: { addon: true, role: AmazonEKS_CNI_Role, inlinePolicy: cni }"]]));
    const [ebs, cni] = config.clusters[0].addons;
    expect({ adoptAddon: ebs.adoptAddon, adopt: ebs.role.adopt, roleName: ebs.role.roleName }).toEqual({ adoptAddon: true, adopt: undefined, roleName: "prod-addon-aws-ebs-csi-driver" });
    expect({ adoptAddon: cni.adoptAddon, roleName: cni.role.roleName, inline: cni.role.inlinePolicyName, exclusive: cni.role.exclusivePolicies }).toEqual({
      adoptAddon: true,
      roleName: "AmazonEKS_CNI_Role",
      inline: "cni",
      // an adopted role may hold policies irsa-gen does not know: the drift lock waits for the config to say so
      exclusive: false,
    });
  });

  it("takes an add-on irsa-gen does not know with its service account", () => {
    const { config } = expectAccepted(addons([["name: adot", "namespace: opentelemetry-operator-system", "serviceAccount: adot-col-otlp-ingest", GRANT, "version: v0.109.0-eksbuild.2"]]));
    expect(config.clusters[0].addons[0]).toMatchObject({ name: "adot", version: "v0.109.0-eksbuild.2", role: { namespace: "opentelemetry-operator-system", serviceAccount: "adot-col-otlp-ingest" } });
  });

  it("takes an add-on named like a property of Object.prototype as any other", () => {
    const { config } = expectAccepted(addons([["name: constructor", "namespace: a", "serviceAccount: b", GRANT]]));
    expect(config.clusters[0].addons[0]).toMatchObject({ name: "constructor", id: "constructor", role: { roleName: "prod-addon-constructor" } });
    const name: string = "constructor";
    expect(config.clusters[0].addresses.addons[name].addon).toBe("constructor");
  });

  it("inherits the cluster's role settings, but not its identity", () => {
    const { config } = expectAccepted(addons([EBS], ["identity: pod-identity", "rolePath: /addons/", "protect: true"]));
    expect(config.clusters[0].addons[0].role).toMatchObject({ identity: "irsa", rolePath: "/addons/", protect: true });
  });
});

describe("addons: a workload's service account handed over to an add-on", () => {
  it("accepts the add-on once the workload on its service account is retired in the same change", () => {
    // GIVEN the EBS driver's role as a workload (the chart or add-on annotated with it), then the workload retired with keep and the add-on listed
    const workload = ["namespace: kube-system", "serviceAccount: ebs-csi-controller-sa", "preset: ebs-csi"];
    const { config } = expectAccepted(addons([EBS], [], [[...workload, "retire: keep"]]));
    // THEN the add-on has its own role, beside the retired workload's
    expect(config.clusters[0].addons[0].role.roleName).toBe("prod-addon-aws-ebs-csi-driver");
    expect(config.clusters[0].workloads[0]).toMatchObject({ retire: "keep", roleName: "prod-kube-system-ebs-csi-controller-sa" });
  });
});
