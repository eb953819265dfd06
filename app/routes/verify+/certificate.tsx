import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CertificatePanel } from "~/components/certificate-panel";
import { getRegistryWallet } from "~/domain/anchoring/anchoring-config.server";
import { DomainError } from "~/domain/errors";
import { getCertificateStatus } from "~/domain/anchoring/get-certificate-status.server";
import { verifyUploadedCertificate } from "~/domain/anchoring/verify-uploaded-certificate.server";
import { normalizeLicenseNumber, isValidLicenseNumber } from "~/domain/licensing/license-number";
import { normalizeRegistrationNumber } from "~/domain/registry/registration-number";
import { getUser } from "~/utils/auth.server";
import { getT } from "~/utils/locale.server";
import { readMultipart } from "~/utils/request-body.server";
import { clientKey, consume } from "~/utils/rate-limit.server";
import { passRetryAfter } from "~/utils/retry-after";
import { useT } from "~/utils/use-t";

const MAX_BYTES = 64 * 1024;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.verifyCertificate");

/** Public. ?number= shows the registry's status of that certificate (the PDF's QR code links here). */
export const headers = passRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request); // public page: no sign-in needed
  const raw = new URL(request.url).searchParams.get("number")?.trim() ?? "";
  const number = raw ? (normalizeRegistrationNumber(raw) ?? (isValidLicenseNumber(raw) ? normalizeLicenseNumber(raw) : null)) : null;
  if (raw && !number) throw json({ message: (await getT(request, user)).t("certificates.verifyPage.badNumber") }, { status: 400 });
  const lookup = number ? { number, status: await getCertificateStatus(number) } : null;
  return json({ registryAddress: getRegistryWallet().address, lookup });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await getUser(request);
  const { t } = await getT(request, user);
  const limited = await consume("verifyCertificate", clientKey(request));
  if (limited) return json({ error: t(limited.messageKey, limited.params), outcome: null }, limited.init);
  let text: string;
  try {
    // One small file and a few fields: the whole body is capped at 2 × the file cap while it streams.
    const form = await readMultipart(request, { maxFileBytes: MAX_BYTES, maxFiles: 1, maxParts: 8, maxBodyBytes: MAX_BYTES * 2 });
    const file = form.get("file");
    if (!(file instanceof Blob) || file.size === 0) return json({ error: t("certificates.verifyPage.error.noFile"), outcome: null }, { status: 400 });
    text = await file.text();
  } catch (e) {
    if (e instanceof DomainError && e.status === 413)
      return json({ error: t("certificates.verifyPage.error.tooLarge", { kb: MAX_BYTES / 1024 }), outcome: null }, { status: 413 });
    return json({ error: t("certificates.verifyPage.error.noFile"), outcome: null }, { status: 400 });
  }
  const outcome = await verifyUploadedCertificate({ text });
  return json({ error: null, outcome });
}

export default function VerifyCertificate() {
  const { t } = useT();
  const { registryAddress, lookup } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const outcome = data?.outcome ?? null;
  return (
    <div className="space-y-6">
      <h1 className="h1">{t("certificates.verifyPage.title")}</h1>
      <p className="muted">
        {t("certificates.verifyPage.intro")}{" "}
        <Link to="/verify/offline" className="text-cobalt-600 hover:underline">
          {t("certificates.verifyPage.offlineLink")}
        </Link>
      </p>
      <p className="text-sm [overflow-wrap:anywhere]" data-testid="registry-address" data-address={registryAddress}>
        {t("certificates.verifyPage.registryAddress", { address: registryAddress })}
      </p>

      {lookup ? (
        <section className="card space-y-2" data-testid="certificate-lookup">
          <h2 className="h2">{t("certificates.verifyPage.lookup", { number: lookup.number })}</h2>
          {lookup.status ? (
            <CertificatePanel status={lookup.status} />
          ) : (
            <p className="muted">{t("certificates.verifyPage.lookupNone", { number: lookup.number })}</p>
          )}
        </section>
      ) : null}

      <Form method="post" encType="multipart/form-data" className="card space-y-3">
        <label className="block space-y-1">
          <span className="label">{t("certificates.verifyPage.file")}</span>
          <input className="input" type="file" name="file" accept="application/json,.json" required data-testid="certificate-file" />
        </label>
        <button className="btn-primary" type="submit" disabled={busy} data-testid="verify-submit">
          {t("certificates.verifyPage.submit")}
        </button>
        {data?.error ? (
          <p className="text-sm text-rose-700" role="alert">
            {data.error}
          </p>
        ) : null}
      </Form>

      {outcome ? (
        <section className="card space-y-3" data-testid="verify-result" data-valid={outcome.result.ok ? "true" : "false"}>
          <p
            className={`text-lg font-semibold [overflow-wrap:anywhere] ${outcome.result.ok ? "text-green-700" : "text-rose-700"}`}
            data-testid="verify-verdict"
          >
            {outcome.result.ok
              ? t("certificates.verifyPage.valid")
              : t("certificates.verifyPage.invalid", { reason: t(outcome.result.reason!, outcome.result.reasonParams) })}
          </p>
          <ul className="space-y-1 text-sm">
            {outcome.result.checks.map((c) => (
              <li key={c.name} className="flex gap-2" data-testid={`check-${c.name}`} data-ok={c.ok ? "true" : "false"}>
                <span aria-hidden className={`font-bold ${c.skipped ? "text-slate-500" : c.ok ? "text-green-700" : "text-rose-700"}`}>
                  {c.skipped ? "–" : c.ok ? "✓" : "✗"}
                </span>
                <span className="min-w-0 [overflow-wrap:anywhere]">
                  <span className="font-medium">{t(`certificates.verify.check.${c.name}`)}: </span>
                  <span>{t(c.messageKey, c.params)}</span>
                </span>
              </li>
            ))}
          </ul>
          <p className="text-xs text-slate-600">
            {outcome.chainChecked ? t("certificates.verifyPage.chainChecked") : t("certificates.verifyPage.chainNotChecked")}
          </p>
          <h2 className="h2">{t("certificates.verifyPage.registry.title")}</h2>
          <RegistryLine registry={outcome.registry} />
        </section>
      ) : null}
    </div>
  );
}

type Registry = NonNullable<ReturnType<typeof useActionData<typeof action>>>["outcome"] extends infer O ? (O extends { registry: infer R } ? R : never) : never;

function RegistryLine({ registry: r }: { registry: Registry }) {
  const { t } = useT();
  if (r.state === "unknown") {
    return (
      <p className="text-sm" data-testid="registry-state" data-state="unknown">
        {r.number ? t("certificates.verifyPage.registry.unknown", { number: r.number }) : t("certificates.verifyPage.registry.unreadable")}
      </p>
    );
  }
  if (r.state === "differs") {
    return (
      <p className="text-sm text-rose-700 [overflow-wrap:anywhere]" data-testid="registry-state" data-state="differs" data-fields={r.fields.join(",")}>
        {t("certificates.verifyPage.registry.differs", { number: r.number })}
        {r.fields.length ? <> {t("certificates.verifyPage.registry.differsIn", { fields: r.fields.join(", ") })}</> : null}
      </p>
    );
  }
  return (
    <div className="space-y-1 text-sm" data-testid="registry-state" data-state="matches">
      <p className="text-green-700">{t("certificates.verifyPage.registry.matches", { number: r.number })}</p>
      {r.revoked ? <p className="font-semibold text-rose-700">{t("certificates.verifyPage.registry.revoked")}</p> : null}
      {r.batchSeq && !r.fileHasBatch ? (
        <p>{t("certificates.verifyPage.registry.laterBatch", { seq: r.batchSeq, status: t(`certificates.status.${r.batchStatus}`) })}</p>
      ) : null}
      {r.batchSeq && r.batchStatus === "anchored" && !r.fileHasAnchor ? <p>{t("certificates.verifyPage.registry.laterAnchor", { seq: r.batchSeq })}</p> : null}
    </div>
  );
}
