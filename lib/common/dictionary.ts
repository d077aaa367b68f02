/**
 * Objects keyed by names from the config (clusters, namespaces, Terraform
 * labels, policy ARNs), without a prototype: in a plain `{}`, `toString`,
 * `constructor` or `hasOwnProperty` is there before any key is set, so a
 * lookup of such a name finds a function, and `obj[name] ??= …` keeps it.
 * Every one of those names is a valid EKS cluster name, and `constructor` a
 * valid namespace and service account. (`__proto__` is refused where it
 * would be a key: it is no key at all in the libraries that write the
 * Terraform.)
 */
/** An empty object without a prototype. */
export function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `Object.fromEntries` without a prototype. */
export function dictionaryOf<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = dictionary<T>();
  for (const [key, value] of entries) out[key] = value;
  return out;
}
