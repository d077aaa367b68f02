/**
 * The `cert-manager` preset: cert-manager (ACME DNS-01 with Route 53). It
 * needs the hosted zones it may change; it never falls back to every zone.
 */
import type { PolicyStatement } from "../model/model";
import { arn } from "./arn";
import { arns, flag, HOSTED_ZONES } from "./parameters";
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";

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
