import { ExtensionImageProps } from '../src';

/** rdkit: scaffolded by new-extension from postgresql-18-rdkit 202609.1-1+b1. */
export const rdkit: ExtensionImageProps = {
  name: "rdkit",
  description: "Cheminformatics and machine-learning software (PostgreSQL Cartridge)",
  homepage: "https://www.rdkit.org",
  packages: ["postgresql-{major}-rdkit"],
  owners: ["@cnpg-extensions-cdk/maintainers"],
  licenses: ["BSD-3-Clause"],
  files: {
    lib: ["rdkit.so"],
    extension: ["rdkit.control", "rdkit--*.sql"],
  },
  systemLibraries: true,
  builds: [
    { distro: "bookworm", major: 18 },
    { distro: "trixie", major: 18 },
  ],
  // The formula of phenol, from its SMILES.
  smokeTest: {
    sql: "SELECT mol_formula('c1ccccc1O'::mol)",
    expected: "C6H6O",
  },
};
