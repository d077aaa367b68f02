/**
 * ARNs and service principals as presets write them: always in the
 * cluster's partition, never a hard-coded `arn:aws:`, so that one preset
 * serves commercial, China and GovCloud regions alike.
 */
import type { PartitionInfo } from "../aws/partition";
import type { ArnListParameter, PresetContext, PresetParams } from "./preset";

/** Where an ARN lives; `*` (any) when omitted, `""` for global services. */
export interface ArnScope {
  readonly region?: string;
  readonly account?: string;
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` in the cluster's partition. */
export function arn(context: PresetContext, service: string, resource: string, scope: ArnScope = {}): string {
  return `arn:${context.partition.id}:${service}:${scope.region ?? "*"}:${scope.account ?? "*"}:${resource}`;
}

/** An AWS managed policy, e.g. `CloudWatchAgentServerPolicy`. */
export function awsManagedPolicy(context: PresetContext, name: string): string {
  return arn(context, "iam", `policy/${name}`, { region: "", account: "aws" });
}

/**
 * The service principals IAM knows a service by, for `iam:AWSServiceName`
 * and `iam:PassedToService`. They end in `amazonaws.com` in every partition
 * for the services presets name; EC2 in China is also known by its
 * partition's suffix (`ec2.amazonaws.com.cn`), which karpenter's own
 * CloudFormation template writes as `ec2.${AWS::URLSuffix}`.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/service_principal
 */
export function servicePrincipals(service: string, partition: PartitionInfo): string[] {
  const global = `${service}.amazonaws.com`;
  const regional = `${service}.${partition.dnsSuffix}`;
  return service === "ec2" && regional !== global ? [global, regional] : [global];
}

/** The values of an ARN-list parameter; empty when it was not given. */
export function arns(params: PresetParams, name: string): readonly string[] {
  const value = params[name];
  return Array.isArray(value) ? value : [];
}

/** A string parameter, or its fallback when not given. */
export function text(params: PresetParams, name: string, fallback: string): string {
  const value = params[name];
  return typeof value === "string" ? value : fallback;
}

/** A boolean parameter (the validator fills in its default). */
export function flag(params: PresetParams, name: string): boolean {
  return params[name] === true;
}

// Parameters several presets share, so that the same name means the same everywhere.

export const S3_BUCKETS = (description: string, required: boolean): ArnListParameter => ({
  kind: "arns",
  description,
  required,
  service: "s3",
  resource: { pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, name: "bucket (no object path)" },
  example: "arn:aws:s3:::my-bucket",
});

export const KMS_KEYS = (description: string): ArnListParameter => ({
  kind: "arns",
  description,
  required: false,
  service: "kms",
  resource: { pattern: /^key\/[A-Za-z0-9-]+$/, name: "key" },
  example: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
});

export const HOSTED_ZONES = (description: string): ArnListParameter => ({
  kind: "arns",
  description,
  required: true,
  service: "route53",
  resource: { pattern: /^hostedzone\/[A-Z0-9*]+$/, name: "hosted zone" },
  example: "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ",
});

export const SQS_QUEUES = (description: string, required: boolean): ArnListParameter => ({
  kind: "arns",
  description,
  required,
  service: "sqs",
  resource: { pattern: /^[A-Za-z0-9_*-]{1,80}(\.fifo)?$/, name: "queue" },
  example: "arn:aws:sqs:eu-west-1:111122223333:my-queue",
});
