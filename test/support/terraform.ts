/**
 * Terraform's own verdict on the generated output: finding a `terraform`
 * binary and a local mirror of the hashicorp/aws provider, reducing a stack
 * to what can be validated offline, and running Terraform.
 *
 * Nothing here hard-codes a machine path: the binary comes from PATH and the
 * mirror from the places Terraform itself looks (see findAwsProviderMirror).
 * When either is missing the Terraform tests skip with the reason.
 */
export * from "./terraform/detect";
export * from "./terraform/run";
export * from "./terraform/examples";
export * from "./terraform/reduce";
export * from "./terraform/offline";
export * from "./terraform/plan";
export * from "./terraform/plan-modules";
export * from "./terraform/fake-iam";
export * from "./terraform/fake-eks";
export * from "./terraform/fake-sts";
export { PROJECT_ROOT } from "./files";
