/**
 * What the dynamic section of an ELF file says, read from readelf's output:
 * the shared libraries it needs and the symbols it defines and imports.
 */

/** The dynamic linking facts of one ELF file. */
export interface ElfFacts {
  /** Sonames of its NEEDED entries, e.g. "libpq.so.5". */
  readonly needed: string[];
  /** Dynamic symbols it defines, e.g. "_PG_init". */
  readonly defines: ReadonlySet<string>;
  /** Dynamic symbols it imports, e.g. "RegisterBackgroundWorker". */
  readonly imports: ReadonlySet<string>;
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const NEEDED = /\(NEEDED\)\s+Shared library: \[([^\]]+)\]/;
const SYMBOL_ROW = /^\s*\d+:\s/;

/** Whether `header` (the first bytes of a file) starts an ELF file. */
export function isElf(header: Buffer): boolean {
  return header.subarray(0, ELF_MAGIC.length).equals(ELF_MAGIC);
}

/** The NEEDED sonames in the output of `readelf -d`. */
export function neededLibrariesOf(dynamicSection: string): string[] {
  return dynamicSection.split('\n').map((line) => NEEDED.exec(line)?.[1]).filter((soname): soname is string => soname !== undefined);
}

/** The defined and imported symbols in the output of `readelf --dyn-syms -W` (versions such as "@GLIBC_2.2.5" dropped). */
export function dynamicSymbolsOf(symbolTable: string): Pick<ElfFacts, 'defines' | 'imports'> {
  const defines = new Set<string>();
  const imports = new Set<string>();
  for (const line of symbolTable.split('\n').filter((l) => SYMBOL_ROW.test(l))) {
    // Num: Value Size Type Bind Vis Ndx Name
    const [, , , , , , section, name] = line.trim().split(/\s+/);
    if (!name) continue;
    (section === 'UND' ? imports : defines).add(name.split('@')[0]);
  }
  return { defines, imports };
}
