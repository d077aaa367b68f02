/**
 * The `amazon-managed-prometheus` preset: Amazon Managed Service for
 * Prometheus (remote write and query).
 */
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
