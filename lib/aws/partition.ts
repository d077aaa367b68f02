/**
 * AWS partitions, their regions, and how a region maps to a partition.
 *
 * ARNs must carry the partition of the account they live in: a hard-coded
 * `arn:aws:` breaks GovCloud and China. We know the region at synth time, so
 * the partition is a literal, not a `data.aws_partition` lookup.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 *
 * The region lists are data, checked against AWS's list of regions
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html)
 * in November 2026. A region AWS opens later is refused until it is added
 * here; `allowUnknownRegion: true` in the config accepts it meanwhile, with
 * a warning.
 */
export interface PartitionInfo {
  /** The partition as it appears in ARNs, e.g. `aws-cn`. */
  readonly id: string;
  /** The DNS suffix of the partition's service endpoints, e.g. `amazonaws.com.cn`. */
  readonly dnsSuffix: string;
}

interface PartitionEntry {
  readonly regionPrefix: string;
  readonly info: PartitionInfo;
  readonly regions: readonly string[];
}

const PARTITIONS: readonly PartitionEntry[] = [
  { regionPrefix: "cn-", info: { id: "aws-cn", dnsSuffix: "amazonaws.com.cn" }, regions: ["cn-north-1", "cn-northwest-1"] },
  { regionPrefix: "us-gov-", info: { id: "aws-us-gov", dnsSuffix: "amazonaws.com" }, regions: ["us-gov-east-1", "us-gov-west-1"] },
  { regionPrefix: "us-isob-", info: { id: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov" }, regions: ["us-isob-east-1"] },
  { regionPrefix: "us-iso-", info: { id: "aws-iso", dnsSuffix: "c2s.ic.gov" }, regions: ["us-iso-east-1", "us-iso-west-1"] },
  { regionPrefix: "eu-isoe-", info: { id: "aws-iso-e", dnsSuffix: "cloud.adc-e.uk" }, regions: ["eu-isoe-west-1"] },
  { regionPrefix: "us-isof-", info: { id: "aws-iso-f", dnsSuffix: "csp.hci.ic.gov" }, regions: ["us-isof-east-1", "us-isof-south-1"] },
];

const COMMERCIAL: PartitionEntry = {
  regionPrefix: "",
  info: { id: "aws", dnsSuffix: "amazonaws.com" },
  regions: [
    "af-south-1",
    "ap-east-1", "ap-east-2",
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-south-1", "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
    "ca-central-1", "ca-west-1",
    "eu-central-1", "eu-central-2",
    "eu-north-1",
    "eu-south-1", "eu-south-2",
    "eu-west-1", "eu-west-2", "eu-west-3",
    "il-central-1",
    "me-central-1", "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1", "us-east-2",
    "us-west-1", "us-west-2",
  ],
};

function entryOf(region: string): PartitionEntry {
  return PARTITIONS.find((p) => region.startsWith(p.regionPrefix)) ?? COMMERCIAL;
}

/** The partition a region belongs to. */
export function partitionOf(region: string): PartitionInfo {
  return entryOf(region).info;
}

/** Whether the region is in the list of its partition's regions. */
export function isKnownRegion(region: string): boolean {
  return entryOf(region).regions.includes(region);
}

/** Every region we know, for "did you mean" hints. */
export const KNOWN_REGIONS: readonly string[] = [...COMMERCIAL.regions, ...PARTITIONS.flatMap((p) => p.regions)];

/** The partition whose DNS suffix this is, if any (e.g. `amazonaws.com.cn` → aws-cn). */
export function partitionsWithDnsSuffix(suffix: string): readonly PartitionInfo[] {
  return [COMMERCIAL, ...PARTITIONS].filter((p) => p.info.dnsSuffix === suffix).map((p) => p.info);
}
