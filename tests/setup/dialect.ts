/** Which database the test run uses (TEST_POSTGRES_URL set → PostgreSQL), for the few tests that differ. */
import { testPostgresUrl } from "./postgres-test-db";

export const onPostgres = Boolean(testPostgresUrl());

/** Label of a block that runs on SQLite only, saying why it is skipped on PostgreSQL. */
export const sqliteOnly = (name: string, why: string) => (onPostgres ? `${name} [SQLite only: ${why}]` : name);
