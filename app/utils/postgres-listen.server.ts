/**
 * PostgreSQL LISTEN on a connection of its own (never one of the pool's: a pooled connection goes
 * back to other queries, and a notification is delivered to the session that listens). A
 * `NOTIFY` (or `pg_notify`) issued inside a transaction is delivered when, and only if, that
 * transaction commits, so a listener learns of committed rows, from any instance, within
 * milliseconds.
 *
 * A lost connection (database restart, failover, network) is logged once, then the listener
 * connects again every `retryMs` until it succeeds and logs that once too. Notifications sent
 * while it was away are lost, so `onListening` runs after each (re)connect: the caller catches up
 * there (e.g. one dispatch of what is pending).
 */
import pg from "pg";
import { POSTGRES_SESSION_OPTIONS } from "./db.server";

export type PostgresListener = {
  /** Resolves once LISTEN is in place the first time (never rejects: it keeps retrying). */
  ready: Promise<void>;
  /** Stops listening and closes the connection; no reconnect after this. */
  stop: () => Promise<void>;
};

export function listenPostgres(options: {
  databaseUrl: string;
  /** A lower-case identifier (it is written into LISTEN as is). */
  channel: string;
  onNotify: (payload: string | undefined) => void;
  /** After each successful LISTEN, the first included. */
  onListening?: () => void;
  /** Log prefix, e.g. "mail". */
  label: string;
  retryMs?: number;
}): PostgresListener {
  const { databaseUrl, channel, onNotify, onListening, label } = options;
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a plain channel name: ${channel}`);
  const retryMs = options.retryMs ?? 1_000;
  let client: pg.Client | null = null;
  let stopped = false;
  let lost = false;
  let retry: NodeJS.Timeout | null = null;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const connectionLost = (c: pg.Client, e: Error | undefined) => {
    if (client !== c) return; // 'error' and 'end' both fire for one loss
    client = null;
    c.removeAllListeners("notification");
    c.end().catch(() => undefined);
    if (stopped) return;
    if (!lost) {
      lost = true;
      console.error(`[${label}] LISTEN ${channel}: the PostgreSQL connection was lost (${e?.message ?? "closed"}); retrying every ${retryMs} ms`);
    }
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, retryMs);
    retry.unref();
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: databaseUrl, options: POSTGRES_SESSION_OPTIONS, connectionTimeoutMillis: 10_000, keepAlive: true });
    client = c;
    // Without a listener an 'error' on the client would end the process.
    c.on("error", (e) => connectionLost(c, e));
    c.on("end", () => connectionLost(c, undefined));
    c.on("notification", (m) => {
      if (m.channel === channel) onNotify(m.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (e) {
      connectionLost(c, e instanceof Error ? e : new Error(String(e)));
      return;
    }
    if (client !== c) return;
    if (stopped) {
      await c.end().catch(() => undefined);
      return;
    }
    if (lost) {
      lost = false;
      console.error(`[${label}] LISTEN ${channel}: connected again`);
    }
    markReady();
    onListening?.();
  };

  void connect();
  return {
    ready,
    stop: async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners("notification");
        c.on("error", () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
