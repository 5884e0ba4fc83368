/**
 * License exceptions of a scaffolded definition: synthesis accepts them, but
 * each says plainly that a maintainer has not reviewed it yet.
 */
import { CNCF_ALLOWED_LICENSES, LicenseException } from '../../src';

/** One exception per license of `licenses` off the CNCF allowlist, marked as awaiting review. */
export function exceptionsAwaitingReview(extensionName: string, licenses: readonly string[]): LicenseException[] {
  return licenses.filter((license) => !CNCF_ALLOWED_LICENSES.includes(license)).map((license) => ({
    license,
    name: `${extensionName}-${license}`.toLowerCase().replace(/[^a-z0-9._-]+/g, '-'),
    reason: `Not reviewed yet: new-extension read ${license} from debian/copyright; it is outside the CNCF allowlist and needs a maintainer's review before the image is published`,
  }));
}
