/** Most distinct statement texts that get a name; any further text is sent unnamed (parsed each time). */
export const MAX_NAMED_STATEMENTS = 1000;

const names = new Map<string, string>();

/**
 * The prepared-statement name of a statement text: the same text always gets the same name (so each
 * connection parses and plans it once), a different text never shares one. The repositories build
 * their texts from fixed templates, so there are few; past {@link MAX_NAMED_STATEMENTS} a text gets
 * no name (undefined) rather than letting every connection's statement cache grow without bound.
 */
export function statementName(sql: string): string | undefined {
  const known = names.get(sql);
  if (known !== undefined) return known;
  if (names.size >= MAX_NAMED_STATEMENTS) return undefined;
  const name = `counterpay_${names.size + 1}`;
  names.set(sql, name);
  return name;
}
