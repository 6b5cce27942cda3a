// The two ways a protobuf body can fail to decode, kept apart because they answer differently:
// bytes that are not protobuf are the client's mistake (400); a field we have no table entry for
// is our limitation (415), and the request is refused rather than stored without it.

/** The body is not a well-formed Kubernetes protobuf message. */
export class MalformedBodyError extends Error {
  override readonly name = 'MalformedBodyError';
}

/** The body is well-formed but carries something the sandbox cannot decode without losing it. */
export class UnsupportedContentError extends Error {
  override readonly name = 'UnsupportedContentError';
}

/** Names a place in the object the way kubectl error messages do (`spec.template.spec.containers[0]`). */
export function joinPath(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}
