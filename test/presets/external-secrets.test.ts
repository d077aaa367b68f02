import { allowedActions, conditionsOn, presetErrors, presetWorkload, statementsFor } from "../support/presets";

const SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/*";
const PARAMETER = "arn:aws:ssm:eu-west-1:111122223333:parameter/prod/*";

describe("external-secrets", () => {
  it.each<[string, Record<string, unknown>, string[], string[]]>([
    ["Secrets Manager only", { secretsManagerArns: [SECRET] }, ["secretsmanager:GetSecretValue", "secretsmanager:ListSecrets"], ["ssm:DescribeParameters", "ssm:GetParameter"]],
    ["Parameter Store only", { ssmParameterArns: [PARAMETER] }, ["ssm:DescribeParameters", "ssm:GetParameter"], ["secretsmanager:ListSecrets", "secretsmanager:GetSecretValue"]],
  ])("with %s, grants that store's actions and none of the other's", (_what, params, granted, withheld) => {
    const actions = allowedActions(presetWorkload("external-secrets", params));
    expect(actions).toEqual(expect.arrayContaining(granted));
    for (const action of withheld) expect(actions).not.toContain(action);
    expect(actions).not.toContain("secretsmanager:CreateSecret");
  });

  it("reads values only of the given secrets", () => {
    const workload = presetWorkload("external-secrets", { secretsManagerArns: [SECRET] });
    expect(statementsFor(workload, "secretsmanager:GetSecretValue").map((s) => s.resources)).toEqual([[SECRET]]);
  });

  it("with createSecrets, writes the given secrets and deletes only those it tagged", () => {
    const workload = presetWorkload("external-secrets", { secretsManagerArns: [SECRET], createSecrets: true });
    expect(statementsFor(workload, "secretsmanager:CreateSecret").map((s) => s.resources)).toEqual([[SECRET]]);
    expect(conditionsOn(workload, "secretsmanager:DeleteSecret")).toEqual(["StringEquals secretsmanager:ResourceTag/managed-by=external-secrets"]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["no store at all", {}, "clusters[0].workloads[0]: external-secrets needs secretsManagerArns or ssmParameterArns"],
    ["createSecrets without secrets", { ssmParameterArns: [PARAMETER], createSecrets: true }, "clusters[0].workloads[0].createSecrets: needs secretsManagerArns"],
    ["a parameter ARN among the secrets", { secretsManagerArns: [PARAMETER] }, "secretsManagerArns[0]: is not the ARN of a secret (service secretsmanager)"],
    ["a switch written as text", { secretsManagerArns: [SECRET], createSecrets: "yes" }, "createSecrets: must be true or false"],
  ])("refuses %s", (_what, params, message) => {
    expect(presetErrors("external-secrets", params).join("\n")).toContain(message);
  });
});
