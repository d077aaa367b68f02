/**
 * Formats and limits, each with the fact that forces it.
 * Pure data and predicates: used by the validator and by tests.
 */

/** EKS cluster names. https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html */
export const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

/** Region codes such as `eu-west-1`, `us-gov-west-1`, `cn-north-1`. */
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export const ACCOUNT_ID = /^\d{12}$/;

/** Kubernetes namespaces are DNS-1123 labels. https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_1123_LABEL_MAX = 63;

/** Service accounts are DNS-1123 subdomains. https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names */
export const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS_1123_SUBDOMAIN_MAX = 253;

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** The resource part of a role's ARN: `role/<path/><name>`. */
export const ROLE_ARN_RESOURCE = /^role\/([\x21-\x7e]+\/)?[\w+=,.@-]{1,64}$/;
export const ROLE_PATH = /^(\/|\/[\x21-\x7e]+\/)$/;
export const ROLE_PATH_MAX = 512;
export const ROLE_DESCRIPTION = /^[\t\n\r\x20-\x7e\xa1-\xff]*$/;
export const ROLE_DESCRIPTION_MAX = 1000;
export const MAX_SESSION_MIN = 3600;
export const MAX_SESSION_MAX = 43200;

/**
 * IAM quotas. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * The trust policy's 2048 is a default that can be raised; white space is not counted.
 */
export const TRUST_POLICY_MAX = 2048;
/** The most the role trust policy length quota can be raised to (the same page). */
export const TRUST_POLICY_HARD_MAX = 8192;
export const INLINE_POLICIES_MAX = 10240;
export const MANAGED_POLICIES_DEFAULT = 10;
export const MANAGED_POLICIES_HARD_MAX = 25;

/** IAM tags. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html */
export const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
export const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
export const TAGS_MAX = 50;

/** Kubernetes label and annotation keys: `[prefix/]name`. https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set */
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
export function isQualifiedKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  if (slash < 0) return QUALIFIED_NAME.test(key);
  const prefix = key.slice(0, slash);
  return prefix.length <= DNS_1123_SUBDOMAIN_MAX && DNS_1123_SUBDOMAIN.test(prefix) && QUALIFIED_NAME.test(key.slice(slash + 1));
}
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Terraform identifiers, as block labels. https://developer.hashicorp.com/terraform/language/syntax/configuration#identifiers */
export const TERRAFORM_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

/** Inline policy names. https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html */
export const INLINE_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

/** Terraform version constraints: `~> 6.25`, `>= 6.25, < 7.0`. https://developer.hashicorp.com/terraform/language/expressions/version-constraints */
export const VERSION_CONSTRAINT = /^\s*(=|!=|>=|<=|>|<|~>)?\s*v?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?\s*(,\s*(=|!=|>=|<=|>|<|~>)?\s*v?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?\s*)*$/;

/**
 * `service:Action`, wildcards allowed; or `*`. IAM reads the service prefix
 * and the action name ignoring case, so `S3:GetObject` is `s3:GetObject`.
 */
export const IAM_ACTION = /^(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)$/;
export const STATEMENT_SID = /^[A-Za-z0-9]+$/;

/** IAM condition operators. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html */
const OPERATORS = [
  "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
  "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
  "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
  "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
];
export const CONDITION_OPERATORS: readonly string[] = OPERATORS;
export function isConditionOperator(test: string): boolean {
  return OPERATORS.includes(baseOperator(test));
}

/** The operator without its set prefix (`ForAnyValue:`, `ForAllValues:`) and `IfExists` suffix. */
export function baseOperator(test: string): string {
  return test.replace(/^(ForAnyValue|ForAllValues):/, "").replace(/IfExists$/, "");
}

/**
 * Terraform reads `${` and `%{` in any string as a template. IAM policy
 * variables must be written `&{aws:username}` in aws_iam_policy_document.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document#context-variable-interpolation
 */
export const TERRAFORM_TEMPLATE = /[$%]\{/;

/**
 * cdktf encodes its tokens in strings as `${TfToken[…]}`, `#{TfToken[…]}`
 * and `&{TfToken[…]}`; such text in a value would be decoded as a token.
 */
export const CDKTF_TOKEN = /[$#&]\{TfToken\[/;

/** A UTF-16 surrogate without its pair: no character, and no UTF-8 encoding. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The only placeholder allowed in backend names and keys. */
export const CLUSTER_PLACEHOLDER = "{cluster}";

/** S3 bucket names. https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
export const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** DynamoDB table names. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html */
export const DYNAMODB_TABLE = /^[A-Za-z0-9_.-]{3,255}$/;

/**
 * HCP Terraform / Terraform Enterprise names: workspaces take letters,
 * digits, '-' and '_', at most 90
 * (https://developer.hashicorp.com/terraform/cloud-docs/workspaces/create);
 * organizations letters, digits, '-' and '_'.
 */
export const TFC_WORKSPACE = /^[A-Za-z0-9_-]{1,90}$/;
export const TFC_NAME = /^[A-Za-z0-9_-]+$/;
