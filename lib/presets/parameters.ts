/**
 * Reading a preset's parameters, and the parameters several presets share,
 * so that the same name means the same thing everywhere.
 */
import { CLUSTER_NAME } from "../model/rules";
import type { ArnListParameter, PresetParams, StringParameter } from "./preset";

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

/** A cluster name written into tag conditions, the workload's own cluster unless given. */
export const CLUSTER_NAME_PARAMETER: StringParameter = {
  kind: "string",
  description: "The EKS cluster name in tag conditions: 1-100 letters, digits, '-' and '_', starting with a letter or digit",
  pattern: CLUSTER_NAME,
  defaultDescription: "the cluster's own name",
};
