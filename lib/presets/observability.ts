/**
 * Observability: Amazon Managed Service for Prometheus and the Amazon
 * CloudWatch Observability add-on.
 */
import { awsManagedPolicy } from "./arn";
import { arns } from "./parameters";
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";

/**
 * Remote write and query on the given workspaces only; upstream's default
 * is an empty list, which IAM refuses, so the workspaces are required.
 * https://docs.aws.amazon.com/prometheus/latest/userguide/set-up-irsa.html
 */
export const AMAZON_MANAGED_PROMETHEUS: Preset = {
  name: "amazon-managed-prometheus",
  title: "Amazon Managed Service for Prometheus (remote write and query)",
  source: `${TERRAFORM_AWS_IAM} (amazon_managed_service_prometheus), after the AMP user guide's IRSA set-up`,
  defaultNamespace: "prometheus",
  defaultServiceAccount: "amp-iamproxy-ingest-service-account",
  serviceAccountCreatedBy: "the Prometheus Helm chart (`serviceAccounts.server.create`)",
  parameters: {
    workspaceArns: {
      kind: "arns",
      description: "The AMP workspaces it writes to and queries",
      required: true,
      service: "aps",
      resource: { pattern: /^workspace\/ws-[A-Za-z0-9-]+$/, name: "workspace" },
      example: "arn:aws:aps:eu-west-1:111122223333:workspace/ws-0123abcd-4567-89ef-0123-456789abcdef",
    },
  },
  statements(params) {
    return [
      {
        effect: "Allow",
        actions: ["aps:RemoteWrite", "aps:QueryMetrics", "aps:GetSeries", "aps:GetLabels", "aps:GetMetricMetadata"],
        resources: [...arns(params, "workspaceArns")],
      },
    ];
  },
};

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
