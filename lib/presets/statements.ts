/**
 * Building blocks of preset statements that several presets share: tag
 * conditions and service-linked roles. One preset's own helpers stay in its file.
 */
import type { PolicyCondition, PolicyStatement } from "../model/model";
import { arn, servicePrincipals } from "./arn";
import type { PresetContext } from "./preset";

export const condition = (test: string, variable: string, ...values: string[]): PolicyCondition => ({ test, variable, values });

/** Tag conditions of the load balancer controller: whether a request or resource carries `elbv2.k8s.aws/cluster`. */
export const ELBV2_TAG = "elbv2.k8s.aws/cluster";

export const requestTagged = (present: boolean): PolicyCondition => ({ test: "Null", variable: `aws:RequestTag/${ELBV2_TAG}`, values: [String(!present)] });

export const resourceTagged = (present: boolean): PolicyCondition => ({ test: "Null", variable: `aws:ResourceTag/${ELBV2_TAG}`, values: [String(!present)] });

export const tagged = (test: string, variable: string, values: string[]) => [{ test, variable, values }];

/**
 * What both FSx drivers need to let FSx create its service-linked roles:
 * the roles under `service-linked`, and `iam:CreateServiceLinkedRole` for
 * the FSx service principal only.
 */
export function fsxServiceLinkedRoles(context: PresetContext, serviceLinked: string): PolicyStatement[] {
  return [
    {
      effect: "Allow",
      actions: ["iam:CreateServiceLinkedRole", "iam:AttachRolePolicy", "iam:PutRolePolicy"],
      resources: [arn(context, "iam", `role/aws-service-role/${serviceLinked}/*`, { region: "" })],
    },
    {
      effect: "Allow",
      actions: ["iam:CreateServiceLinkedRole"],
      resources: ["*"],
      conditions: tagged("StringLike", "iam:AWSServiceName", servicePrincipals("fsx", context.partition)),
    },
  ];
}
