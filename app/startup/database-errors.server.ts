/**
 * One readable line for a database that cannot be used at start-up (wrong host, refused
 * connection, unknown database, bad credentials, unwritable SQLite path) — never a stack trace.
 * The password in a PostgreSQL URL is never printed.
 */
export function redactDatabaseUrl(url: string): string {
  if (url.startsWith("file:")) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

const REASONS: [RegExp | string, string][] = [
  ["ECONNREFUSED", "nothing accepts connections at that host and port"],
  ["ENOTFOUND", "the host name does not resolve"],
  ["EAI_AGAIN", "the host name does not resolve"],
  ["ETIMEDOUT", "the connection timed out"],
  ["3D000", "the database does not exist (create it first: createdb …)"],
  ["28P01", "the password was refused"],
  ["28000", "the server refused this user"],
  ["EACCES", "no permission to create or write the database file"],
  ["SQLITE_CANTOPEN", "the database file cannot be opened"],
];

export function describeDatabaseError(url: string, error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: { code?: string }[] };
  const codes = [e?.code, ...(e?.errors ?? []).map((x) => x.code)].filter(Boolean) as string[];
  const message = String(e?.message ?? error);
  const reason =
    REASONS.find(([k]) => (typeof k === "string" ? codes.includes(k) || message.includes(k) : k.test(message)))?.[1] ?? message.split("\n")[0]!.slice(0, 300);
  return `DATABASE_URL: cannot use the database at ${redactDatabaseUrl(url)}: ${reason}.`;
}
