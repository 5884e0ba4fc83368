/**
 * Recognizes common license texts, for copyright files that name no license
 * (or a name of their own): a guess a maintainer confirms.
 */

interface LicenseFingerprint {
  /** SPDX identifier. */
  readonly license: string;
  /** Phrases the text must all hold (lower case, single spaces). */
  readonly holds: readonly RegExp[];
  /** Phrases that rule the license out. */
  readonly lacks?: readonly RegExp[];
}

const BSD_REDISTRIBUTION = /redistribution and use in source and binary forms/;
const BSD_ENDORSEMENT = /neither the name|may be used to endorse/;
const BSD_ADVERTISING = /all advertising materials mentioning/;

const FINGERPRINTS: readonly LicenseFingerprint[] = [
  { license: 'PostgreSQL', holds: [/permission to use, copy, modify, and distribute this software and its documentation for any purpose, without fee, and without a written agreement is hereby granted/] },
  { license: 'MIT', holds: [/permission is hereby granted, free of charge, to any person obtaining a copy/] },
  // The older ISC wording says "modify, and distribute"; SPDX matches both.
  { license: 'ISC', holds: [/permission to use, copy, modify, and(?:\/or)? distribute this software for any purpose with or without fee is hereby granted/] },
  ...gnuGplFingerprints(),
  { license: 'Apache-2.0', holds: [/apache license,? version 2\.0/] },
  { license: 'BSD-4-Clause', holds: [BSD_REDISTRIBUTION, BSD_ADVERTISING] },
  { license: 'BSD-3-Clause', holds: [BSD_REDISTRIBUTION, BSD_ENDORSEMENT], lacks: [BSD_ADVERTISING] },
  { license: 'BSD-2-Clause', holds: [BSD_REDISTRIBUTION], lacks: [BSD_ENDORSEMENT, BSD_ADVERTISING] },
];

/**
 * The GNU GPL grants of free-form copyright files: "version N of the License,
 * or (at your option) any later version" (versions 2 and 3). The Lesser,
 * Library and Affero licenses are told apart by their names.
 */
function gnuGplFingerprints(): LicenseFingerprint[] {
  const otherGnu = [/gnu (?:lesser|library|affero) general public license/];
  return [2, 3].map((version) => ({
    license: `GPL-${version}.0-or-later`,
    holds: [/gnu general public license/, new RegExp(`version ${version}(?: of the license)?,? or \\(at your option\\) any later version`)],
    lacks: otherGnu,
  }));
}

/** The SPDX identifiers of the license texts recognized in `text`, in the order of the fingerprints. */
export function licensesInText(text: string): string[] {
  const normalized = text.toLowerCase().replace(/\s+/g, ' ');
  return FINGERPRINTS
    .filter((f) => f.holds.every((p) => p.test(normalized)) && !(f.lacks ?? []).some((p) => p.test(normalized)))
    .map((f) => f.license);
}
