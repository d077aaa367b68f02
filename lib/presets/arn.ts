/**
 * ARNs and service principals as presets write them: always in the
 * cluster's partition, never a hard-coded `arn:aws:`, so that one preset
 * serves commercial, China and GovCloud regions alike.
 */
import type { PartitionInfo } from "../aws/partition";
import type { PresetContext } from "./preset";

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
