import { TerraformDataSource, type TerraformResource } from "cdktf";

/**
 * A reference to an attribute of a resource or data source in the same
 * stack, as the Terraform expression `${type.label.attribute}`.
 *
 * The typed getters (`role.arn`) make a token per call, and cdktf captures
 * a full stack trace for each token; with several references per workload
 * that was a fifth of the construct phase. The expression written here is
 * exactly what the token resolves to, so the output is the same byte for
 * byte; Terraform orders the blocks from the reference as before. Labels
 * are final (`overrideLogicalId`) by the time this is called.
 */
export function attributeOf(element: TerraformResource | TerraformDataSource, attribute: string): string {
  const prefix = TerraformDataSource.isTerraformDataSource(element) ? "data." : "";
  return `\${${prefix}${element.terraformResourceType}.${element.friendlyUniqueId}.${attribute}}`;
}
