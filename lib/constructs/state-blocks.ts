import { TerraformStack } from "cdktf";
import { Construct } from "constructs";

/**
 * Terraform's blocks that act on state rather than on infrastructure:
 * `import` (take over what exists, Terraform ≥ 1.5), `moved` (a block got a
 * new address, ≥ 1.1) and `removed` (let go of a block without destroying
 * it, ≥ 1.7). The stack's `required_version` is raised to what they need,
 * so an older Terraform stops with a clear message instead of ignoring them.
 *
 * Written as top-level blocks of the stack rather than with cdktf's
 * `importFrom`/`moveFromId`: those add a validation that runs `terraform
 * version` on the synthesizing machine, once per resource, so synthesis
 * would need a Terraform binary and spawn a process per imported block.
 * https://developer.hashicorp.com/terraform/language/import
 * https://developer.hashicorp.com/terraform/language/modules/develop/refactoring
 * https://developer.hashicorp.com/terraform/language/resources/syntax#removing-resources
 */
export class StateBlocks extends Construct {
  private readonly imports: { to: string; id: string }[] = [];
  private readonly moves: { from: string; to: string }[] = [];
  private readonly removals: { from: string; lifecycle: { destroy: boolean } }[] = [];
  private readonly stack: TerraformStack;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.stack = TerraformStack.of(this);
  }

  /** Imports the object with `id` (in the resource type's import id format) into the resource at `to`. */
  importTo(to: string, id: string): void {
    if (this.imports.length === 0) this.stack.addOverride("import", this.imports);
    this.imports.push({ to, id });
    this.requireMinor(5);
  }

  /** Moves the state at address `from` to address `to`. */
  move(from: string, to: string): void {
    if (this.moves.length === 0) this.stack.addOverride("moved", this.moves);
    this.moves.push({ from, to });
    this.requireMinor(1);
  }

  /** Lets go of the resource at `from`: removed from the state, never destroyed (`destroy = false`). */
  release(from: string): void {
    if (this.removals.length === 0) this.stack.addOverride("removed", this.removals);
    this.removals.push({ from, lifecycle: { destroy: false } });
    this.requireMinor(7);
  }

  /** The Terraform 1.x release the blocks written so far need; -1 for none. */
  private requiredMinor = -1;

  /**
   * Raises the stack's `required_version` to Terraform 1.`minor` for
   * something else the stack uses (its backend's settings): one
   * `required_version`, the highest of what everything needs.
   */
  requireTerraform(minor: number | undefined): void {
    if (minor !== undefined) this.requireMinor(minor);
  }

  private requireMinor(minor: number): void {
    if (minor <= this.requiredMinor) return;
    this.requiredMinor = minor;
    this.stack.addOverride("terraform.required_version", `>= 1.${minor}`);
  }
}
