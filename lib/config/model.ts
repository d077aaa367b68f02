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
  /**
   * Drift lock: the role's full sets of managed and inline policies are
   * managed (`aws_iam_role_policy_attachments_exclusive`,
   * `aws_iam_role_policies_exclusive`), so a policy attached outside
   * Terraform shows in the next plan and is removed by the next apply.
   */
  readonly exclusivePolicies: boolean;
  /** The preset names applied to this workload, for documentation and tags. */
  readonly presets: readonly string[];
  /** The inline policy's name (`permissions`, or the name of an adopted one). */
  readonly inlinePolicyName: string;
  /** What already exists and is imported; absent, everything is created. */
  readonly adopt?: WorkloadAdoption;
  /** Earlier names, oldest first; the blocks are moved from each to the next. */
  readonly previously: readonly PreviousName[];
  /** How the pods get credentials. */
  readonly identity: Identity;
  /** Present when `identity` uses EKS Pod Identity. */
  readonly podIdentity?: PodIdentitySettings;
  /**
   * The account of `accounts:` the role lives in, when it is not the
   * cluster's own (an account with the cluster's `accountId` is the
   * cluster's own: nothing changes). Absent: the cluster's account.
   */
  readonly roleAccount?: RoleAccountRef;
  /** What the validator warned about this workload (guard rails), for reports. */
  readonly warnings: readonly string[];
  /**
   * Retired: nothing is generated for it. `keep`: its blocks get `removed`
   * blocks with `destroy = false` (Terraform forgets them; the role stays
   * in AWS); `destroy`: the next apply destroys them.
   */
  readonly retire?: Retirement;
}

/**
 * The cluster's IAM OIDC provider, in one of three modes, decided once here
 * so that the constructs never infer it.
 */
export type OidcProviderConfig =
  | {
      /** Registered by this stack (the recipe). */
      readonly mode: "create";
      /** Whether `thumbprint_list` is set from `data.tls_certificate`. */
      readonly thumbprint: boolean;
      /** The ARN of a provider that already exists for the issuer: imported into this stack instead of created. */
      readonly importArn?: string;
    }
  | {
      /** Registered elsewhere; trusted by ARN. */
      readonly mode: "existing";
      readonly arn: string;
    }
  | {
      /** Registered elsewhere; found at plan time by the cluster's issuer URL (`data.aws_iam_openid_connect_provider`). */
      readonly mode: "lookup";
    }
  | {
      /** Not needed: no workload of the cluster uses IRSA. */
      readonly mode: "none";
    };

/**
 * How a workload's pods get credentials: IRSA (a projected token for the
 * OIDC provider), EKS Pod Identity (an association), or both while moving
 * from one to the other.
 */
export type Identity = "irsa" | "pod-identity" | "both";

/** EKS Pod Identity settings of a workload that uses it. */
export interface PodIdentitySettings {
  /** A role in another account that the association chains into. */
  readonly targetRoleArn?: string;
  /** The association sets no session tags; the trust can then not be pinned to the service account. */
  readonly disableSessionTags: boolean;
}

/** Version constraints of the providers, as Terraform reads them (`~> 6.25`). */
export interface ProviderVersions {
  readonly aws: string;
  readonly kubernetes: string;
  readonly tls: string;
}

/** Which of a workload's resources already exist and are imported instead of created. */
export interface WorkloadAdoption {
  readonly role: boolean;
  readonly inlinePolicy: boolean;
  readonly attachments: boolean;
  readonly serviceAccount: boolean;
  /**
   * The id (`a-…`) of the service account's existing EKS Pod Identity
   * association, imported as `<cluster>,<id>`: EKS allows one association
   * per service account, so creating a second one would fail.
   */
  readonly podIdentityAssociation?: string;
}

/** A name the workload had before: its blocks are moved from there, so nothing is destroyed. */
export interface PreviousName {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The label its blocks had. */
  readonly id: string;
  /**
   * The rename is over. Until then, pods may still run under the old name:
   * the role trusts it too, and its service account and Pod Identity
   * association stay beside the new ones.
   */
  readonly finished: boolean;
}

/** An account of `accounts:`, and how the stack reaches it. */
export interface RoleAccountSettings extends RoleAccountRef {
  /** The role the account's AWS provider assumes (`assume_role { role_arn }`). */
  readonly assumeRoleArn: string;
  readonly externalId?: string;
  readonly sessionName?: string;
}

/** Which account of `accounts:` a workload's role lives in. */
export interface RoleAccountRef {
  /** The account's name in `accounts:`. */
  readonly name: string;
  /** Its Terraform label: the AWS provider's alias and the suffix of the role's addresses (`<id>_in_<label>`). */
  readonly label: string;
  readonly accountId: string;
}

/**
 * An account of `accounts:` that some of a cluster's roles live in, other
 * than the cluster's own: the stack reaches it through an aliased AWS
 * provider that assumes `assumeRoleArn`, and registers (or finds) the
 * cluster's OIDC provider there.
 */
export interface RoleAccountConfig extends RoleAccountSettings {
  /**
   * The cluster's OIDC provider in this account: `create` (with `importArn`
   * when adopted), `lookup`, or `none` when no role of the cluster in the
   * account uses IRSA any more (only retired ones are left).
   */
  readonly oidcProvider: Extract<OidcProviderConfig, { readonly mode: "create" | "lookup" | "none" }>;
}

/** How a workload or cluster leaves irsa-gen's management. */
export type Retirement = "keep" | "destroy";

export interface ClusterConfig {
  /** The EKS cluster's name; also the stack's name. */
  readonly name: string;
  readonly region: string;
  readonly partition: PartitionInfo;
  /** Pins the AWS provider to this account (`allowed_account_ids`). */
  readonly accountId?: string;
  /** The issuer URL when known at synth time, else it is read from the cluster at plan time. */
  readonly oidcIssuerUrl?: string;
  /** Where the IAM OIDC provider every trust policy names comes from. */
  readonly oidcProvider: OidcProviderConfig;
  /** The version constraints written into `required_providers`. */
  readonly providerVersions: ProviderVersions;
  /** Installs the `eks-pod-identity-agent` EKS add-on (`aws_eks_addon`). */
  readonly podIdentityAgent: boolean;
  /** Let-go-of addresses whose `removed` blocks every state has applied: no longer written. */
  readonly releasesApplied: readonly string[];
  /** The whole cluster is retired (every workload with it). */
  readonly retire?: Retirement;
  /**
   * The issuer's host and path as tokens name it (the prefix of the trust
   * policies' condition keys), e.g. `oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE`:
   * parsed and checked once, from `oidcIssuerUrl` or else from the OIDC
   * provider's ARN. Absent: read from the cluster at plan time.
   */
  readonly issuerHost?: string;
  readonly kubernetesAuth: KubernetesAuth;
  /** Default tags of the AWS provider, sorted by key. */
  readonly tags: Readonly<Record<string, string>>;
  readonly backend: BackendConfig;
  /** Adds `prevent_destroy` to the OIDC provider. */
  readonly protect: boolean;
  /** Workloads sorted by id. */
  readonly workloads: readonly WorkloadConfig[];
  /**
   * The accounts of `accounts:` the cluster's roles live in besides its
   * own, sorted by name (retired workloads' accounts included: Terraform
   * needs their provider to destroy or forget what is there).
   * @default none
   */
  readonly roleAccounts?: readonly RoleAccountConfig[];
  /** Every Terraform label and construct id of the stack, allocated once (see addresses.ts). */
  readonly addresses: StackAddresses;
}

export interface IrsaConfig {
  /** The config file as given by the user, for headers and messages. */
  readonly sourceFile: string;
  /** Clusters sorted by name. */
  readonly clusters: readonly ClusterConfig[];
  /**
   * The accounts of `accounts:` by name, for the ledger: what a stack
   * still holds in an account no workload names any more is destroyed or
   * let go of through that account's provider.
   * @default none
   */
  readonly accounts?: Readonly<Record<string, RoleAccountSettings>>;
}
