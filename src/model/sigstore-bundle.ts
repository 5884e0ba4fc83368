import { createHash } from 'crypto';

/** The file name of the sigstore bundle `cosign sign-blob --bundle` writes beside a signed file. */
export function signatureBundleName(file: string): string {
  return `${file}.sigstore.json`;
}

/**
 * Whether a sigstore bundle (JSON text, media type
 * `application/vnd.dev.sigstore.bundle*`) is a message signature over exactly
 * `content`: its `messageSignature.messageDigest` is the SHA-256 of those
 * bytes. This says which file a bundle belongs to, not that its signature is
 * valid; `cosign verify-blob` checks that.
 */
export function bundleSignsContent(bundleText: string, content: string | Buffer): boolean {
  let bundle: { mediaType?: unknown; messageSignature?: { messageDigest?: { algorithm?: unknown; digest?: unknown } } };
  try {
    bundle = JSON.parse(bundleText);
  } catch {
    return false;
  }
  const digest = bundle?.messageSignature?.messageDigest;
  if (typeof bundle?.mediaType !== 'string' || !bundle.mediaType.startsWith('application/vnd.dev.sigstore.bundle')) return false;
  if (digest?.algorithm !== 'SHA2_256' || typeof digest.digest !== 'string') return false;
  return createHash('sha256').update(content).digest('base64') === digest.digest;
}
