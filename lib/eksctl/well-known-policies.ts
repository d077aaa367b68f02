/**
 * eksctl's `wellKnownPolicies` and what each becomes in irsa-gen.
 *
 * What eksctl grants (pkg/cfn/builder/iam_helper.go, createWellKnownPolicies,
 * and the statements in pkg/cfn/builder/statement.go): two keys attach AWS
 * managed policies; the others add inline policies to the role, each named
 * `<stack name>-<suffix>` (pkg/cfn/template/iam_helpers.go, AttachPolicy),
 * in the order listed here. The AWS managed policies are kept as they are;
 * the inline ones become irsa-gen's presets, whose policies follow the
 * add-ons' current upstream policies. Where a preset grants something else
 * than eksctl did, `differs` says what, so the report can say it.
 */

export interface WellKnownPolicy {
  /** The key under `wellKnownPolicies`. */
  readonly key: string;
  /** The AWS managed policy eksctl attaches (`arn:<partition>:iam::aws:policy/<this>`). */
  readonly managedPolicy?: string;
  /** The irsa-gen preset. */
  readonly preset?: string;
  /** The suffixes of the inline policies eksctl adds, in the order it adds them. */
  readonly inlinePolicies: readonly string[];
  /** The preset needs hostedZoneArns, where eksctl allowed every hosted zone. */
  readonly hostedZones?: boolean;
  /** How the preset's permissions differ from eksctl's, for the report. */
  readonly differs?: (cluster: string, region: string) => string;
  /** Anything else worth saying about the mapping. */
  readonly note?: string;
}

export const WELL_KNOWN_POLICIES: readonly WellKnownPolicy[] = [
  {
    key: "imageBuilder",
    managedPolicy: "AmazonEC2ContainerRegistryPowerUser",
    inlinePolicies: [],
  },
  {
    key: "autoScaler",
    preset: "cluster-autoscaler",
    inlinePolicies: ["PolicyAutoScaling"],
    differs: (cluster, region) =>
      `preset cluster-autoscaler allows autoscaling:SetDesiredCapacity and autoscaling:TerminateInstanceInAutoScalingGroup only on Auto Scaling groups tagged kubernetes.io/cluster/${cluster}=owned, where eksctl allowed them on every group; ` +
      `check that the node groups' groups carry the tag: aws autoscaling describe-tags --region ${region} --filters Name=key,Values=kubernetes.io/cluster/${cluster}`,
  },
  {
    key: "awsLoadBalancerController",
    preset: "aws-load-balancer-controller",
    inlinePolicies: ["PolicyAWSLoadBalancerController"],
  },
  {
    key: "externalDNS",
    preset: "external-dns",
    inlinePolicies: ["PolicyExternalDNSChangeSet", "PolicyExternalDNSHostedZones"],
    hostedZones: true,
    differs: () =>
      "preset external-dns allows route53:ChangeResourceRecordSets only in the hosted zones listed in hostedZoneArns, where eksctl allowed every zone; it grants route53:ListTagsForResources where eksctl granted route53:ListTagsForResource",
  },
  {
    key: "certManager",
    preset: "cert-manager",
    inlinePolicies: ["PolicyCertManagerChangeSet", "PolicyCertManagerGetChange", "PolicyCertManagerHostedZones"],
    hostedZones: true,
    differs: () =>
      "preset cert-manager allows route53:ChangeResourceRecordSets only on TXT records named _acme-challenge.* in the hosted zones listed in hostedZoneArns, and route53:ListResourceRecordSets only in those zones, where eksctl allowed both in every zone for every record; " +
      "acmeChallengeRecordsOnly: false on the preset lifts the record restriction (for DNS-01 through CNAMEs)",
  },
  {
    key: "ebsCSIController",
    managedPolicy: "service-role/AmazonEBSCSIDriverPolicy",
    inlinePolicies: [],
    note: "kept as the AWS managed policy eksctl attached (service-role/AmazonEBSCSIDriverPolicy), so the permissions stay exactly eksctl's; preset ebs-csi is the inline alternative, with kmsKeyArns for volumes encrypted with customer managed keys",
  },
  {
    key: "efsCSIController",
    preset: "efs-csi",
    inlinePolicies: ["PolicyEFSCSIController"],
    differs: () => "preset efs-csi grants ec2:DescribeAvailabilityZones and elasticfilesystem:DescribeMountTargets as well, which eksctl's policy lacks and the driver's own example policy grants",
  },
];

export const WELL_KNOWN_KEYS: readonly string[] = WELL_KNOWN_POLICIES.map((p) => p.key);
