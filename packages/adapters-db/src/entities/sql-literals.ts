/** `'a', 'b'` for a CHECK or an index predicate built from the domain's own constants (never from input). */
export function sqlList(values: readonly string[]): string {
  return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
}
