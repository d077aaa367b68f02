/**
 * A small evaluator of the trust statements irsa-gen emits, so that tests
 * assert what a trust policy admits rather than how it is spelled.
 *
 * It follows IAM's rules for what we use: separate conditions are ANDed,
 * the values of one condition are ORed, a key that the request lacks fails
 * StringEquals, an explicit Deny wins. A request with session tags needs
 * sts:TagSession as well as its action, as STS requires.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 *
 * Every name of AWS's here is spelled out, never read from lib: a request
 * built from lib's own constants would follow a wrong constant, and the
 * policy would still admit it.
 */

/** The principal EKS Pod Identity assumes roles as, and the session tags it sets (EKS user guide, pod-id-role and pod-id-abac). */
const POD_IDENTITY_SERVICE = "pods.eks.amazonaws.com";
const TAG_CLUSTER_ARN = "aws:RequestTag/eks-cluster-arn";
const TAG_NAMESPACE = "aws:RequestTag/kubernetes-namespace";
const TAG_SERVICE_ACCOUNT = "aws:RequestTag/kubernetes-service-account";

/** A request to assume a role, as IAM sees it. */
export interface AssumeRequest {
  readonly principal: { readonly type: "Federated" | "Service"; readonly id: string };
  /** Every action the call needs allowed (AssumeRole with tags needs TagSession too). */
  readonly actions: readonly string[];
  /** The request's condition keys. */
  readonly context: Readonly<Record<string, string>>;
}

/** An IRSA pod: a projected token from an issuer, for an audience. */
export interface WebIdentityRequest {
  /** The ARN of the OIDC provider that IAM matched the token's issuer to. */
  readonly providerArn: string;
  /** The token's issuer without https://. */
  readonly issuerHost: string;
  readonly sub: string;
  readonly aud: string;
  readonly action?: string;
}

export function webIdentity(request: WebIdentityRequest): AssumeRequest {
  return {
    principal: { type: "Federated", id: request.providerArn },
    actions: [request.action ?? "sts:AssumeRoleWithWebIdentity"],
    context: { [`${request.issuerHost}:sub`]: request.sub, [`${request.issuerHost}:aud`]: request.aud },
  };
}

/** An EKS Pod Identity pod: EKS assumes the role for it, with session tags unless they are disabled. */
export interface PodIdentityRequest {
  readonly accountId: string;
  readonly clusterArn: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** @default true */
  readonly sessionTags?: boolean;
  /** Another service principal instead of EKS Pod Identity's. */
  readonly principal?: string;
}

export function podIdentity(request: PodIdentityRequest): AssumeRequest {
  const tags = request.sessionTags ?? true;
  return {
    principal: { type: "Service", id: request.principal ?? POD_IDENTITY_SERVICE },
    actions: tags ? ["sts:AssumeRole", "sts:TagSession"] : ["sts:AssumeRole"],
    context: {
      "aws:SourceAccount": request.accountId,
      ...(tags
        ? {
            [TAG_CLUSTER_ARN]: request.clusterArn,
            [TAG_NAMESPACE]: request.namespace,
            [TAG_SERVICE_ACCOUNT]: request.serviceAccount,
          }
        : {}),
    },
  };
}

interface Statement {
  effect?: string;
  actions?: readonly string[];
  principals?: readonly { type: string; identifiers: readonly string[] }[];
  condition?: readonly { test: string; variable: string; values: readonly string[] }[];
  conditions?: readonly { test: string; variable: string; values: readonly string[] }[];
}

export function admits(statements: readonly Statement[], request: AssumeRequest | WebIdentityRequest): boolean {
  const req = "principal" in request ? request : webIdentity(request);
  const matches = (s: Statement, action: string) =>
    (s.actions ?? []).includes(action) &&
    (s.principals ?? []).some((p) => p.type === req.principal.type && p.identifiers.includes(req.principal.id)) &&
    (s.condition ?? s.conditions ?? []).every((c) => {
      const value = req.context[c.variable];
      if (c.test === "StringEquals") return value !== undefined && c.values.includes(value);
      if (c.test === "StringLike") return value !== undefined && c.values.some((pattern) => globMatches(pattern, value));
      throw new Error(`the evaluator does not know ${c.test}`);
    });
  return req.actions.every((action) => {
    const denied = statements.some((s) => s.effect === "Deny" && matches(s, action));
    return !denied && statements.some((s) => (s.effect ?? "Allow") === "Allow" && matches(s, action));
  });
}


/**
 * StringLike: `*` matches any run of characters (none included), `?` one
 * character, everything else itself, case-sensitively; the whole value must
 * match. Written here as a regular expression, independently of lib's matcher.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 */
export function globMatches(pattern: string, value: string): boolean {
  const source = [...pattern].map((c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${source}$`, "u").test(value);
}
