/**
 * Terraform expressions written as strings, instead of cdktf tokens.
 *
 * A typed getter such as `role.arn` makes a token, and cdktf captures a full
 * stack trace for each one and keeps it in a process-wide token map that
 * refers back to its stack: every stack ever built stayed in memory, and the
 * traces were a fifth of the construct phase. The string written here is
 * exactly what the token resolves to, so the output is the same byte for
 * byte (the snapshots and the `App.synth()` comparison hold it to that), and
 * Terraform orders the blocks from the reference as before. Labels are final
 * (`overrideLogicalId`) by the time these are called.
 */
import { TerraformDataSource, type TerraformResource } from "cdktf";

/**
 * `aws_iam_role.payments_api.arn`, `data.tls_certificate.oidc_issuer.certificates[0].sha1_fingerprint`;
 * without a path, the block's address (`aws_iam_role.payments_api`).
 */
export function referenceTo(element: TerraformResource | TerraformDataSource, path?: string): string {
  const prefix = TerraformDataSource.isTerraformDataSource(element) ? "data." : "";
  return `${prefix}${element.terraformResourceType}.${element.friendlyUniqueId}${path === undefined ? "" : `.${path}`}`;
}

/** An expression as an attribute value: `${expression}`. */
export function expression(text: string): string {
  return `\${${text}}`;
}

/** `${type.label.path}`: an attribute of a resource or data source in the same stack. */
export function attributeOf(element: TerraformResource | TerraformDataSource, path: string): string {
  return expression(referenceTo(element, path));
}
