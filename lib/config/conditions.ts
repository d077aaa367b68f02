/**
 * Condition values checked against their operator. IAM does not refuse a
 * value its operator cannot compare (`Bool "yes"`, `NumericLessThan "ten"`):
 * the condition then never matches, so an Allow silently grants nothing
 * and, worse, a Deny silently denies nothing.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { isIPv4, isIPv6 } from "node:net";
import { baseOperator } from "../model/rules";

export interface ValueProblem {
  readonly message: string;
  readonly fix: string;
}

/** A problem when `value` is not something `test` compares against; undefined when it is. */
export function conditionValueProblem(test: string, value: string): ValueProblem | undefined {
  const base = baseOperator(test);
  if (base.startsWith("String")) return undefined;
  if (base === "Bool" || base === "Null") {
    return value === "true" || value === "false"
      ? undefined
      : { message: `is not "true" or "false", the only values ${base} compares against`, fix: 'Write "true" or "false", quoted, in lower case' };
  }
  if (base.startsWith("Numeric")) {
    return /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(value) ? undefined : { message: `is not a number, which ${base} compares against`, fix: 'Write a number in quotes, e.g. "10"' };
  }
  if (base.startsWith("Date")) {
    return isDate(value) ? undefined : { message: `is not a date, which ${base} compares against`, fix: 'Write an ISO 8601 date and time such as "2026-01-31T12:00:00Z", or seconds since 1970 such as "1769860800"' };
  }
  if (base === "IpAddress" || base === "NotIpAddress") {
    return isAddressRange(value) ? undefined : { message: `is not an IP address or CIDR range, which ${base} compares against`, fix: 'Write an IPv4 or IPv6 address or range, e.g. "203.0.113.0/24" or "2001:db8::/32"' };
  }
  if (base.startsWith("Arn")) {
    if (value.includes("&{")) return undefined; // a policy variable that stands for an ARN
    return /^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+$/.test(value)
      ? undefined
      : { message: `is not an ARN, which ${base} compares against`, fix: "Write an ARN, with * and ? where any text may stand, e.g. arn:aws:iam::111122223333:role/*" };
  }
  if (base === "BinaryEquals") {
    return value.length > 0 && value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value) ? undefined : { message: "is not base64, which BinaryEquals compares against", fix: "Write the binary value base64-encoded" };
  }
  return undefined;
}

function isDate(value: string): boolean {
  if (/^\d{1,10}$/.test(value)) return true; // seconds since the epoch
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!m) return false;
  const [, , month, day, hour, minute, second] = m;
  return (
    Number(month) >= 1 && Number(month) <= 12 && Number(day) >= 1 && Number(day) <= 31 &&
    (hour === undefined || Number(hour) <= 23) && (minute === undefined || Number(minute) <= 59) && (second === undefined || Number(second) <= 60)
  );
}

function isAddressRange(value: string): boolean {
  const slash = value.indexOf("/");
  const address = slash < 0 ? value : value.slice(0, slash);
  const prefix = slash < 0 ? undefined : value.slice(slash + 1);
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : -1;
  if (max < 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
}
