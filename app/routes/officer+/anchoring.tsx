import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { parseWithZod } from "@conform-to/zod";
import { getAnchorConfig } from "~/domain/anchoring/anchoring-config.server";
import { anchorPendingBatches } from "~/domain/anchoring/anchor-pending-batches.server";
import { makeAnchorBatch } from "~/domain/anchoring/make-anchor-batch.server";
import { requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { getT } from "~/utils/locale.server";
import { domainErrorResponse } from "~/utils/route-helpers.server";
import { useT } from "~/utils/use-t";
import { EmptyState } from "~/components/list-ui";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.anchoring");

const intentSchema = z.object({ intent: z.enum(["make", "anchor"]) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "anchor:run");
  const config = getAnchorConfig();
  const [batches, unbatched] = await Promise.all([
    prisma.anchorBatch.findMany({ orderBy: { seq: "desc" }, take: 100, include: { _count: { select: { certificates: true } } } }),
    prisma.certificate.count({ where: { batchId: null } }),
  ]);
  return json({
    configured: config ? { chainId: config.chainId, contract: config.contract } : null,
    interval: getEnv().ANCHOR_INTERVAL,
    unbatched,
    batches: batches.map((b) => ({
      seq: b.seq,
      createdAt: b.createdAt,
      count: b.count,
      certificates: b._count.certificates,
      root: b.root,
      status: b.status,
      txHash: b.txHash,
      blockNumber: b.blockNumber,
      chainId: b.chainId,
      attempts: b.attempts,
      lastError: b.lastError,
    })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "anchor:run");
  const { t, locale } = await getT(request, user);
  const submission = parseWithZod(await readPageForm(request), { schema: intentSchema });
  if (submission.status !== "success") return json({ message: null, formError: "intent" }, { status: 400 });
  try {
    if (submission.value.intent === "make") {
      const made = await makeAnchorBatch({ actorId: user.id });
      return json({
        formError: null,
        seq: made?.seq ?? null,
        message: made
          ? t("certificates.officer.made", { seq: made.seq, certificates: made.certificates, count: made.count })
          : t("certificates.officer.nothing"),
      });
    }
    const run = await anchorPendingBatches({ actorId: user.id });
    if (!run.configured) return json({ formError: null, message: t("certificates.officer.anchorNotConfigured") });
    const anchored = run.batches.filter((b) => b.status === "anchored").length;
    return json({ formError: null, message: t("certificates.officer.anchorResult", { anchored, other: run.batches.length - anchored }) });
  } catch (e) {
    return domainErrorResponse(e, locale, { message: null });
  }
}

export default function Anchoring() {
  const { t, dateTime } = useT();
  const { configured, interval, unbatched, batches } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="space-y-4">
      <h1 className="h1">{t("certificates.officer.title")}</h1>
      <p className="muted">{t("certificates.officer.intro")}</p>
      <div className="card space-y-2 text-sm">
        <p data-testid="anchor-config" data-configured={configured ? "true" : "false"}>
          {configured ? t("certificates.officer.configured", configured) : t("certificates.officer.notConfigured")}
        </p>
        <p>{t("certificates.officer.interval", { interval })}</p>
        <p data-testid="unbatched-count">{t("certificates.officer.unbatched", { count: unbatched })}</p>
        <div className="flex flex-wrap gap-2">
          <Form method="post">
            <button className="btn-primary" name="intent" value="make" disabled={busy} data-testid="make-batch">
              {t("certificates.officer.make")}
            </button>
          </Form>
          <Form method="post">
            <button className="btn-secondary" name="intent" value="anchor" disabled={busy} data-testid="anchor-now">
              {t("certificates.officer.anchor")}
            </button>
          </Form>
        </div>
        {data && "message" in data && data.message ? (
          <p role="status" data-testid="anchor-message" data-seq={"seq" in data ? (data.seq ?? "") : ""}>
            {data.message}
          </p>
        ) : null}
        {data && "formError" in data && data.formError ? (
          <p role="alert" className="text-rose-700">
            {data.formError}
          </p>
        ) : null}
      </div>
      {batches.length ? (
        <div className="card overflow-x-auto p-0">
          <table className="table" data-testid="batch-table">
            <thead>
              <tr>
                <th>{t("certificates.officer.col.seq")}</th>
                <th>{t("certificates.officer.col.created")}</th>
                <th>{t("certificates.officer.col.certificates")}</th>
                <th>{t("certificates.officer.col.leaves")}</th>
                <th>{t("certificates.officer.col.root")}</th>
                <th>{t("certificates.officer.col.status")}</th>
                <th>{t("certificates.officer.col.tx")}</th>
                <th>{t("certificates.officer.col.attempts")}</th>
                <th>{t("certificates.officer.col.error")}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.seq} data-testid={`batch-${b.seq}`} data-status={b.status}>
                  <td>{b.seq}</td>
                  <td className="whitespace-nowrap">{dateTime(b.createdAt)}</td>
                  <td>{b.certificates}</td>
                  <td>{b.count}</td>
                  <td className="mono" title={b.root}>
                    {b.root.slice(0, 14)}…
                  </td>
                  <td>{t(`certificates.status.${b.status}`)}</td>
                  <td className="mono" title={b.txHash ?? ""}>
                    {b.txHash ? `${b.txHash.slice(0, 14)}… #${b.blockNumber ?? "?"} (${b.chainId ?? "?"})` : "—"}
                  </td>
                  <td>{b.attempts}</td>
                  <td className="max-w-xs text-xs">{b.lastError ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState plain>{t("certificates.officer.none")}</EmptyState>
      )}
    </div>
  );
}
