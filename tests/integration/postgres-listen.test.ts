/**
 * The LISTEN connection (app/utils/postgres-listen.server.ts) through a TCP proxy that the test
 * cuts and restores (the shared PostgreSQL server keeps running): the loss is logged once however
 * many reconnect attempts fail, the listener connects again by itself, says so once, runs its
 * catch-up callback, and receives notifications again. PostgreSQL only (TEST_POSTGRES_URL).
 */
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listenPostgres } from "~/utils/postgres-listen.server";
import { hostPort, startTcpProxy, type TcpProxy } from "../setup/tcp-proxy";

const url = process.env.TEST_POSTGRES_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, withinMs: number): Promise<boolean> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > withinMs) return false;
    await sleep(10);
  }
  return true;
}

describe.runIf(!!url)("LISTEN through a connection that drops", () => {
  let proxy: TcpProxy;
  let notifier: pg.Client;
  beforeAll(async () => {
    proxy = await startTcpProxy(hostPort(url!));
    notifier = new pg.Client({ connectionString: url });
    await notifier.connect();
  });
  afterAll(async () => {
    await notifier?.end();
    await proxy?.close();
  });

  it("logs the loss once, reconnects, catches up and hears notifications again", async () => {
    const channel = `test_${crypto.randomBytes(4).toString("hex")}`;
    const heard: string[] = [];
    let listening = 0;
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const listener = listenPostgres({
      databaseUrl: proxy.through(url!),
      channel,
      label: "test",
      retryMs: 200,
      onNotify: (p) => heard.push(p ?? ""),
      onListening: () => listening++,
    });
    try {
      await listener.ready;
      expect(listening).toBe(1);
      await notifier.query("SELECT pg_notify($1, 'one')", [channel]);
      expect(await until(() => heard.includes("one"), 2_000)).toBe(true);

      // Not delivered before a commit.
      await notifier.query("BEGIN");
      await notifier.query("SELECT pg_notify($1, 'in-tx')", [channel]);
      await sleep(300);
      expect(heard).not.toContain("in-tx");
      await notifier.query("COMMIT");
      expect(await until(() => heard.includes("in-tx"), 2_000)).toBe(true);

      await proxy.down();
      await sleep(1_500); // about seven failed attempts at 200 ms
      const lost = errors.mock.calls.filter((c) => String(c[0]).includes(`LISTEN ${channel}: the PostgreSQL connection was lost`));
      expect(lost).toHaveLength(1);
      await notifier.query("SELECT pg_notify($1, 'missed')", [channel]); // nobody listens: lost, hence the catch-up

      await proxy.up();
      expect(await until(() => listening === 2, 3_000)).toBe(true);
      expect(errors.mock.calls.filter((c) => String(c[0]).includes(`LISTEN ${channel}: connected again`))).toHaveLength(1);
      await notifier.query("SELECT pg_notify($1, 'two')", [channel]);
      expect(await until(() => heard.includes("two"), 2_000)).toBe(true);
      expect(heard).not.toContain("missed");
    } finally {
      errors.mockRestore();
      await listener.stop();
    }
  });

  it("stops for good: no reconnect after stop()", async () => {
    let listening = 0;
    const listener = listenPostgres({
      databaseUrl: proxy.through(url!),
      channel: "test_stop",
      label: "test",
      retryMs: 100,
      onNotify: () => undefined,
      onListening: () => listening++,
    });
    await listener.ready;
    await listener.stop();
    await sleep(500);
    expect(listening).toBe(1);
  });
});
