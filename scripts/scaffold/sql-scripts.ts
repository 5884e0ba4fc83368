/** What the SQL scripts of an extension say about how it loads its library. */

/** `LOAD '$libdir/...'` or `AS '$libdir/...'`: what stripLibdirPrefix rewrites (as the generated Dockerfile matches it). */
const LIBDIR_REFERENCE = /\b(LOAD|AS)\s+'\$libdir\//i;

/** Whether `sql` loads a library through `$libdir/`, which resolves to PostgreSQL's own directory rather than the image. */
export function loadsFromLibdir(sql: string): boolean {
  return LIBDIR_REFERENCE.test(sql);
}
