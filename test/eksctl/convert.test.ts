import { parse } from "yaml";
import { convertClusterConfigs, FILL_IN } from "../../lib/eksctl/convert";
import { convertFixtures, importsOf, itemsOf, pathsOf, synthAll, validateConverted, yamlOf } from "./support";

type Workload = Record<string, any>;
const workloadsOf = (yaml: string, cluster = 0): Workload[] => parse(yaml).clusters[cluster].workloads;

describe("from eksctl: IRSA with attachPolicyARNs", () => {
  const result = convertFixtures(["attach-policy-arns.yaml"]);
  const yaml = yamlOf(result);

  it("converts the cluster, its OIDC provider and each service account, keeping eksctl's role names and adopting them", () => {
    // GIVEN eksctl's example with attachPolicyARNs and roleName / WHEN converted
    const cluster = parse(yaml).clusters[0];
    // THEN the provider eksctl registered is looked up, and metadata.tags become the provider's default tags
    expect(cluster).toMatchObject({ name: "cluster-13", region: "us-west-2", oidcProvider: "lookup", tags: { environment: "production" } });
    // AND each workload adopts its role and the service account eksctl made
    expect(workloadsOf(yaml)).toEqual([
      {
        namespace: "backend-apps",
        serviceAccount: "s3-reader",
        createServiceAccount: true,
        serviceAccountLabels: { "aws-usage": "application" },
        managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
        tags: { Owner: "John Doe", Team: "Some Team" },
        protect: true,
        adopt: { role: "cluster-13-s3-reader", serviceAccount: true },
      },
      {
        namespace: "backend-apps",
        serviceAccount: "cache-access",
        createServiceAccount: true,
        serviceAccountLabels: { "aws-usage": "application" },
        managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonElastiCacheFullAccess"],
        permissionsBoundaryArn: "arn:aws:iam::111122223333:policy/irsa-boundary",
        protect: true,
        adopt: { role: "cluster-13-cache-access", serviceAccount: true },
      },
    ]);
  });

  it("passes irsa-gen's validation, and synthesizes imports of the roles, their attachments and service accounts", () => {
    const checked = validateConverted(yaml);
    expect(checked.errors).toEqual([]);
    expect(checked.warnings).toEqual([]);
    const tf = synthAll(yaml)["cluster-13"];
    expect(importsOf(tf)).toEqual(
      [
        "aws_iam_role.backend_apps_s3_reader <- cluster-13-s3-reader",
        "aws_iam_role_policy_attachment.backend_apps_s3_reader_amazon_s3_read_only_access <- cluster-13-s3-reader/arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        "kubernetes_service_account_v1.backend_apps_s3_reader <- backend-apps/s3-reader",
        "aws_iam_role.backend_apps_cache_access <- cluster-13-cache-access",
        "aws_iam_role_policy_attachment.backend_apps_cache_access_amazon_dynamo_dbread_only_access <- cluster-13-cache-access/arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess",
        "aws_iam_role_policy_attachment.backend_apps_cache_access_amazon_elasti_cache_full_access <- cluster-13-cache-access/arn:aws:iam::aws:policy/AmazonElastiCacheFullAccess",
        "kubernetes_service_account_v1.backend_apps_cache_access <- backend-apps/cache-access",
      ].sort(),
    );
    expect(tf.resource!.aws_iam_role.backend_apps_s3_reader.name).toBe("cluster-13-s3-reader");
    expect(tf.resource!.aws_iam_role.backend_apps_cache_access.permissions_boundary).toBe("arn:aws:iam::111122223333:policy/irsa-boundary");
    expect(tf.data!.aws_iam_openid_connect_provider.cluster).toBeDefined();
  });

  it("names each workload's source in a comment, and the files in the header", () => {
    expect(yaml).toMatch(/^# Converted from eksctl ClusterConfig by `npm run from-eksctl`: attach-policy-arns\.yaml\./);
    expect(yaml).toContain("      # from iam.serviceAccounts[0] of attach-policy-arns.yaml\n      - namespace: backend-apps\n        serviceAccount: s3-reader");
    expect(yaml).toContain("      # from iam.serviceAccounts[1] of attach-policy-arns.yaml\n      - namespace: backend-apps\n        serviceAccount: cache-access");
  });

  it("reports what it does not convert, with file, line and column", () => {
    expect(result.report).toContain("attach-policy-arns.yaml:38:1 nodeGroups: irsa-gen makes IAM roles for service accounts, nothing else.");
    // eksctl's implicit role of the VPC CNI (withOIDC without a vpc-cni add-on)
    expect(result.report).toMatch(/attach-policy-arns\.yaml:14:13 iam\.withOIDC: with withOIDC, eksctl also gave kube-system\/aws-node \(the VPC CNI\) a role/);
    expect(result.report).toContain("oidcIssuerUrl");
  });
});

describe("from eksctl: attachPolicy inline documents", () => {
  const yaml = yamlOf(convertFixtures(["attach-policy.yaml"]));

  it("writes the document's statements as policyStatements, and adopts eksctl's inline policy <stack>-Policy1", () => {
    const [autoscaler, uploader] = workloadsOf(yaml);
    expect(autoscaler.policyStatements).toEqual([
      {
        actions: [
          "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeTags", "autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup", "ec2:DescribeLaunchTemplateVersions",
        ],
        resources: ["*"],
      },
    ]);
    expect(autoscaler.adopt).toEqual({
      role: "cluster-inline-autoscaler-service",
      inlinePolicy: "eksctl-cluster-inline-addon-iamserviceaccount-kube-system-autoscaler-service-Policy1",
      serviceAccount: true,
    });
    // Strings or lists, Sid, Deny, conditions (booleans as IAM reads them), and policy variables in irsa-gen's spelling
    expect(uploader.policyStatements).toEqual([
      { sid: "WriteOwnPrefix", actions: ["s3:PutObject"], resources: ["arn:aws:s3:::media-uploads/&{aws:PrincipalTag/team}/*"] },
      {
        effect: "Deny",
        actions: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
        resources: ["arn:aws:s3:::media-uploads", "arn:aws:s3:::media-uploads/*"],
        conditions: [
          { test: "Bool", variable: "aws:SecureTransport", values: ["false"] },
          { test: "StringNotEquals", variable: "aws:PrincipalTag/team", values: ["media", "platform"] },
        ],
      },
    ]);
    expect(uploader.managedPolicyArns).toEqual(["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"]);
  });

  it("validates, and synthesizes the import of the inline policy as role:policy", () => {
    expect(validateConverted(yaml).errors).toEqual([]);
    const tf = synthAll(yaml)["cluster-inline"];
    expect(importsOf(tf)).toContain("aws_iam_role_policy.media_uploader <- cluster-inline-media-uploader:eksctl-cluster-inline-addon-iamserviceaccount-media-uploader-Policy1");
    expect(tf.resource!.aws_iam_role_policy.media_uploader.name).toBe("eksctl-cluster-inline-addon-iamserviceaccount-media-uploader-Policy1");
    const deny = tf.data!.aws_iam_policy_document.media_uploader_permissions.statement.find((s: { effect: string }) => s.effect === "Deny");
    expect(deny.condition).toEqual([
      { test: "Bool", variable: "aws:SecureTransport", values: ["false"] },
      { test: "StringNotEquals", variable: "aws:PrincipalTag/team", values: ["media", "platform"] },
    ]);
  });

  it("leaves a statement it cannot express as a placeholder that fails validation, never drops it", () => {
    // GIVEN a Deny with NotAction (dropping it would grant more) and a Resource that is a CloudFormation function
    const result = convertClusterConfigs([
      {
        file: "c1.yaml",
        text: `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: {name: c1, region: eu-west-1}
iam:
  withOIDC: true
  serviceAccounts:
  - metadata: {name: app, namespace: web}
    roleName: c1-web-app
    attachPolicy:
      Version: "2012-10-17"
      Statement:
      - Effect: Deny
        NotAction: ["s3:GetObject"]
        Resource: "*"
      - Effect: Allow
        Action: s3:ListBucket
        Resource: {"Fn::Sub": "arn:\${AWS::Partition}:s3:::b"}
      - Effect: Allow
        Action: s3:GetObject
        Resource: arn:aws:s3:::b/*
`,
      },
    ]);
    const yaml = yamlOf(result);
    // THEN each is reported where it is, the convertible one is converted
    expect(pathsOf(itemsOf(result, "fill-in"))).toEqual(["iam.serviceAccounts[0].attachPolicy.Statement[0]", "iam.serviceAccounts[0].attachPolicy.Statement[1]"]);
    expect(result.report).toContain("c1.yaml:12:9 iam.serviceAccounts[0].attachPolicy.Statement[0]: web/app: not converted: it uses NotAction");
    expect(workloadsOf(yaml)[0].policyStatements[2]).toEqual({ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] });
    // AND the original is beside the placeholder
    expect(yaml).toContain('It was: {"Effect":"Deny","NotAction":["s3:GetObject"],"Resource":"*"}');
    // AND irsa-gen refuses the file until they are rewritten, naming each
    const errors = validateConverted(yaml).errors;
    expect(errors).toEqual([
      expect.stringContaining('clusters[0].workloads[0].policyStatements[0].actions[0]: is not an IAM action (got "<rewrite: Statement[0] of attachPolicy uses NotAction'),
      expect.stringContaining('clusters[0].workloads[0].policyStatements[1].actions[0]: is not an IAM action (got "<rewrite: Statement[1] of attachPolicy has no Resource'),
    ]);
  });
});

describe("from eksctl: wellKnownPolicies", () => {
  const withRoles = convertFixtures(["well-known-policies.yaml"], ["well-known-roles.yaml"]);
  const yaml = yamlOf(withRoles);
  const byName = (name: string) => workloadsOf(yaml).find((w) => w.serviceAccount === name)!;
  const stack = (ns: string, name: string) => `eksctl-cluster-wk-addon-iamserviceaccount-${ns}-${name}`;
  const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
  const filled = yaml.replace(/"<fill in: the hosted zone ARNs [a-z-]+ may change>"/g, ZONE);

  it("maps each to a preset, or to the AWS managed policy eksctl attached", () => {
    expect(byName("aws-load-balancer-controller").presets).toEqual(["aws-load-balancer-controller"]);
    expect(byName("efs-csi-controller-sa").presets).toEqual(["efs-csi"]);
    expect(byName("cluster-autoscaler").presets).toEqual(["cluster-autoscaler"]);
    expect(byName("external-dns").presets).toEqual([{ name: "external-dns", hostedZoneArns: [`${FILL_IN} the hosted zone ARNs external-dns may change>`] }]);
    expect(byName("cert-manager").presets).toEqual([{ name: "cert-manager", hostedZoneArns: [`${FILL_IN} the hosted zone ARNs cert-manager may change>`] }]);
    expect(byName("ebs-csi-controller-sa").managedPolicyArns).toEqual(["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"]);
    expect(byName("build-service").managedPolicyArns).toEqual(["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"]);
  });

  it("adopts the first of eksctl's inline policies and reports the others as left to delete", () => {
    expect(byName("cert-manager").adopt.inlinePolicy).toBe(`${stack("cert-manager", "cert-manager")}-PolicyCertManagerChangeSet`);
    expect(byName("external-dns").adopt.inlinePolicy).toBe(`${stack("kube-system", "external-dns")}-PolicyExternalDNSChangeSet`);
    expect(byName("cluster-autoscaler").adopt.inlinePolicy).toBe(`${stack("kube-system", "cluster-autoscaler")}-PolicyAutoScaling`);
    expect(byName("ebs-csi-controller-sa").adopt.inlinePolicy).toBeUndefined();
    const afterApply = itemsOf(withRoles, "after-apply").map((i) => i.message).join("\n");
    const role = "eksctl-cluster-wk-addon-iamserviceaccount-ce-Role1-5E6F7G8H9I0J";
    expect(afterApply).toContain(`aws iam delete-role-policy --role-name ${role} --policy-name ${stack("cert-manager", "cert-manager")}-PolicyCertManagerGetChange`);
    expect(afterApply).toContain(`aws iam delete-role-policy --role-name ${role} --policy-name ${stack("cert-manager", "cert-manager")}-PolicyCertManagerHostedZones`);
    expect(afterApply).toContain(`${stack("kube-system", "external-dns")}-PolicyExternalDNSHostedZones`);
    expect(afterApply).toContain("eksctl's CloudFormation stacks still own the adopted roles");
  });

  it("says where a preset grants other permissions than eksctl's well-known policy", () => {
    expect(pathsOf(itemsOf(withRoles, "differs"))).toEqual([
      "iam.serviceAccounts[2].wellKnownPolicies.efsCSIController",
      "iam.serviceAccounts[3].wellKnownPolicies.externalDNS",
      "iam.serviceAccounts[4].wellKnownPolicies.certManager",
      "iam.serviceAccounts[5].wellKnownPolicies.autoScaler",
    ]);
    expect(withRoles.report).toContain("only on Auto Scaling groups tagged kubernetes.io/cluster/cluster-wk=owned, where eksctl allowed them on every group");
  });

  it("takes the role names CloudFormation generated from eksctl's own listing, and reports roles it lists that the ClusterConfig lacks", () => {
    expect(byName("cluster-autoscaler").adopt.role).toBe("eksctl-cluster-wk-addon-iamserviceaccount-ku-Role1-6F7G8H9I0J1K");
    expect(withRoles.report).toMatch(/iam\.serviceAccounts: batch\/legacy-job: well-known-roles\.yaml lists its role eksctl-cluster-wk-addon-iamserviceaccount-ba-Role1-8H9I0J1K2L3M/);
  });

  it("once the hosted zones are filled in, validates and synthesizes the presets and the imports", () => {
    expect(itemsOf(withRoles, "fill-in")).toHaveLength(2);
    const checked = validateConverted(filled);
    expect(checked.errors).toEqual([]);
    const config = synthAll(filled)["cluster-wk"];
    const imports = importsOf(config);
    expect(imports).toContain(
      `aws_iam_role_policy.kube_system_cluster_autoscaler <- eksctl-cluster-wk-addon-iamserviceaccount-ku-Role1-6F7G8H9I0J1K:${stack("kube-system", "cluster-autoscaler")}-PolicyAutoScaling`,
    );
    expect(imports).toContain(
      "aws_iam_role_policy_attachment.kube_system_ebs_csi_controller_sa_amazon_ebscsidriver_policy <- eksctl-cluster-wk-addon-iamserviceaccount-ku-Role1-2B3C4D5E6F7G/arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
    );
    expect(imports.filter((i) => i.startsWith("aws_iam_role."))).toHaveLength(7);
    expect(imports.filter((i) => i.startsWith("kubernetes_service_account_v1."))).toHaveLength(7);
    // The preset's statements are the adopted policy's
    const dns = config.data!.aws_iam_policy_document.kube_system_external_dns_permissions.statement;
    expect(dns).toContainEqual(expect.objectContaining({ actions: ["route53:ChangeResourceRecordSets"], resources: [ZONE] }));
  });

  it("leaves the role names it cannot know as placeholders, with the command that finds each, and validation fails on each with its place", () => {
    // GIVEN no listing of the roles / WHEN converted
    const result = convertFixtures(["well-known-policies.yaml"]);
    const yaml = yamlOf(result);
    // THEN each role is a placeholder, and the report gives the exact command
    expect(workloadsOf(yaml)[0].adopt.role).toBe(`${FILL_IN} the name of the role in stack ${stack("kube-system", "aws-load-balancer-controller")}>`);
    expect(result.report).toContain(
      `aws cloudformation describe-stack-resources --region us-west-2 --stack-name ${stack("kube-system", "aws-load-balancer-controller")} --query "StackResources[?ResourceType=='AWS::IAM::Role'].PhysicalResourceId" --output text`,
    );
    expect(result.report).toContain("eksctl get iamserviceaccount --cluster cluster-wk --region us-west-2 -o yaml > cluster-wk-roles.yaml, then convert again with --roles cluster-wk-roles.yaml");
    expect(itemsOf(result, "fill-in")).toHaveLength(9);
    // AND irsa-gen refuses exactly the placeholders, each at its line, and nothing else
    const errors = validateConverted(yaml).errors;
    expect(errors).toHaveLength(9);
    expect(errors.filter((e) => /adopt\.role: is not a valid IAM role name \(got "<fill in: the name of the role in stack /.test(e))).toHaveLength(7);
    expect(errors.filter((e) => /presets\[0\]\.hostedZoneArns\[0\]: is not the ARN of a hosted zone \(service route53\) \(got "<fill in: the hosted zone ARNs/.test(e))).toHaveLength(2);
    expect(errors[0]).toMatch(/^irsa\.yaml:\d+:\d+ clusters\[0\]\.workloads\[0\]\.adopt\.role: /);
    // AND the comment above the placeholder says how to fill it
    expect(yaml).toContain(`# the name CloudFormation gave the role: aws cloudformation describe-stack-resources --region us-west-2 --stack-name ${stack("ci-cd", "build-service")}`);
  });
});

describe("from eksctl: roleOnly, subjectPattern, attachRoleARN", () => {
  const result = convertFixtures(["role-only.yaml"]);
  const yaml = yamlOf(result);

  it("leaves a roleOnly service account to whoever makes it, and adopts the one eksctl made", () => {
    const workloads = workloadsOf(yaml);
    expect(workloads.map((w) => `${w.namespace}/${w.serviceAccount}`)).toEqual(["backend-apps/cache-access", "kube-system/cluster-autoscaler"]);
    expect(workloads[1]).toMatchObject({ createServiceAccount: false, adopt: { role: "eksctl-cluster-autoscaler-role" } });
    expect(workloads[1].adopt.serviceAccount).toBeUndefined();
    // (eksctl did not make that service account, so its labels were never applied: reported, not carried over)
    expect(workloads[1].serviceAccountLabels).toBeUndefined();
    expect(pathsOf(itemsOf(result, "note"))).toContain("iam.serviceAccounts[2].metadata.labels");
    const tf = synthAll(yaml)["cluster-13"];
    expect(Object.keys(tf.resource!.kubernetes_service_account_v1)).toEqual(["backend_apps_cache_access"]);
    expect(tf.output!.kube_system_cluster_autoscaler_service_account_annotations.value).toEqual({ "eks.amazonaws.com/role-arn": "${aws_iam_role.kube_system_cluster_autoscaler.arn}" });
    expect(importsOf(tf)).toContain("aws_iam_role.kube_system_cluster_autoscaler <- eksctl-cluster-autoscaler-role");
    expect(validateConverted(yaml).errors).toEqual([]);
  });

  it("reports a role trusting a pattern of service accounts and a role eksctl did not make, and converts neither", () => {
    expect(pathsOf(itemsOf(result, "not-converted"))).toEqual(
      expect.arrayContaining(["iam.serviceAccounts[0].subjectPattern", "iam.serviceAccounts[3].attachRoleARN", "nodeGroups"]),
    );
    expect(result.report).toContain('role-only.yaml:24:21 iam.serviceAccounts[0].subjectPattern: backend-apps/s3-reader: its role trusts every service account matching "app-*"');
    expect(result.report).toContain("iam.serviceAccounts[3].attachRoleARN: default/some-app: eksctl made no role for it");
  });
});

describe("from eksctl: several clusters", () => {
  const result = convertFixtures(["prod.yaml", "staging.yaml"]);
  const yaml = yamlOf(result);

  it("makes one cluster per ClusterConfig file, each in its own partition, in one file that validates", () => {
    const clusters = parse(yaml).clusters;
    expect(clusters.map((c: { name: string; region: string }) => `${c.name} ${c.region}`)).toEqual(["prod eu-west-1", "staging cn-north-1"]);
    expect(workloadsOf(yaml, 1)[1].managedPolicyArns).toEqual(["arn:aws-cn:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"]);
    expect(yaml).toContain("  # from prod.yaml\n  - name: prod");
    expect(yaml).toContain("  # from staging.yaml\n  - name: staging");
    expect(yaml).toContain("      # from iam.serviceAccounts[1] of staging.yaml");
    expect(validateConverted(yaml).errors).toEqual([]);
    const stacks = synthAll(yaml);
    expect(importsOf(stacks.prod)).toContain("aws_iam_role.payments_api <- prod-payments-api");
    expect(importsOf(stacks.staging)).toContain("aws_iam_role.payments_api <- staging-payments-api");
    expect(stacks.staging.provider.aws[0].region).toBe("cn-north-1");
  });

  it("reports each file under its own name", () => {
    expect(result.files.map((f) => `${f.file} ${f.cluster} ${f.workloads}`)).toEqual(["prod.yaml prod 2", "staging.yaml staging 2"]);
    expect(result.report).toContain("prod.yaml:7:3 metadata.version: irsa-gen does not manage the cluster itself.");
  });

  it("refuses the same cluster twice, at the second file's name", () => {
    const again = convertFixtures(["prod.yaml", "prod.yaml"]);
    expect(again.yaml).toBeUndefined();
    expect(again.errors).toEqual(['prod.yaml:5:9 metadata.name: names the cluster of prod.yaml again (got "prod"). Give each cluster\'s ClusterConfig once: each file becomes one cluster.']);
  });
});

describe("from eksctl: EKS Pod Identity associations", () => {
  const result = convertFixtures(["pod-identity.yaml"]);
  const yaml = yamlOf(result);
  const withIds = convertFixtures(["pod-identity.yaml"], ["pod-identity-associations.yaml"]);
  const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
  const filled = yamlOf(withIds).replace('"<fill in: the hosted zone ARNs external-dns may change>"', ZONE);
  const byName = (text: string, name: string) => workloadsOf(text).find((w) => w.serviceAccount === name)!;
  const stack = (ns: string, name: string) => `eksctl-cluster-39-podidentityrole-${ns}-${name}`;
  const listIds = (ns: string, sa: string) =>
    `aws eks list-pod-identity-associations --region us-west-2 --cluster-name cluster-39 --namespace ${ns} --service-account ${sa} --query "associations[].associationId" --output text`;

  it("converts each association into a Pod Identity workload that adopts the role eksctl made, its permissions and the association", () => {
    // GIVEN eksctl's example 39 / WHEN converted without eksctl's listing
    // THEN a role eksctl made with roleName, permissionPolicyARNs, wellKnownPolicies and permissionsBoundaryARN keeps all of them
    expect(byName(yaml, "app-cache-access")).toEqual({
      namespace: "dev",
      serviceAccount: "app-cache-access",
      identity: "pod-identity",
      createServiceAccount: false,
      presets: ["cluster-autoscaler", { name: "external-dns", hostedZoneArns: [`${FILL_IN} the hosted zone ARNs external-dns may change>`] }],
      managedPolicyArns: ["arn:aws:iam::111122223333:policy/permission-policy-1", "arn:aws:iam::111122223333:policy/permission-policy-2"],
      permissionsBoundaryArn: "arn:aws:iam::111122223333:policy/permission-boundary",
      protect: true,
      adopt: {
        role: "pod-identity-role-app-cache",
        inlinePolicy: `${stack("dev", "app-cache-access")}-PolicyAutoScaling`,
        podIdentityAssociation: `${FILL_IN} the id of the Pod Identity association of dev/app-cache-access>`,
      },
    });
    // AND a role named by CloudFormation, with the permissionPolicy document in the inline policy eksctl named <stack>-Policy1
    expect(byName(yaml, "nginx")).toMatchObject({
      identity: "pod-identity",
      policyStatements: [{ actions: expect.arrayContaining(["autoscaling:SetDesiredCapacity", "ec2:DescribeLaunchTemplateVersions"]), resources: ["*"] }],
      adopt: { role: `${FILL_IN} the name of the role in stack ${stack("dev", "nginx")}>`, inlinePolicy: `${stack("dev", "nginx")}-Policy1` },
    });
    // AND createServiceAccount: eksctl made the service account, which is adopted
    expect(byName(yaml, "cross-account-s3-reader-b")).toMatchObject({
      createServiceAccount: true,
      managedPolicyArns: ["arn:aws:iam::111122223333:policy/my-cross-account-permission-policy"],
      podIdentity: { targetRoleArn: "arn:aws:iam::444455556666:role/role-b" },
      adopt: { role: "pod-identity-role-cross-account", serviceAccount: true },
    });
    // AND the IRSA service account beside them stays IRSA
    expect(byName(yaml, "reporter").identity).toBeUndefined();
  });

  it("adopts a role eksctl did not make (roleARN) by name, and says what irsa-gen's management changes on it", () => {
    expect(byName(yaml, "s3-reader")).toEqual({
      namespace: "default",
      serviceAccount: "s3-reader",
      identity: "pod-identity",
      createServiceAccount: true,
      protect: true,
      adopt: { role: "role-1", serviceAccount: true, podIdentityAssociation: `${FILL_IN} the id of the Pod Identity association of default/s3-reader>` },
    });
    const note = itemsOf(result, "note").find((i) => pathsOf([i])[0] === "iam.podIdentityAssociations[0].roleARN")!.message;
    expect(note).toContain("eksctl made no role for it, it associated the existing role role-1, whose permissions the converter cannot know");
    expect(note).toContain("its trust becomes irsa-gen's, pinned to this service account on this cluster, so any other association that uses the role (another cluster, another service account) loses access");
    expect(note).toContain("aws iam get-role --role-name role-1");
  });

  it("converts disableSessionTags into an unpinned trust, said in the config and explained in the report", () => {
    expect(byName(yaml, "cross-account-s3-reader")).toMatchObject({
      podIdentity: { targetRoleArn: "arn:aws:iam::444455556666:role/role-b", disableSessionTags: true, unpinnedTrust: true },
      adopt: { role: "role-a" },
    });
    expect(result.report).toContain(
      "pod-identity.yaml:70:25 iam.podIdentityAssociations[3].disableSessionTags: default/cross-account-s3-reader: without session tags, irsa-gen cannot pin the role's trust to this service account on this cluster",
    );
  });

  it("leaves each association's id a placeholder with the command that prints it, and the file does not validate until it is filled in", () => {
    expect(itemsOf(result, "fill-in").map((i) => i.message)).toEqual(
      expect.arrayContaining([expect.stringContaining(`default/s3-reader: adopt.podIdentityAssociation, the id EKS gave the association (EKS allows one per service account, so irsa-gen imports it rather than create a second): ${listIds("default", "s3-reader")}`)]),
    );
    expect(yaml).toContain(`# the association's id: ${listIds("dev", "nginx")}`);
    expect(result.report).toContain("eksctl get podidentityassociation --cluster cluster-39 --region us-west-2 -o yaml > cluster-39-associations.yaml, then convert again with --roles cluster-39-associations.yaml");
    // (5 association ids, 1 role name, 1 list of hosted zones)
    expect(itemsOf(result, "fill-in")).toHaveLength(7);
    const errors = validateConverted(yaml).errors;
    expect(errors.filter((e) => /adopt\.podIdentityAssociation: is not an EKS Pod Identity association id .*\(got "<fill in: the id of the Pod Identity association of /.test(e))).toHaveLength(5);
    expect(errors).toHaveLength(7);
  });

  it("takes the association ids and generated role names from eksctl's listing (--roles), and reports what it lists that the ClusterConfig lacks", () => {
    expect(byName(filled, "s3-reader").adopt.podIdentityAssociation).toBe("a-9njjin9gfghecgoc1");
    expect(byName(filled, "nginx").adopt).toMatchObject({ role: "eksctl-cluster-39-podidentityrole-dev-ngi-Role1-A1B2C3D4E5F6", podIdentityAssociation: "a-9njjin9gfghecgoc3" });
    expect(itemsOf(withIds, "fill-in")).toHaveLength(1);
    const notConverted = itemsOf(withIds, "not-converted").map((i) => i.message);
    expect(notConverted).toContainEqual(expect.stringMatching(/^batch\/runner: pod-identity-associations\.yaml lists its association a-9njjin9gfghecgoc6 \(role batch-runner\), which this ClusterConfig does not have/));
    expect(notConverted).toContainEqual(expect.stringMatching(/^kube-system\/aws-node: .* an EKS add-on owns it \(arn:aws:eks:us-west-2:111122223333:addon\/cluster-39\/vpc-cni\/.*\) and EKS manages it through the add-on: not converted$/));
  });

  it("once filled in, validates and synthesizes the associations' and roles' imports, with a trust pinned to each service account", () => {
    // GIVEN the converted file with eksctl's listing and the hosted zones filled in / WHEN validated
    const checked = validateConverted(filled);
    // THEN the one warning is the role whose permissions the converter cannot know
    expect(checked.errors).toEqual([]);
    expect(checked.warnings).toEqual([expect.stringContaining("clusters[0].workloads[1]: warning: grants no permissions (got \"default/s3-reader\")")]);
    // AND WHEN synthesized THEN each association is imported as <cluster>,<id>, beside its adopted role and inline policy
    const tf = synthAll(filled)["cluster-39"];
    const imports = importsOf(tf);
    expect(imports.filter((i) => i.startsWith("aws_eks_pod_identity_association."))).toEqual([
      "aws_eks_pod_identity_association.default_cross_account_s3_reader <- cluster-39,a-9njjin9gfghecgoc4",
      "aws_eks_pod_identity_association.default_cross_account_s3_reader_b <- cluster-39,a-9njjin9gfghecgoc5",
      "aws_eks_pod_identity_association.default_s3_reader <- cluster-39,a-9njjin9gfghecgoc1",
      "aws_eks_pod_identity_association.dev_app_cache_access <- cluster-39,a-9njjin9gfghecgoc2",
      "aws_eks_pod_identity_association.dev_nginx <- cluster-39,a-9njjin9gfghecgoc3",
    ]);
    expect(imports).toContain("aws_iam_role.dev_nginx <- eksctl-cluster-39-podidentityrole-dev-ngi-Role1-A1B2C3D4E5F6");
    expect(imports).toContain(`aws_iam_role_policy.dev_nginx <- eksctl-cluster-39-podidentityrole-dev-ngi-Role1-A1B2C3D4E5F6:${stack("dev", "nginx")}-Policy1`);
    expect(imports).toContain("aws_iam_role.default_s3_reader <- role-1");
    expect(imports).toContain("kubernetes_service_account_v1.default_s3_reader <- default/s3-reader");
    expect(tf.resource!.aws_eks_pod_identity_association.default_cross_account_s3_reader).toMatchObject({
      role_arn: "${aws_iam_role.default_cross_account_s3_reader.arn}",
      target_role_arn: "arn:aws:iam::444455556666:role/role-b",
      disable_session_tags: true,
    });
    // AND the trust of a role eksctl left open to any association is pinned to the service account, except without session tags
    const trust = (label: string) => tf.data!.aws_iam_policy_document[`${label}_trust`].statement[0];
    expect(trust("dev_nginx").principals).toEqual([{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }]);
    expect(trust("dev_nginx").condition.map((c: { variable: string }) => c.variable)).toEqual([
      "aws:SourceAccount",
      "aws:RequestTag/eks-cluster-arn",
      "aws:RequestTag/kubernetes-namespace",
      "aws:RequestTag/kubernetes-service-account",
    ]);
    expect(trust("default_cross_account_s3_reader").condition.map((c: { variable: string }) => c.variable)).toEqual(["aws:SourceAccount"]);
    // AND the service accounts eksctl made for associations get no role-arn annotation (Pod Identity needs none)
    expect(tf.resource!.kubernetes_service_account_v1.default_s3_reader.metadata.annotations).toBeUndefined();
  });

  it("says the trust is tightened in place, and what to do with eksctl's stacks and entries after the first apply", () => {
    expect(result.report).toMatch(
      /iam\.podIdentityAssociations: the first plan tightens, in place, the trust of the roles the associations use: eksctl makes a role trust pods\.eks\.amazonaws\.com for any association of the account .* so another association that uses one of these roles \(another cluster, another service account\) loses access/,
    );
    const afterApply = itemsOf(result, "after-apply").map((i) => i.message).join("\n");
    expect(afterApply).toContain(`eksctl's CloudFormation stacks still own the adopted Pod Identity roles (${stack("dev", "app-cache-access")}, ${stack("dev", "nginx")}, ${stack("default", "cross-account-s3-reader-b")})`);
    expect(afterApply).toContain("remove the converted entries from iam.podIdentityAssociations of pod-identity.yaml");
    expect(result.report).toContain("pod-identity.yaml:15:5 addons[0]: the eks-pod-identity-agent add-on, which the associations need, stays eksctl's");
  });
});

describe("from eksctl: Pod Identity beside IRSA, add-ons' associations, and associations that cannot be converted", () => {
  const result = convertFixtures(["pod-identity-migration.yaml"]);
  const yaml = yamlOf(result);
  const byName = (name: string) => workloadsOf(yaml).find((w) => w.serviceAccount === name);

  it("joins an association naming the IRSA role of its service account to that workload, as identity: both", () => {
    // GIVEN payments/api in iam.serviceAccounts, and an association of payments/api naming its role (eksctl utils migrate-to-pod-identity)
    // THEN one workload has both mechanisms and adopts the association
    expect(byName("api")).toEqual({
      namespace: "payments",
      serviceAccount: "api",
      identity: "both",
      createServiceAccount: true,
      managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess"],
      protect: true,
      adopt: { role: "cluster-mig-payments-api", serviceAccount: true, podIdentityAssociation: `${FILL_IN} the id of the Pod Identity association of payments/api>` },
    });
    expect(result.report).toContain("iam.podIdentityAssociations[0]: payments/api: the association names the role eksctl made for iam.serviceAccounts[0] (cluster-mig-payments-api), as eksctl utils migrate-to-pod-identity does");
    // AND once the id is filled in, it validates and synthesizes both trust statements and the association's import
    const filled = yaml.replace(`"${FILL_IN} the id of the Pod Identity association of payments/api>"`, "a-9njjin9gfghecgocd").replace(/"<fill in: the [^"]*jobs-d>"/, "jobs-d-role").replace(`"${FILL_IN} the id of the Pod Identity association of jobs/d>"`, "a-9njjin9gfghecgoce");
    expect(validateConverted(filled).errors).toEqual([]);
    const tf = synthAll(filled)["cluster-mig"];
    expect(importsOf(tf)).toContain("aws_eks_pod_identity_association.payments_api <- cluster-mig,a-9njjin9gfghecgocd");
    expect(tf.data!.aws_iam_policy_document.payments_api_trust.statement.map((s: { actions: string[] }) => s.actions)).toEqual([["sts:AssumeRoleWithWebIdentity"], ["sts:AssumeRole", "sts:TagSession"]]);
    // AND the role eksctl made for jobs/d, with its named inline policy, tags and no session tags
    expect(importsOf(tf)).toContain("aws_iam_role_policy.jobs_d <- jobs-d-role:eksctl-cluster-mig-podidentityrole-jobs-d-jobs-d-access");
    expect(byName("d")).toMatchObject({ createServiceAccount: true, tags: { owner: "jobs" }, podIdentity: { disableSessionTags: true, unpinnedTrust: true } });
  });

  it("reports, and does not convert, what irsa-gen cannot take over, each where it is and why", () => {
    const notConverted = itemsOf(result, "not-converted");
    expect(pathsOf(notConverted)).toEqual([
      "addonsConfig.autoApplyPodIdentityAssociations",
      "addons[0]",
      "addons[1]",
      "iam.podIdentityAssociations[1]",
      "iam.podIdentityAssociations[2].policy",
      "iam.podIdentityAssociations[3]",
      "iam.podIdentityAssociations[4].roleARN",
      "iam.podIdentityAssociations[5].roleARN",
      "iam.podIdentityAssociations[6]",
      "iam.podIdentityAssociations[7]",
      "iam.podIdentityAssociations[8].someFutureField",
    ]);
    const message = (path: string) => notConverted.find((i) => pathsOf([i])[0] === path)!.message;
    expect(message("iam.podIdentityAssociations[1]")).toMatch(/^payments\/worker: iam\.serviceAccounts\[1\] gives this service account an IRSA role already .* irsa-gen gives a service account one role/);
    expect(message("iam.podIdentityAssociations[2].policy")).toContain("taking the association over would drop the limit and grant the pods all of the role's permissions");
    expect(message("iam.podIdentityAssociations[3]")).toContain("EKS allows one association per service account");
    expect(message("iam.podIdentityAssociations[4].roleARN")).toContain("irsa-gen manages a role from one workload, whose trust it pins to that service account on that cluster: adopting it here would lock the others out");
    expect(message("iam.podIdentityAssociations[6]")).toBe("jobs/c: eksctl refuses this entry (permissionPolicyARNs cannot be given with roleARN), so it made nothing to convert; fix the entry and convert again");
    expect(message("iam.podIdentityAssociations[7]")).toContain("namespace must be set");
    expect(message("addons[1]")).toContain("stacks eksctl-cluster-mig-addon-aws-ebs-csi-driver-podidentityrole-<service account>) and the associations, which the add-on owns, are not converted");
    expect(message("addonsConfig.autoApplyPodIdentityAssociations")).toContain("EKS manages an add-on's associations through the add-on");
    expect(workloadsOf(yaml).map((w) => `${w.namespace}/${w.serviceAccount}`)).toEqual(["payments/api", "payments/worker", "jobs/d"]);
  });

  it("registers no OIDC provider for a cluster that has only associations", () => {
    // GIVEN a ClusterConfig without withOIDC, whose one workload uses Pod Identity
    const only = convertClusterConfigs([
      {
        file: "pi.yaml",
        text: "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: pi, region: eu-west-1}\niam:\n  podIdentityAssociations:\n  - {namespace: a, serviceAccountName: b, roleName: pi-a-b, permissionPolicyARNs: [\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]}\n",
      },
    ]);
    // WHEN converted, its id filled in, and synthesized / THEN no OIDC provider is registered nor looked up
    expect(parse(yamlOf(only)).clusters[0].oidcProvider).toBeUndefined();
    expect(only.report).toContain("iam: iam.withOIDC is not true, and EKS Pod Identity needs no OIDC provider");
    const tf = synthAll(yamlOf(only).replace(/"<fill in: the id of the Pod Identity association of a\/b>"/, "a-9njjin9gfghecgocd")).pi;
    expect(tf.resource!.aws_iam_openid_connect_provider).toBeUndefined();
    expect(tf.data!.aws_iam_openid_connect_provider).toBeUndefined();
    expect(importsOf(tf)).toEqual(["aws_eks_pod_identity_association.a_b <- pi,a-9njjin9gfghecgocd", "aws_iam_role.a_b <- pi-a-b", "aws_iam_role_policy_attachment.a_b_read_only_access <- pi-a-b/arn:aws:iam::aws:policy/ReadOnlyAccess"]);
  });

  it("refuses associations in the China regions, where EKS Pod Identity does not run", () => {
    const china = convertClusterConfigs([
      { file: "cn.yaml", text: "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: cn, region: cn-north-1}\niam:\n  podIdentityAssociations:\n  - {namespace: a, serviceAccountName: b, roleARN: \"arn:aws-cn:iam::111122223333:role/r\"}\n" },
    ]);
    expect(itemsOf(china, "not-converted").map((i) => i.message)).toContain("a/b: EKS Pod Identity does not run in the China regions (cn-north-1): eksctl cannot have made this association");
    expect(workloadsOf(yamlOf(china))).toEqual([]);
  });
});

describe("from eksctl: nothing is dropped silently", () => {
  it("reports every field it does not convert, where it is", () => {
    // GIVEN a ClusterConfig with every kind of field the converter does not carry over
    const result = convertClusterConfigs([
      {
        file: "all.yaml",
        text: `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: all
  region: eu-west-1
  version: "1.32"
vpc: {cidr: 10.0.0.0/16}
karpenter: {version: "1.0.0"}
addons:
- name: vpc-cni
  attachPolicyARNs: ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"]
iam:
  withOIDC: yes
  serviceRoleARN: arn:aws:iam::111122223333:role/eks-service
  serviceRolePermissionsBoundary: arn:aws:iam::111122223333:policy/boundary
  fargatePodExecutionRolePermissionsBoundary: arn:aws:iam::111122223333:policy/boundary
  vpcResourceControllerPolicy: false
  someFutureField: true
  serviceAccounts:
  - metadata:
      name: app
      annotations:
        eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/old
        eks.amazonaws.com/sts-regional-endpoints: "true"
      someMetadataField: x
    roleName: all-app
    roleOnly: no
    attachPolicyARNs: ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    wellKnownPolicies: {autoscaler: true, imageBuilder: false}
    someServiceAccountField: 1
`,
      },
    ]);
    // THEN each is in the report at its own path
    expect(pathsOf(itemsOf(result, "not-converted"))).toEqual([
      "metadata.version",
      "vpc",
      "karpenter",
      "addons[0]",
      "iam.serviceRoleARN",
      "iam.serviceRolePermissionsBoundary",
      "iam.fargatePodExecutionRolePermissionsBoundary",
      "iam.vpcResourceControllerPolicy",
      "iam.someFutureField",
      "iam.serviceAccounts[0].metadata.someMetadataField",
      "iam.serviceAccounts[0].wellKnownPolicies.autoscaler",
      "iam.serviceAccounts[0].someServiceAccountField",
    ]);
    expect(pathsOf(itemsOf(result, "note"))).toContain("iam.serviceAccounts[0].metadata.annotations.eks.amazonaws.com/role-arn");
    // AND what it does convert is converted: YAML 1.1 booleans as eksctl reads them, the namespace eksctl defaults to
    const workload = workloadsOf(yamlOf(result))[0];
    expect(workload).toMatchObject({
      namespace: "default",
      serviceAccount: "app",
      createServiceAccount: true,
      serviceAccountAnnotations: { "eks.amazonaws.com/sts-regional-endpoints": "true" },
      adopt: { role: "all-app", serviceAccount: true },
    });
    expect(parse(yamlOf(result)).clusters[0].oidcProvider).toBe("lookup");
    // (the vpc-cni add-on is given, so eksctl made no implicit aws-node role)
    expect(result.report).not.toContain("kube-system/aws-node");
    expect(validateConverted(yamlOf(result)).errors).toEqual([]);
  });
});

describe("from eksctl: input that cannot be converted", () => {
  const errorsOf = (text: string) => convertClusterConfigs([{ file: "c.yaml", text }]).errors;
  const HEAD = "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\n";

  it.each<[string, string, string]>([
    ["malformed YAML", `${HEAD}metadata: {name: a\n`, "c.yaml:4:1 (file): YAML syntax error"],
    ["another kind", "apiVersion: v1\nkind: ConfigMap\n", 'c.yaml:2:7 kind: is not ClusterConfig (got "ConfigMap"). Give an eksctl ClusterConfig file (kind: ClusterConfig).'],
    ["a missing region", `${HEAD}metadata: {name: a}\n`, 'c.yaml:3:11 metadata.region: is required. Add "region:" here.'],
    ["a list where a list belongs not", `${HEAD}metadata: {name: a, region: eu-west-1}\niam:\n  serviceAccounts:\n  - metadata: {name: x}\n    attachPolicyARNs: arn:aws:iam::aws:policy/ReadOnlyAccess\n`, 'c.yaml:7:23 iam.serviceAccounts[0].attachPolicyARNs: must be a list (got "arn:aws:iam::aws:policy/ReadOnlyAccess"). Write a list here.'],
    ["an empty file", "", 'c.yaml (file): is not an eksctl ClusterConfig (got "an empty file").'],
  ])("refuses %s with a located message", (_what, text, message) => {
    expect(errorsOf(text)).toContainEqual(expect.stringContaining(message));
  });
});

describe("from eksctl: listings (--roles) and the ClusterConfig they belong to", () => {
  const HEAD = "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\n";
  const CONFIG = `${HEAD}metadata: {name: prod, region: eu-west-1}
iam:
  withOIDC: true
  serviceAccounts:
  - metadata: {name: api, namespace: apps}
    attachPolicyARNs: ["arn:aws:iam::111122223333:policy/own"]
  podIdentityAssociations:
  - {namespace: jobs, serviceAccountName: runner, roleARN: "arn:aws:iam::111122223333:role/runner"}
`;
  const association = (region: string, account: string, role = "runner") =>
    `- {AssociationARN: "arn:aws:eks:${region}:${account}:podidentityassociation/prod/a-1234567890abcdef0", Namespace: jobs, ServiceAccountName: runner, OwnerARN: "", RoleARN: "arn:aws:iam::${account}:role/${role}"}\n`;
  const role = (partition: string, account: string) =>
    `- metadata: {name: api, namespace: apps}\n  status: {roleARN: "arn:${partition}:iam::${account}:role/eksctl-prod-api-Role1-X", stackName: eksctl-prod-addon-iamserviceaccount-apps-api}\n`;
  const convert = (listing: string, config = CONFIG) => convertClusterConfigs([{ file: "prod.yaml", text: config }], [{ file: "l.yaml", text: listing }]);

  it.each<[string, string, string | undefined, RegExp]>([
    ["an association listing of another region", association("us-east-1", "111122223333"), undefined, /^l\.yaml:1:20 \[0\]\.AssociationARN: is of cluster prod in us-east-1, and the cluster prod of prod\.yaml is in eu-west-1 \(got "arn:aws:eks:us-east-1:111122223333:podidentityassociation\/prod\/a-1234567890abcdef0"\)\. Give the listing of prod in eu-west-1 \(eksctl get podidentityassociation --cluster prod --region eu-west-1 -o yaml\), or leave this one out\.$/],
    ["an association listing of another account", association("eu-west-1", "999988887777"), undefined, /^l\.yaml:1:20 \[0\]\.AssociationARN: is in account 999988887777, and the cluster prod of prod\.yaml is in account 111122223333 \(as its own ARNs say\)/],
    ["a role listing of another account", role("aws", "999988887777"), undefined, /^l\.yaml:2:21 \[0\]\.status\.roleARN: is in account 999988887777, and the cluster prod of prod\.yaml is in account 111122223333/],
    ["a role listing of another partition", role("aws-cn", "111122223333"), undefined, /^l\.yaml:2:21 \[0\]\.status\.roleARN: is a role of partition aws-cn, and the cluster prod of prod\.yaml is in eu-west-1 \(partition aws\)/],
    [
      "listings of two accounts for a ClusterConfig that names none",
      role("aws", "111122223333") + association("eu-west-1", "999988887777").replace("runner\"}", "runner\"}"),
      `${HEAD}metadata: {name: prod, region: eu-west-1}\niam:\n  serviceAccounts:\n  - metadata: {name: api, namespace: apps}\n    attachPolicyARNs: ["arn:aws:iam::aws:policy/ReadOnlyAccess"]\n`,
      /\[1\]\.AssociationARN: is in account 999988887777, and the cluster prod of prod\.yaml is in account 111122223333 \(as l\.yaml:2:21 \[0\]\.status\.roleARN says\)/,
    ],
  ])("refuses %s, located, with the command that lists the right one", (_what, listing, config, message) => {
    // GIVEN a ClusterConfig and a listing of a cluster of the same name elsewhere / WHEN converted
    const result = convert(listing, config);
    // THEN nothing is converted, and the listing's entry is named with why
    expect(result.yaml).toBeUndefined();
    expect(result.errors).toContainEqual(expect.stringMatching(message));
  });

  it("applies a listing of the ClusterConfig's own region and account", () => {
    const result = convert(association("eu-west-1", "111122223333") + role("aws", "111122223333"));
    expect(result.errors).toEqual([]);
    expect(workloadsOf(yamlOf(result)).map((w) => w.adopt)).toEqual([
      { role: "eksctl-prod-api-Role1-X", serviceAccount: true },
      { role: "runner", podIdentityAssociation: "a-1234567890abcdef0" },
    ]);
  });

  it("keeps the ClusterConfig's own roleARN over the role a listing names, and says so", () => {
    // GIVEN a listing whose association names another role than the ClusterConfig's roleARN / WHEN converted
    const result = convert(association("eu-west-1", "111122223333", "old-runner"));
    // THEN the ClusterConfig's role is adopted, and the report says the association will be pointed at it
    expect(workloadsOf(yamlOf(result)).find((w) => w.serviceAccount === "runner")!.adopt.role).toBe("runner");
    expect(result.report).toContain("jobs/runner: l.yaml lists the association with the role old-runner, and roleARN names runner: adopted runner, the ClusterConfig's; the first plan points the association at it, in place");
  });

  it("keeps a service account's own status.roleARN over a listing's", () => {
    const config = CONFIG.replace('attachPolicyARNs: ["arn:aws:iam::111122223333:policy/own"]', 'attachPolicyARNs: ["arn:aws:iam::111122223333:policy/own"]\n    status: {roleARN: "arn:aws:iam::111122223333:role/from-config"}');
    const result = convert(role("aws", "111122223333"), config);
    expect(workloadsOf(yamlOf(result))[0].adopt.role).toBe("from-config");
    expect(result.report).toContain("apps/api: l.yaml lists the role eksctl-prod-api-Role1-X, and status.roleARN names from-config: adopted from-config, the ClusterConfig's");
  });

  it.each<[string, string, string]>([
    ["an association ARN of a cluster", "- {AssociationARN: \"arn:aws:eks:eu-west-1:111122223333:cluster/prod\", Namespace: a, ServiceAccountName: b}\n", 'is not the ARN of an EKS Pod Identity association: it names a cluster, where an association\'s ARN names podidentityassociation/<cluster>/<id> (got "arn:aws:eks:eu-west-1:111122223333:cluster/prod")'],
    ["an association ARN without a region", "- {AssociationARN: \"arn:aws:eks::111122223333:podidentityassociation/prod/a-1\", Namespace: a, ServiceAccountName: b}\n", "has no region"],
    [
      "a long role ARN in another service, quoted whole",
      `- {AssociationARN: "arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod/a-1234567890abcdef0", Namespace: a, ServiceAccountName: b, RoleARN: "arn:aws:sts::111122223333:assumed-role/${"x".repeat(90)}/session"}\n`,
      `is not an IAM role ARN: it names the service "sts", where a role's ARN names iam (got "arn:aws:sts::111122223333:assumed-role/${"x".repeat(90)}/session")`,
    ],
    ["a role ARN with a region", role("aws", "111122223333").replace("iam::", "iam:eu-west-1:"), 'names the region "eu-west-1": IAM is global, a role\'s ARN has none'],
    ["an entry without a stack name", "- metadata: {name: api}\n  status: {roleARN: \"arn:aws:iam::111122223333:role/r\"}\n", "has no stackName, which eksctl prints for every role it made"],
  ])("says why a listing cannot be read: %s", (_what, listing, message) => {
    // GIVEN a listing with a bad entry / WHEN converted / THEN the error says what is wrong with it, and quotes the value whole
    const result = convert(listing);
    expect(result.yaml).toBeUndefined();
    expect(result.errors).toContainEqual(expect.stringContaining(message));
  });
});

describe("from eksctl: adopted roles are protected", () => {
  it("writes protect: true on every workload that adopts a role, and says why in the report", () => {
    // GIVEN ClusterConfigs with service accounts and associations / WHEN converted
    const result = convertFixtures(["pod-identity.yaml", "attach-policy-arns.yaml"]);
    const yaml = yamlOf(result);
    // THEN every workload adopting a role is protected, and the report says so once per cluster
    for (const cluster of [0, 1]) for (const workload of workloadsOf(yaml, cluster)) expect([workload.serviceAccount, workload.protect]).toEqual([workload.serviceAccount, true]);
    expect(itemsOf(result, "note").filter((i) => i.message.startsWith("every adopted role is written with protect: true"))).toHaveLength(2);
  });
});

describe("from eksctl: control characters", () => {
  it("escapes them wherever a ClusterConfig value is printed: the report and the YAML's comments", () => {
    // GIVEN a ClusterConfig whose values hold an escape sequence and a line break
    const text = `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: prod, region: eu-west-1}\niam:\n  withOIDC: true\n  serviceAccounts:\n  - metadata: {name: "api\\e[31m", namespace: apps}\n    subjectPattern: "x\\e]0;owned\\a\\ny"\n  - metadata: {name: "w\\nho", namespace: apps}\n    attachPolicyARNs: ["arn:aws:iam::aws:policy/ReadOnlyAccess"]\n`;
    // WHEN converted
    const result = convertClusterConfigs([{ file: "c\u001b.yaml", text }]);
    // THEN no control character reaches the report or the comments raw
    expect(result.errors).toEqual([]);
    const printed = `${result.report}\n${yamlOf(result).split("\n").filter((l) => l.trimStart().startsWith("#")).join("\n")}`;
    expect(printed).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(result.report).toContain("\\u001b]0;owned\\u0007\\ny");
    expect(result.report).toContain("c\\u001b.yaml");
  });
});
