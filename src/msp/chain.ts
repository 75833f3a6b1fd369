/** Certificate chain checks of MSP folders: issued-and-signed-by, and chains to a set of roots through intermediates. */
import type { X509Certificate } from 'node:crypto';

/** `child` names `parent` as issuer and carries its signature. */
export function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

const MAX_CHAIN_DEPTH = 8;

/** True when `cert` was issued by a root, directly or through `intermediates` (at most 8 deep). */
export function chainsTo(
  cert: X509Certificate,
  roots: readonly X509Certificate[],
  intermediates: readonly X509Certificate[],
  depth = 0,
): boolean {
  if (roots.some((root) => issuedBy(cert, root))) return true;
  if (depth >= MAX_CHAIN_DEPTH) return false;
  return intermediates.some(
    (mid) =>
      issuedBy(cert, mid) &&
      chainsTo(
        mid,
        roots,
        intermediates.filter((other) => other !== mid),
        depth + 1,
      ),
  );
}
