/**
 * Certificate status for the work page and /verify: signature, batch (proof checked), anchor
 * (tx, block, chain; confirmed by reading the event when the registry has an RPC).
 * Feed it getCertificateStatus(number) from app/domain/anchoring/get-certificate-status.server.
 */
import type { CertificateStatus } from "~/domain/anchoring/get-certificate-status.server";
import { useT } from "~/utils/use-t";

function Line({ ok, testId, children }: { ok: boolean | null; testId: string; children: React.ReactNode }) {
  const mark = ok === null ? "–" : ok ? "✓" : "✗";
  const color = ok === null ? "text-slate-500" : ok ? "text-green-700" : "text-rose-700";
  return (
    <li className="flex gap-2" data-testid={testId}>
      <span aria-hidden className={`font-bold ${color}`}>
        {mark}
      </span>
      <span>{children}</span>
    </li>
  );
}

export function CertificatePanel({ status }: { status: CertificateStatus | null }) {
  const { t } = useT();
  if (!status)
    return (
      <p className="muted text-sm" data-testid="certificate-status-none">
        {t("certificates.panel.none")}
      </p>
    );
  const b = status.batch;
  return (
    <ul className="space-y-1 text-sm" data-testid="certificate-status" data-batch={b?.seq ?? ""} data-anchor={b?.status ?? "unbatched"}>
      <Line ok={status.signatureValid} testId="certificate-signature">
        <span className="break-all">
          {status.signatureValid ? t("certificates.panel.signatureOk", { signer: status.signer }) : t("certificates.panel.signatureBad")}
        </span>
      </Line>
      {b ? (
        <Line ok={b.proofValid} testId="certificate-batch">
          {b.proofValid ? t("certificates.panel.included", { seq: b.seq }) : t("certificates.panel.proofBad", { seq: b.seq })}
        </Line>
      ) : (
        <Line ok={null} testId="certificate-batch">
          {t("certificates.panel.notBatched")}
        </Line>
      )}
      {b ? <AnchorLine b={b} configured={status.anchoringConfigured} /> : null}
    </ul>
  );
}

function AnchorLine({ b, configured }: { b: NonNullable<CertificateStatus["batch"]>; configured: boolean }) {
  const { t } = useT();
  if (b.status === "anchored" && b.txHash) {
    const ok = b.onChain === "confirmed" ? true : b.onChain === "missing" ? false : null;
    return (
      <Line ok={ok === false ? false : true} testId="certificate-anchor">
        {t("certificates.panel.anchored", { chainId: b.chainId ?? "?", blockNumber: b.blockNumber ?? "?" })}{" "}
        <span className="muted">{t("certificates.panel.tx")}</span>{" "}
        <span className="mono break-all text-xs" data-testid="certificate-tx">
          {b.txHash}
        </span>
        <span className="block text-xs text-slate-600" data-testid="certificate-onchain">
          {t(`certificates.panel.chain.${b.onChain}`)}
        </span>
      </Line>
    );
  }
  const key = b.status === "pending" && !configured ? "pendingNoChain" : b.status === "sending" || b.status === "failed" ? b.status : "pending";
  return (
    <Line ok={null} testId="certificate-anchor">
      {t(`certificates.panel.${key}`, { seq: b.seq })}
    </Line>
  );
}
