/**
 * DNS: external-dns and cert-manager's Route 53 DNS-01 solver. Both need the
 * hosted zones they may change; neither falls back to every zone.
 */
import type { PolicyStatement } from "../model/model";
import { arn } from "./arn";
import { arns, flag, HOSTED_ZONES } from "./parameters";
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

/**
 * cert-manager's ACME DNS-01 solver. By default it may change only TXT
 * records named `_acme-challenge.*`, the only records DNS-01 writes (the
 * tightening kops adopted, kubernetes/kops#16412, with Route 53's
 * record-level condition keys); `acmeChallengeRecordsOnly: false` lifts it
 * for setups that follow CNAMEs out of `_acme-challenge`.
 * https://cert-manager.io/docs/configuration/acme/dns01/route53/#set-up-an-iam-role
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html
 */
export const CERT_MANAGER: Preset = {
  name: "cert-manager",
  title: "cert-manager (ACME DNS-01 with Route 53)",
  source: `${TERRAFORM_AWS_IAM} (cert_manager), after cert-manager.io docs/configuration/acme/dns01/route53 and kubernetes/kops#16412`,
  defaultNamespace: "cert-manager",
  defaultServiceAccount: "cert-manager",
  serviceAccountCreatedBy: "its Helm chart (`serviceAccount.create`)",
  parameters: {
    hostedZoneArns: HOSTED_ZONES("The hosted zones cert-manager answers DNS-01 challenges in"),
    acmeChallengeRecordsOnly: { kind: "boolean", description: "Only TXT records named _acme-challenge.* may be changed", default: true },
  },
  statements(params, context) {
    const zones = [...arns(params, "hostedZoneArns")];
    const change: PolicyStatement = flag(params, "acmeChallengeRecordsOnly")
      ? {
          effect: "Allow",
          actions: ["route53:ChangeResourceRecordSets"],
          resources: zones,
          conditions: [
            { test: "ForAllValues:StringEquals", variable: "route53:ChangeResourceRecordSetsRecordTypes", values: ["TXT"] },
            { test: "ForAllValues:StringLike", variable: "route53:ChangeResourceRecordSetsNormalizedRecordNames", values: ["_acme-challenge.*"] },
          ],
        }
      : { effect: "Allow", actions: ["route53:ChangeResourceRecordSets"], resources: zones };
    return [
      { effect: "Allow", actions: ["route53:GetChange"], resources: [arn(context, "route53", "change/*", { region: "", account: "" })] },
      change,
      { effect: "Allow", actions: ["route53:ListResourceRecordSets"], resources: zones },
      { effect: "Allow", actions: ["route53:ListHostedZonesByName"], resources: ["*"] },
    ];
  },
};
