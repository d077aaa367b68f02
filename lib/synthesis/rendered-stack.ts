/**
 * A cluster's stack as synthesis writes it: its JSON built without cdktf's
 * token resolution when it holds no token (the literal path, see
 * fast/literal-terraform.ts), and its HCL rendered by hcl.ts rather than by
 * cdktf. The constructs know nothing of either.
 */
import { TerraformDataSource, TerraformLocal, TerraformOutput, TerraformProvider, TerraformResource, type TerraformStack } from "cdktf";
import { ClusterStack } from "../constructs/cluster-stack";
import { literalTerraform } from "./fast/literal-terraform";
import { renderHcl } from "./hcl";
import { hclMetadata } from "./hcl-metadata";
import { asWritten, type JsonObject } from "./terraform-json";

/**
 * The stack's `addOverride` calls, in order: cdktf keeps what they built
 * private. Kept beside the stack rather than in a field: the constructor
 * of `ClusterStack` calls `addOverride` before a subclass's fields exist.
 */
const OVERRIDE_CALLS = new WeakMap<TerraformStack, [string, unknown][]>();

function overrideCallsOf(stack: TerraformStack): [string, unknown][] {
  let calls = OVERRIDE_CALLS.get(stack);
  if (calls === undefined) OVERRIDE_CALLS.set(stack, (calls = []));
  return calls;
}

export class RenderedClusterStack extends ClusterStack {
  /**
   * Write the stack without cdktf's token resolution when it holds no token
   * (see literal-terraform.ts); cdktf's own path otherwise. Off, `toTerraform`
   * is cdktf's, as `App.synth()` is held to.
   */
  public literal = false;
  /** Whether the last `toTerraform` took the literal path. */
  public wroteLiteral = false;

  public override addOverride(path: string, value: unknown): void {
    super.addOverride(path, value);
    overrideCallsOf(this).push([path, value]);
  }

  public override toTerraform(): Record<string, unknown> {
    const literal = this.literal ? literalTerraform(this, overrideCallsOf(this)) : undefined;
    this.wroteLiteral = literal !== undefined;
    return literal ?? super.toTerraform();
  }

  /**
   * The stack as plain HCL (`cdk.tf`) and cdktf's `metadata.json`, rendered
   * by hcl.ts from the stack's JSON as `cdk.tf.json` would hold it: cdktf's
   * own HCL renderer is not trusted with arbitrary strings (see hcl.ts).
   * The stack's synthesizer writes both in HCL mode.
   */
  public override toHclTerraform(): { hcl: string; metadata: JsonObject } {
    const terraform = this.toTerraform();
    // The literal path builds the document in written order already.
    const document = this.wroteLiteral ? (terraform as JsonObject) : asWritten(terraform);
    return {
      hcl: renderHcl(document, { configFile: this.sourceFile, stack: this.node.id }, blockOrder(this)),
      metadata: hclMetadata(document),
    };
  }
}

/**
 * The stack's blocks in construct order, as `renderHcl` names them: each
 * workload's blocks then stand together in the HCL.
 */
function blockOrder(stack: TerraformStack): string[] {
  const order: string[] = [];
  for (const node of stack.node.findAll()) {
    if (TerraformDataSource.isTerraformDataSource(node)) order.push(`data.${node.terraformResourceType}.${node.friendlyUniqueId}`);
    else if (TerraformResource.isTerraformResource(node)) order.push(`resource.${node.terraformResourceType}.${node.friendlyUniqueId}`);
    else if (TerraformProvider.isTerraformProvider(node)) order.push(`provider.${node.terraformResourceType}`);
    else if (TerraformOutput.isTerraformOutput(node)) order.push(`output.${node.friendlyUniqueId}`);
    else if (node instanceof TerraformLocal) order.push(`locals.${node.friendlyUniqueId}`);
  }
  return order;
}
