import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { DataTlsCertificate } from "@cdktf/provider-tls/lib/data-tls-certificate";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { STS_AUDIENCE } from "../aws/eks";
import { attributeOf, referenceTo } from "./expression";

export interface OidcProviderProps {
  /**
   * The issuer URL: a literal when known at synth time, else a Terraform
   * expression read from the cluster at plan time.
   */
  readonly issuerUrl: string;
  /**
   * Whether `thumbprint_list` is set from the issuer's certificate chain.
   * @default true
   */
  readonly thumbprint?: boolean;
  /**
   * Adds `prevent_destroy`: every role of the cluster trusts this provider.
   * @default false
   */
  readonly protect?: boolean;
  /** Tags of the provider resource (beside the AWS provider's default tags). */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The resource's label: the cluster's own account's provider is
   * `cluster`, another account's `cluster_in_<account>`.
   * @default "cluster"
   */
  readonly label?: string;
  /**
   * The AWS provider of the account it is registered in (an aliased one for
   * another account).
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * A thumbprint another provider of the stack already reads from the
   * issuer (one issuer, one certificate chain): no second TLS data source.
   * @default read here, when `thumbprint`
   */
  readonly thumbprintList?: string[];
}

/**
 * Registers a cluster's OIDC issuer in IAM, so that IAM accepts the
 * projected service-account tokens the cluster signs.
 * https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html
 */
export class OidcProvider extends Construct {
  /** The provider's ARN: the `Federated` principal of every trust policy. */
  public readonly arn: string;
  /** The provider's Terraform address, e.g. for an import block. */
  public readonly address: string;
  /** The thumbprint it was registered with, for the stack's other providers of the same issuer. */
  public readonly thumbprintList?: string[];

  constructor(scope: Construct, id: string, props: OidcProviderProps) {
    super(scope, id);
    let thumbprintList: string[] | undefined = (props.thumbprint ?? true) ? props.thumbprintList : undefined;
    if ((props.thumbprint ?? true) && thumbprintList === undefined) {
      new TlsProvider(this, "tls");
      // certificates[0] is the root of the chain: it outlives leaf rotations,
      // which is also what terraform-aws-eks pins.
      // https://github.com/terraform-aws-modules/terraform-aws-eks/blob/master/main.tf
      const certificate = new DataTlsCertificate(this, "certificate", { url: props.issuerUrl });
      certificate.overrideLogicalId("oidc_issuer");
      thumbprintList = [attributeOf(certificate, "certificates[0].sha1_fingerprint")];
    }
    const provider = new IamOpenidConnectProvider(this, "provider", {
      url: props.issuerUrl,
      // The audience is sts.amazonaws.com in every partition, China included.
      clientIdList: [STS_AUDIENCE],
      // Optional since the AWS provider 5.81: IAM then fetches the thumbprint itself.
      ...(thumbprintList ? { thumbprintList } : {}),
      ...(props.tags && Object.keys(props.tags).length > 0 ? { tags: { ...props.tags } } : {}),
      ...(props.protect ? { lifecycle: { preventDestroy: true } } : {}),
      ...(props.provider ? { provider: props.provider } : {}),
    });
    provider.overrideLogicalId(props.label ?? "cluster");
    this.thumbprintList = thumbprintList;
    this.arn = attributeOf(provider, "arn");
    this.address = referenceTo(provider);
  }
}
