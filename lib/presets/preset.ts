/**
 * What a permission preset is: data plus one small typed function.
 *
 * The validator makes a zod schema of each declaration in `parameters`
 * (lib/config/presets.ts) and checks a workload's preset parameters with it
 * (names, types, required scopes, ARN service, partition and account)
 * before `statements` is ever called, so `statements` receives checked
 * values only.
 */
import type { PartitionInfo } from "../aws/partition";
import type { PolicyStatement } from "../model/model";

/** A list of ARNs of one AWS service, e.g. Route 53 hosted zones. */
export interface ArnListParameter {
  readonly kind: "arns";
  readonly description: string;
  /** A missing or empty list is a validation error (no silent `*`). */
  readonly required: boolean;
  /** The ARN's service field, e.g. `route53`, `s3`, `kms`. */
  readonly service: string;
  /** What the ARN's resource part must look like; omitted: anything. */
  readonly resource?: {
    /** Matched against the resource part, e.g. /^hostedzone\/[A-Z0-9]+$/. */
    readonly pattern: RegExp;
    /** What such a resource is called in messages, e.g. `hosted zone`. */
    readonly name: string;
  };
  /** The ARNs must be in the cluster's own account, when its config pins `accountId`. */
  readonly sameAccount?: boolean;
  /** An example value for messages and docs (written with the `aws` partition). */
  readonly example: string;
}

/** One value out of a fixed set. */
export interface EnumParameter {
  readonly kind: "enum";
  readonly description: string;
  readonly values: readonly string[];
  readonly default: string;
}

/** A free string, e.g. a cluster name used in tag conditions. */
export interface StringParameter {
  readonly kind: "string";
  readonly description: string;
  /** A regular expression the value must match in full. */
  readonly pattern?: RegExp;
  /** Stated default for docs; the preset applies it itself (it may depend on the cluster). */
  readonly defaultDescription: string;
}

/** A switch. */
export interface BooleanParameter {
  readonly kind: "boolean";
  readonly description: string;
  readonly default: boolean;
}

export type ParameterSpec = ArnListParameter | EnumParameter | StringParameter | BooleanParameter;

/** Parameter values after validation; absent optional parameters are absent. */
export type PresetParams = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/** What a preset may know about the cluster it is rendered for. */
export interface PresetContext {
  readonly clusterName: string;
  readonly region: string;
  readonly partition: PartitionInfo;
  /** Known only when the cluster config pins `accountId`. */
  readonly accountId?: string;
}

/** A problem `Preset.check` found, reported at the parameter it names. */
export interface PresetProblem {
  /** The parameter, e.g. `objectArns`; with `index`, one of its values. */
  readonly parameter: string;
  readonly index?: number;
  /** What is wrong, e.g. "is not inside one of bucketArns". */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  readonly value?: unknown;
}

export interface Preset {
  /** The name users write, kebab-case, e.g. `aws-load-balancer-controller`. */
  readonly name: string;
  /** One line for the README table. */
  readonly title: string;
  /** Where the policy comes from (upstream file or document, pinned to a version). */
  readonly source: string;
  /** The namespace the add-on's official chart installs into. */
  readonly defaultNamespace: string;
  /** The service-account name the add-on's official chart uses. */
  readonly defaultServiceAccount: string;
  /**
   * Who creates the service account when the add-on is installed as its
   * docs say (a chart, the EKS add-on, EKS itself). A one-line preset
   * workload then leaves it alone (`createServiceAccount: false`, with the
   * role ARN annotation as an output), so that `helm install` never meets a
   * service account it did not create. Absent: nobody does; irsa-gen creates it.
   */
  readonly serviceAccountCreatedBy?: string;
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  /**
   * Problems across parameters that the per-parameter specs cannot express
   * (e.g. "set secretsManagerArns or ssmParameterArns"); none when absent.
   */
  check?(params: PresetParams): PresetProblem[];
  /** The statements; actions and resources need not be sorted (the caller normalises). */
  statements(params: PresetParams, context: PresetContext): PolicyStatement[];
  /** AWS managed policies the add-on's own docs attach instead of an inline policy; none when absent. */
  managedPolicyArns?(context: PresetContext): string[];
}

/**
 * The policy set most presets follow: terraform-aws-modules/terraform-aws-iam,
 * modules/iam-role-for-service-accounts/policies.tf, at this version.
 */
export const TERRAFORM_AWS_IAM = "terraform-aws-iam v6.5.0";
