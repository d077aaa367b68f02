/**
 * The `external-secrets` preset: External Secrets Operator (Secrets Manager,
 * Parameter Store).
 */
import type { PolicyStatement } from "../model/model";
import { arns, flag, KMS_KEYS } from "./parameters";
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";

/**
 * terraform-aws-iam's policy, with one tightening: the list actions on `*`
 * (ssm:DescribeParameters, secretsmanager:ListSecrets and
 * BatchGetSecretValue) come only with the store they serve. Reading a value
 * still needs GetSecretValue or GetParameter on the secret itself, so
 * BatchGetSecretValue on `*` reads nothing more.
 * https://external-secrets.io/latest/provider/aws-secrets-manager/
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html
 */
export const EXTERNAL_SECRETS: Preset = {
  name: "external-secrets",
  title: "External Secrets Operator (Secrets Manager, Parameter Store)",
  source: `${TERRAFORM_AWS_IAM} (external_secrets), after external-secrets.io provider docs`,
  defaultNamespace: "external-secrets",
  defaultServiceAccount: "external-secrets",
  serviceAccountCreatedBy: "its Helm chart (`serviceAccount.create`)",
  parameters: {
    secretsManagerArns: {
      kind: "arns",
      description: "The Secrets Manager secrets it reads (a trailing * matches the random suffix)",
      required: false,
      service: "secretsmanager",
      resource: { pattern: /^secret:[\w/+=.@*-]+$/, name: "secret" },
      example: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/payments/*",
    },
    ssmParameterArns: {
      kind: "arns",
      description: "The SSM parameters it reads",
      required: false,
      service: "ssm",
      resource: { pattern: /^parameter\/[\w/.*-]+$/, name: "parameter" },
      example: "arn:aws:ssm:eu-west-1:111122223333:parameter/prod/payments/*",
    },
    kmsKeyArns: KMS_KEYS("Customer managed KMS keys the secrets or parameters are encrypted with"),
    createSecrets: {
      kind: "boolean",
      description: "Lets PushSecret create and update secrets in secretsManagerArns, and delete those tagged managed-by=external-secrets",
      default: false,
    },
  },
  check(params) {
    const secrets = arns(params, "secretsManagerArns");
    if (secrets.length === 0 && arns(params, "ssmParameterArns").length === 0) {
      return [{ parameter: "secretsManagerArns", message: "external-secrets needs secretsManagerArns or ssmParameterArns", fix: "List the secrets or parameters it may read; the preset never falls back to \"*\"" }];
    }
    if (flag(params, "createSecrets") && secrets.length === 0) {
      return [{ parameter: "createSecrets", message: "needs secretsManagerArns", fix: "List the secrets PushSecret may write in secretsManagerArns", value: true }];
    }
    return [];
  },
  statements(params) {
    const secrets = [...arns(params, "secretsManagerArns")];
    const parameters = [...arns(params, "ssmParameterArns")];
    const keys = [...arns(params, "kmsKeyArns")];
    const statements: PolicyStatement[] = [];
    if (parameters.length > 0) {
      statements.push(
        { effect: "Allow", actions: ["ssm:DescribeParameters"], resources: ["*"] },
        { effect: "Allow", actions: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"], resources: parameters },
      );
    }
    if (secrets.length > 0) {
      statements.push(
        { effect: "Allow", actions: ["secretsmanager:ListSecrets", "secretsmanager:BatchGetSecretValue"], resources: ["*"] },
        {
          effect: "Allow",
          actions: ["secretsmanager:GetResourcePolicy", "secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"],
          resources: secrets,
        },
      );
    }
    if (keys.length > 0) statements.push({ effect: "Allow", actions: ["kms:Decrypt"], resources: keys });
    if (flag(params, "createSecrets")) {
      statements.push(
        { effect: "Allow", actions: ["secretsmanager:CreateSecret", "secretsmanager:PutSecretValue", "secretsmanager:TagResource"], resources: secrets },
        {
          effect: "Allow",
          actions: ["secretsmanager:DeleteSecret"],
          resources: secrets,
          conditions: [{ test: "StringEquals", variable: "secretsmanager:ResourceTag/managed-by", values: ["external-secrets"] }],
        },
      );
    }
    return statements;
  },
};
