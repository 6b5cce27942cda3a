// The name formats kube-apiserver enforces on built-in fields, with its wording, so 422 causes read
// the same as a real cluster's.

const rfc1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const rfc1035Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const configKey = /^[-._a-zA-Z0-9]+$/;
const LABEL_MAX = 63;
const IANA_NAME_MAX = 15;

/** Why `name` is not an RFC 1123 label (container names, namespaces), or undefined when it is one. */
export function rfc1123LabelProblem(name: string): string | undefined {
  if (name.length > LABEL_MAX) return `must be no more than ${LABEL_MAX} characters`;
  if (rfc1123Label.test(name)) return undefined;
  return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
}

/** Why `name` is not an RFC 1035 label (Service names), or undefined when it is one. */
export function rfc1035LabelProblem(name: string): string | undefined {
  if (name.length > LABEL_MAX) return `must be no more than ${LABEL_MAX} characters`;
  if (rfc1035Label.test(name)) return undefined;
  return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
}

/** Why `name` is not an IANA service name (named ports, string target ports), or undefined when it is one. */
export function ianaServiceNameProblem(name: string): string | undefined {
  if (name.length > IANA_NAME_MAX) return `must be no more than ${IANA_NAME_MAX} characters`;
  if (!/^[-a-z0-9]+$/.test(name)) return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
  if (name.includes('--')) return "must not contain consecutive hyphens";
  if (!/[a-z]/.test(name)) return 'must contain at least one letter (a-z)';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not begin or end with a hyphen';
  return undefined;
}

/** Why `key` is not a valid ConfigMap or Secret data key, or undefined when it is one. */
export function configKeyProblem(key: string): string | undefined {
  if (key.length > 253) return 'must be no more than 253 characters';
  if (configKey.test(key)) return undefined;
  return "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
}
