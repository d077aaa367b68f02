/**
 * The `cloudwatch-observability` preset: Amazon CloudWatch Observability
 * (CloudWatch agent, X-Ray).
 */
import { awsManagedPolicy } from "./arn";
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";

/**
 * The add-on's documented permissions are two AWS managed policies, which
 * AWS keeps current as the agent grows; upstream attaches the same two.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Observability-EKS-addon.html
 */
export const CLOUDWATCH_OBSERVABILITY: Preset = {
  name: "cloudwatch-observability",
  title: "Amazon CloudWatch Observability (CloudWatch agent, X-Ray)",
  source: `${TERRAFORM_AWS_IAM} (amazon_cloudwatch_observability), after the CloudWatch user guide's EKS add-on page`,
  defaultNamespace: "amazon-cloudwatch",
  defaultServiceAccount: "cloudwatch-agent",
  serviceAccountCreatedBy: "the EKS add-on",
  parameters: {},
  statements() {
    return [];
  },
  managedPolicyArns(context) {
    return [awsManagedPolicy(context, "CloudWatchAgentServerPolicy"), awsManagedPolicy(context, "AWSXrayWriteOnlyAccess")];
  },
};
