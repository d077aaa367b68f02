/**
 * An STS endpoint on 127.0.0.1, for the providers of other accounts.
 */
import { createServer } from "node:http";
import { listening } from "./fake-iam";

export interface FakeSts {
  /** The endpoint, for the aws provider's `endpoints { sts = … }`. */
  readonly url: string;
  /** Every call received, as `AssumeRole <RoleArn> <ExternalId or -> <RoleSessionName or ->`, or the action. */
  readonly calls: readonly string[];
  close(): Promise<void>;
}

/**
 * An STS query API on 127.0.0.1 that answers AssumeRole with made-up
 * temporary credentials, recording what was asked (the role, the external
 * id, the session name), so that an AWS provider with `assume_role` can be
 * configured offline and the test can see which role it assumed. Any other
 * call is refused, naming it.
 */
export async function startFakeSts(): Promise<FakeSts> {
  const calls: string[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const params = new URLSearchParams(body || (request.url?.split("?")[1] ?? ""));
      const action = params.get("Action") ?? "";
      let status = 200;
      let text: string;
      if (action === "AssumeRole") {
        const role = params.get("RoleArn") ?? "";
        calls.push(`AssumeRole ${role} ${params.get("ExternalId") ?? "-"} ${params.get("RoleSessionName") ?? "-"}`);
        const account = role.split(":")[4] ?? "123456789012";
        text =
          `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
          `<Credentials><AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId><SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>` +
          `<SessionToken>FwoGZXIvYXdzEXAMPLE</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>` +
          `<AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/${role.split("/").pop()}/session</Arn><AssumedRoleId>AROAEXAMPLE:session</AssumedRoleId></AssumedRoleUser>` +
          `</AssumeRoleResult><ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata></AssumeRoleResponse>`;
      } else {
        calls.push(action);
        status = 400;
        text = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>this test endpoint does not answer ${action}</Message></Error><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>`;
      }
      response.writeHead(status, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(text) });
      response.end(text);
    });
  });
  return listening(server, calls);
}

// ---------------------------------------------------------------------------
// An EKS endpoint for the cluster's data source
