/**
 * The `external-dns` preset: ExternalDNS (Route 53). It needs the hosted
 * zones it may change; it never falls back to every zone.
 */
import { arns, HOSTED_ZONES } from "./parameters";
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";

// https://github.com/kubernetes-sigs/external-dns/blob/master/docs/tutorials/aws.md#iam-policy
export const EXTERNAL_DNS: Preset = {
  name: "external-dns",
  title: "ExternalDNS (Route 53)",
  source: `${TERRAFORM_AWS_IAM} (external_dns), after kubernetes-sigs/external-dns docs/tutorials/aws.md#iam-policy`,
  defaultNamespace: "kube-system",
  defaultServiceAccount: "external-dns",
  serviceAccountCreatedBy: "its Helm chart (`serviceAccount.create`)",
  parameters: {
    hostedZoneArns: HOSTED_ZONES("The hosted zones whose records external-dns manages"),
  },
  statements(params) {
    return [
      { effect: "Allow", actions: ["route53:ChangeResourceRecordSets"], resources: [...arns(params, "hostedZoneArns")] },
      { effect: "Allow", actions: ["route53:ListHostedZones", "route53:ListResourceRecordSets", "route53:ListTagsForResources"], resources: ["*"] },
    ];
  },
};
