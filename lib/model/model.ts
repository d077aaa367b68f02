/**
 * The validated configuration: what the constructs receive.
 *
 * Everything here is already checked, defaulted and sorted, so constructs
 * never validate and never depend on the order of the input file.
 */
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
  /**
   * The workload uses a role of `roles:` (see shared-roles.ts) instead of a
   * role of its own: it has no role, trust or policies here, only its
   * service account and association; its role's settings above are unused.
   */
  readonly sharedRole?: SharedRoleUse;
}

/** How a workload uses a shared role. */
export interface SharedRoleUse {
  /** The role's key, its `name` in `roles:`. */
  readonly key: string;
  /** The role's ARN, a literal, in a cluster other than the role's home (whose stack refers to its own block). */
  readonly arn?: string;
  /**
   * The workload names service accounts by pattern (`StringLike`):
   * `service-account` (`serviceAccountPattern` in one namespace) or
   * `namespace` (`namespacePattern`, with the louder opt-in). It then has no
   * service account and no association: the pods' tooling creates them.
   */
  readonly pattern?: "service-account" | "namespace";
}

/** One trusted subject of a shared role: a workload naming it, with what its cluster's trust names. */
export interface SharedRoleMember {
  readonly cluster: string;
  readonly identity: Identity;
  /** An exact name, or a `StringLike` pattern when `pattern` is set. */
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly pattern?: "service-account" | "namespace";
  /** IRSA: the cluster's OIDC provider and issuer (literals outside the home cluster). */
  readonly irsa?: { readonly oidcProviderArn: string; readonly issuerHost: string };
  /** Pod Identity: the cluster's account and ARN (literals outside the home cluster). */
  readonly podIdentity?: { readonly accountId: string; readonly clusterArn: string };
}

/**
 * A role several workloads share, in one or several clusters (top-level
 * `roles:`): its blocks live in its home cluster's stack only, under labels
 * from its key; its trust is the union of the workloads naming it.
 */
export interface SharedRoleConfig
  extends Pick<
    WorkloadConfig,
    | "roleName"
    | "rolePath"
    | "description"
    | "permissionsBoundaryArn"
    | "maxSessionDuration"
    | "tags"
    | "managedPolicyArns"
    | "policyStatements"
    | "inlinePolicyName"
    | "protect"
    | "exclusivePolicies"
    | "presets"
    | "warnings"
    | "retire"
  > {
  /** Its `name` in `roles:`: the stable key its addresses derive from. */
  readonly key: string;
  /** The cluster whose stack holds the role. */
  readonly home: string;
  /** The Terraform label of the role's blocks, `shared_<key>`. */
  readonly id: string;
  /** Sorted by cluster, namespace, service account; empty only when retired. */
  readonly members: readonly SharedRoleMember[];
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

/**
 * An EKS add-on whose pods take a role through the add-on itself
 * (`aws_eks_addon`'s `service_account_role_arn` or
 * `pod_identity_association`); see eks-addons.ts.
 */
export interface AddonConfig {
  /** The EKS add-on's name, e.g. `aws-ebs-csi-driver`; unique in the cluster. */
  readonly name: string;
  /** `addon_version`; absent, EKS installs its default version and Terraform keeps what runs. */
  readonly version?: string;
  /** The Terraform label of the add-on's blocks, from its name, e.g. `aws_ebs_csi_driver`. */
  readonly id: string;
  /**
   * The add-on's role, checked as a workload's is: its service account is
   * the add-on's (created by EKS, never by irsa-gen), its identity `irsa` or
   * `pod-identity`, its `protect` and `retire` the add-on's too.
   */
  readonly role: WorkloadConfig;
  /** The add-on exists (installed by the console, eksctl or another stack): imported as `<cluster>:<name>`. */
  readonly adoptAddon: boolean;
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
   * The shared roles (`roles:`) whose home this cluster is, sorted by key:
   * their blocks are in this stack.
   * @default none
   */
  readonly sharedRoles?: readonly SharedRoleConfig[];
  /** Add-ons with a role, sorted by name. */
  readonly addons: readonly AddonConfig[];
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

/** The labels of one workload's blocks. */
export interface WorkloadAddresses {
  /** The id of the workload's construct in the stack. */
  readonly construct: string;
  /** `aws_iam_role.<role>`, also `aws_iam_role_policy.<role>` and the drift locks. */
  readonly role: string;
  /** `kubernetes_service_account_v1.<serviceAccount>`: the workload's label, whichever account its role is in. */
  readonly serviceAccount: string;
  /** `data.aws_iam_policy_document.<trustDocument>` */
  readonly trustDocument: string;
  /** `data.aws_iam_policy_document.<permissionsDocument>` */
  readonly permissionsDocument: string;
  /** `aws_iam_role_policy_attachment.<label>` by policy ARN. */
  readonly attachments: Readonly<Record<string, string>>;
  /** `output.<roleArnOutput>` */
  readonly roleArnOutput: string;
  /** `output.<annotationsOutput>`, when the service account is created elsewhere. */
  readonly annotationsOutput: string;
  /** `aws_eks_pod_identity_association.<podIdentityAssociation>`, when the workload uses EKS Pod Identity. */
  readonly podIdentityAssociation: string;
  /** `moved` blocks from the workload's earlier names, in chain order. */
  readonly moves: readonly Move[];
  /**
   * Earlier names in transition (see `inTransition`): their service account
   * and association keep their own addresses, under the earlier label.
   */
  readonly transitions: readonly PreviousName[];
}

/** A Terraform `moved` block: the state at `from` now belongs to `to`. */
export interface Move {
  readonly from: string;
  readonly to: string;
}

/** The labels of one cluster's blocks. */
export interface StackAddresses {
  /** `kubernetes_namespace_v1.<label>` by namespace, with the id of its construct. */
  readonly namespaces: Readonly<Record<string, { readonly label: string; readonly construct: string }>>;
  /** By `namespace/serviceAccount`. */
  readonly workloads: Readonly<Record<string, WorkloadAddresses>>;
  /**
   * What the stack lets go of without destroying (`removed` blocks with
   * `destroy = false`): the blocks of workloads retired with `keep`,
   * namespaces only they created, and a retired cluster's OIDC provider.
   */
  readonly releases: readonly string[];
  /** The shared roles homed in the stack, by key. @default none */
  readonly sharedRoles?: Readonly<Record<string, SharedRoleAddresses>>;
  /** By add-on name. */
  readonly addons: Readonly<Record<string, AddonAddresses>>;
}

/** The labels of one add-on's blocks: its role's, as a workload's, and `aws_eks_addon.<addon>`. */
export interface AddonAddresses {
  readonly construct: string;
  readonly addon: string;
  readonly role: string;
  readonly trustDocument: string;
  readonly permissionsDocument: string;
  readonly attachments: Readonly<Record<string, string>>;
  readonly roleArnOutput: string;
}

/** The labels of a shared role's blocks (see `WorkloadAddresses`). */
export type SharedRoleAddresses = Pick<WorkloadAddresses, "construct" | "role" | "trustDocument" | "permissionsDocument" | "attachments" | "roleArnOutput">;
