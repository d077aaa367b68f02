/**
 * The validated configuration: what the constructs receive.
 *
 * Everything here is already checked, defaulted and sorted, so constructs
 * never validate and never depend on the order of the input file.
 */
import type { StackAddresses } from "../addresses";
import type { PartitionInfo } from "../aws/partition";

/** One IAM policy condition, e.g. `StringEquals` on `aws:ResourceTag/x`. */
export interface PolicyCondition {
  /** The condition operator, e.g. `StringEquals`, `ArnLike`, `Bool`. */
  readonly test: string;
  /** The condition key, e.g. `aws:RequestTag/kubernetes.io/cluster/prod`. */
  readonly variable: string;
  /** The values; several values are ORed. */
  readonly values: readonly string[];
}

/** One IAM policy statement. */
export interface PolicyStatement {
  /** Statement id; optional, letters and digits only. */
  readonly sid?: string;
  /** `Allow` or `Deny`. */
  readonly effect: "Allow" | "Deny";
  /** Actions such as `s3:GetObject`; wildcards allowed. Sorted, without duplicates. */
  readonly actions: readonly string[];
  /** Resource ARNs or `*`. Sorted, without duplicates. */
  readonly resources: readonly string[];
  /** Conditions; separate conditions are ANDed. */
  readonly conditions?: readonly PolicyCondition[];
}

/** Where Terraform keeps the state of one cluster's stack. */
export type BackendConfig =
  | { readonly type: "local"; readonly path: string }
  | {
      readonly type: "s3";
      readonly bucket: string;
      readonly key: string;
      readonly region: string;
      readonly encrypt: boolean;
      readonly kmsKeyId?: string;
      /** S3-native locking (Terraform 1.10+). */
      readonly useLockfile: boolean;
      /** The older DynamoDB locking. */
      readonly dynamodbTable?: string;
      readonly profile?: string;
      readonly roleArn?: string;
    }
  | {
      readonly type: "cloud";
      readonly organization: string;
      readonly hostname?: string;
      /** One workspace by name, or every workspace with all these tags. */
      readonly workspace: { readonly name: string } | { readonly tags: readonly string[] };
      readonly project?: string;
    };

/** How the Kubernetes provider authenticates to the cluster. */
export type KubernetesAuth = "token" | "exec";

export interface WorkloadConfig {
  /** The Kubernetes namespace of the service account. */
  readonly namespace: string;
  /** The Kubernetes service account name. */
  readonly serviceAccount: string;
  /** The Terraform block label of this workload's resources, e.g. `payments_s3_backup` (or its `terraformName`). */
  readonly id: string;
  /** The IAM role's final name (at most 64 characters). */
  readonly roleName: string;
  /** The IAM role path, `/` by default. */
  readonly rolePath: string;
  readonly description: string;
  readonly permissionsBoundaryArn?: string;
  /** Seconds, 3600 to 43200. */
  readonly maxSessionDuration: number;
  /** Tags of the role, sorted by key. */
  readonly tags: Readonly<Record<string, string>>;
  /** Managed policies to attach, sorted. */
  readonly managedPolicyArns: readonly string[];
  /** The inline policy's statements (own statements after those of presets). */
  readonly policyStatements: readonly PolicyStatement[];
  /** Whether the namespace is created here. */
  readonly createNamespace: boolean;
  /** Whether the service account is created here (false for Helm charts that create their own). */
  readonly createServiceAccount: boolean;
  readonly serviceAccountLabels: Readonly<Record<string, string>>;
  /** Extra annotations beside `eks.amazonaws.com/role-arn`. */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  /** Adds `prevent_destroy` to the role. */
  readonly protect: boolean;
  /** The preset names applied to this workload, for documentation and tags. */
  readonly presets: readonly string[];
}

export interface ClusterConfig {
  /** The EKS cluster's name; also the stack's name. */
  readonly name: string;
  readonly region: string;
  readonly partition: PartitionInfo;
  /** Pins the AWS provider to this account (`allowed_account_ids`). */
  readonly accountId?: string;
  /** The issuer URL when known at synth time, else it is read from the cluster at plan time. */
  readonly oidcIssuerUrl?: string;
  /** An existing IAM OIDC provider to trust instead of creating one. */
  readonly existingOidcProviderArn?: string;
  /**
   * The issuer's host and path as tokens name it (the prefix of the trust
   * policies' condition keys), e.g. `oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE`:
   * parsed and checked once, from `oidcIssuerUrl` or else from
   * `existingOidcProviderArn`. Absent: read from the cluster at plan time.
   */
  readonly issuerHost?: string;
  /** Whether the OIDC provider gets a thumbprint from `data.tls_certificate`. */
  readonly oidcThumbprint: boolean;
  readonly kubernetesAuth: KubernetesAuth;
  /** Default tags of the AWS provider, sorted by key. */
  readonly tags: Readonly<Record<string, string>>;
  readonly backend: BackendConfig;
  /** Adds `prevent_destroy` to the OIDC provider. */
  readonly protect: boolean;
  /** Workloads sorted by id. */
  readonly workloads: readonly WorkloadConfig[];
  /** Every Terraform label and construct id of the stack, allocated once (see addresses.ts). */
  readonly addresses: StackAddresses;
}

export interface IrsaConfig {
  /** The config file as given by the user, for headers and messages. */
  readonly sourceFile: string;
  /** Clusters sorted by name. */
  readonly clusters: readonly ClusterConfig[];
}
