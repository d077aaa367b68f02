/**
 * AWS partitions and how a region maps to one.
 *
 * ARNs must carry the partition of the account they live in: a hard-coded
 * `arn:aws:` breaks GovCloud and China. We know the region at synth time, so
 * the partition is a literal, not a `data.aws_partition` lookup.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export interface PartitionInfo {
  /** The partition as it appears in ARNs, e.g. `aws-cn`. */
  readonly id: string;
  /** The DNS suffix of the partition's service endpoints, e.g. `amazonaws.com.cn`. */
  readonly dnsSuffix: string;
}

const PARTITIONS: ReadonlyArray<{ readonly regionPrefix: string; readonly info: PartitionInfo }> = [
  { regionPrefix: "cn-", info: { id: "aws-cn", dnsSuffix: "amazonaws.com.cn" } },
  { regionPrefix: "us-gov-", info: { id: "aws-us-gov", dnsSuffix: "amazonaws.com" } },
  { regionPrefix: "us-isob-", info: { id: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov" } },
  { regionPrefix: "us-iso-", info: { id: "aws-iso", dnsSuffix: "c2s.ic.gov" } },
  { regionPrefix: "eu-isoe-", info: { id: "aws-iso-e", dnsSuffix: "cloud.adc-e.uk" } },
  { regionPrefix: "us-isof-", info: { id: "aws-iso-f", dnsSuffix: "csp.hci.ic.gov" } },
];

const COMMERCIAL: PartitionInfo = { id: "aws", dnsSuffix: "amazonaws.com" };

/** The partition a region belongs to. */
export function partitionOf(region: string): PartitionInfo {
  return PARTITIONS.find((p) => region.startsWith(p.regionPrefix))?.info ?? COMMERCIAL;
}

/** Every partition id we know, for validation messages. */
export const PARTITION_IDS: readonly string[] = [COMMERCIAL.id, ...PARTITIONS.map((p) => p.info.id)];
