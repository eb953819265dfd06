import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef, useState } from "react";
import { ErrorList, FormError, useReplyForm } from "~/components/forms";
import { MAX_EVIDENCE_FILES, reportFormSchema, sendCodeFormSchema } from "~/domain/cases/forms";
import { searchReportableWorks, type ReportableWork } from "~/domain/cases/find-works-to-report.server";
import { PLATFORMS, REPORTER_STANDINGS } from "~/domain/cases/platforms";
import { EMAIL_CODE } from "~/domain/cases/email-code.server";
import { newFormToken } from "~/domain/cases/report-form-token.server";
import { findWorksToReport, searchWorksToReport, sendReportCode, submitReport } from "~/domain/cases/report-intake.server";
import { getUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { fileBytes, readMultipartUpload } from "~/web/image-upload.server";
import { formDomainError, invalidForm, parseForm, type FormReply } from "~/web/form-reply.server";
import { isMultipart, readForm } from "~/utils/request-body.server";
import { getT } from "~/utils/locale.server";
import { clientKey, isRateLimited } from "~/utils/rate-limit.server";
import { passRetryAfter } from "~/utils/retry-after";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.report");

/** Errors of the report that belong to one field: shown under it, not only at the top. */
const FIELD_OF_ERROR: Record<string, string> = {
  "cases.error.codeExpired": "code",
  "cases.error.codeWrong": "code",
  "cases.form.codeRequired": "code",
  "cases.error.noWork": "works",
  "cases.error.workNotFound": "works",
  "cases.error.tooManyWorks": "works",
  "cases.error.tooManyFiles": "files",
  "cases.error.pdfTooLarge": "files",
};
const fieldOfReportError = (key: string) => FIELD_OF_ERROR[key] ?? (key.startsWith("imaging.") ? "files" : undefined);

export const headers = passRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const url = new URL(request.url);
  const q = url.searchParams.get("q");
  if (q !== null) {
    // Search for the work picker (a fetcher).
    const searched = { formToken: "", codeMinutes: 0, user: null, preset: null };
    try {
      return json({ ...searched, results: await searchWorksToReport({ db: prisma, q, client: clientKey(request) }) });
    } catch (e) {
      if (!isRateLimited(e)) throw e;
      return json({ ...searched, results: [] as ReportableWork[] }, e.init);
    }
  }
  const preset = url.searchParams.get("work");
  const presetWorks = preset ? await searchReportableWorks({ db: prisma, q: preset }) : [];
  return json({
    results: [] as ReportableWork[],
    formToken: newFormToken(),
    codeMinutes: EMAIL_CODE.ttlMs / 60_000,
    user: user ? { name: user.name, email: user.email } : null,
    preset: presetWorks.length === 1 ? presetWorks[0] : null,
  });
}

type ActionData = FormReply & { codeSent?: boolean; proposals?: ReportableWork[]; searched?: boolean };

export async function action({ request }: ActionFunctionArgs) {
  const user = await getUser(request);
  const { locale } = await getT(request, user);
  const client = clientKey(request);
  let intent = "report";
  let submission: ReturnType<typeof parseForm<typeof reportFormSchema>> | undefined;
  try {
    const form = isMultipart(request)
      ? await readMultipartUpload(request, { maxFiles: MAX_EVIDENCE_FILES + 1, maxParts: MAX_EVIDENCE_FILES + 1 + 60 })
      : await readForm(request);
    intent = String(form.get("intent") ?? "report");

    if (intent === "send-code") {
      const parsed = parseForm(form, sendCodeFormSchema);
      if (parsed.status !== "success") return invalidForm(parsed, { locale, intent, messageKey: "cases.form.fixErrors" });
      await sendReportCode({ db: prisma, email: parsed.value.email, client, locale, dataDir: getEnv().DATA_DIR });
      return json<ActionData>({ intent, result: parsed.reply(), formError: null, codeSent: true });
    }

    if (intent === "find") {
      const proposals = await findWorksToReport({ client, readPhoto: () => fileBytes(form, "photo") });
      return json<ActionData>({ intent, result: null, formError: null, proposals, searched: true });
    }

    intent = "report";
    submission = parseForm(form, reportFormSchema);
    if (submission.status !== "success") return invalidForm(submission, { locale, intent, messageKey: "cases.form.fixErrors" });
    const files = [];
    for (const f of form.getAll("files")) {
      if (typeof f === "string" || f.size === 0) continue;
      files.push({ bytes: new Uint8Array(await f.arrayBuffer()), name: f.name });
    }
    const env = getEnv();
    const created = await submitReport({
      db: prisma,
      dataDir: env.DATA_DIR,
      client,
      user,
      report: submission.value,
      honeypot: String(form.get("website") ?? ""),
      formToken: String(form.get("formToken") ?? ""),
      files,
      locale,
      origin: env.PUBLIC_URL ?? new URL(request.url).origin,
    });
    const follow = created.followToken ? `t=${encodeURIComponent(created.followToken)}&` : "";
    return redirect(`/cases/${created.number}?${follow}new=1`);
  } catch (e) {
    return formDomainError(e, { locale, intent, submission, fieldOf: fieldOfReportError, fieldMessageKey: "cases.form.fixErrors" });
  }
}

function WorkChoice({ w, checked, onToggle }: { w: ReportableWork; checked: boolean; onToggle: () => void }) {
  const { t, locale } = useT();
  return (
    <label className="flex items-center gap-3 rounded border border-slate-200 p-2 text-sm" data-testid="work-choice">
      <input type="checkbox" checked={checked} onChange={onToggle} data-registration-number={w.registrationNumber} />
      {w.thumbSha256 ? <img src={`/resources/images/${w.thumbSha256}/320`} alt="" className="h-12 w-12 object-contain" loading="lazy" /> : null}
      <span>
        {w.sealed ? (
          <span>{t("cases.report.sealedMatch", { number: w.registrationNumber })}</span>
        ) : (
          <>
            <span className="font-medium">{(locale === "en" && w.title?.en) || w.title?.zh}</span> · <span className="mono">{w.registrationNumber}</span>
            {w.ownerName ? <span className="muted"> · {w.ownerName}</span> : null}
          </>
        )}
        {w.verdict === "motif" ? (
          <span className="ml-2 rounded bg-amber-100 px-1 text-xs">
            {t("motif.verdict.motif")} · {t("motif.score", { score: w.inliers ?? 0 })}
          </span>
        ) : w.verdict ? (
          <span className="ml-2 rounded bg-amber-100 px-1 text-xs">
            {t(`cases.verdict.${w.verdict}`)} · {t("cases.match.distance", { distance: w.distance ?? 0 })}
          </span>
        ) : null}
      </span>
    </label>
  );
}

export default function ReportPage() {
  const { t } = useT();
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { form: reportForm, errors } = useReplyForm("report-form", data, "report");
  const nav = useNavigation();
  const search = useFetcher<typeof loader>();
  const find = useFetcher<ActionData>();
  const code = useFetcher<ActionData>();
  const [selected, setSelected] = useState<Map<string, ReportableWork>>(() => new Map(d.preset ? [[d.preset.registrationNumber, d.preset]] : []));
  const [email, setEmail] = useState("");
  // The signed start time of the first render: fetcher submissions (find, send code) revalidate
  // the loader, and a fresh token would make the spam check call a quick final send "too fast".
  const [formToken] = useState(d.formToken);
  // "Find it for me": the photo searched with is also attached as evidence, so the case keeps
  // it (and its automatic match) without asking for the same file twice.
  const evidenceInput = useRef<HTMLInputElement>(null);
  const [carried, setCarried] = useState<string | null>(null);
  const carryToEvidence = (file: File | undefined) => {
    const input = evidenceInput.current;
    if (!file || !input || typeof DataTransfer === "undefined") return;
    const existing = [...(input.files ?? [])];
    if (!existing.some((f) => f.name === file.name && f.size === file.size && f.lastModified === file.lastModified)) {
      if (existing.length >= MAX_EVIDENCE_FILES) return;
      const dt = new DataTransfer();
      for (const f of [...existing, file]) dt.items.add(f);
      input.files = dt.files;
    }
    setCarried(file.name);
  };
  const toggle = (w: ReportableWork) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (next.has(w.registrationNumber)) next.delete(w.registrationNumber);
      else next.set(w.registrationNumber, w);
      return next;
    });
  const fieldErrors = (k: string) => errors[k];
  // Errors sit under their field and are announced with it (aria-describedby).
  const a11y = (k: string) => (fieldErrors(k)?.length ? { "aria-invalid": true, "aria-describedby": `report-${k}-error` } : {});
  const candidates = [...(find.data?.proposals ?? []), ...((search.data?.results as ReportableWork[] | undefined) ?? [])];
  const shown = new Map<string, ReportableWork>();
  for (const w of [...selected.values(), ...candidates]) if (!shown.has(w.registrationNumber)) shown.set(w.registrationNumber, w);

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="h1">{t("cases.report.title")}</h1>
        <p className="muted">{t("cases.report.intro")}</p>
      </div>
      <FormError message={data?.formError} />

      <section className="card space-y-3" aria-labelledby="step-works">
        <h2 className="h2" id="step-works">
          {t("cases.report.stepWorks")}
        </h2>
        <search.Form method="get" className="flex gap-2">
          <input name="q" className="input" placeholder={t("cases.report.searchPlaceholder")} aria-label={t("cases.report.searchPlaceholder")} />
          <button type="submit" className="btn-secondary shrink-0 whitespace-nowrap">
            {t("cases.report.search")}
          </button>
        </search.Form>
        <find.Form
          method="post"
          encType="multipart/form-data"
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => carryToEvidence((e.currentTarget.elements.namedItem("photo") as HTMLInputElement | null)?.files?.[0])}
        >
          <input type="hidden" name="intent" value="find" />
          <label className="text-sm">
            {t("cases.report.findForMe")} <input type="file" name="photo" accept="image/*" data-testid="find-photo" />
          </label>
          <button type="submit" className="btn-secondary" data-testid="find-submit">
            {t("cases.report.findSubmit")}
          </button>
        </find.Form>
        {find.data?.formError ? <FormError message={find.data.formError} /> : null}
        {carried && find.data?.searched ? (
          <p className="muted" data-testid="photo-carried">
            {t("cases.report.photoCarried", { name: carried })}
          </p>
        ) : null}
        {find.data?.searched && !find.data.proposals?.length ? (
          <p className="muted" data-testid="no-proposals">
            {t("cases.report.noProposals")}
          </p>
        ) : null}
        <div className="space-y-2" data-testid="work-choices">
          {[...shown.values()].map((w) => (
            <WorkChoice key={w.registrationNumber} w={w} checked={selected.has(w.registrationNumber)} onToggle={() => toggle(w)} />
          ))}
        </div>
        <p className="muted">{t("cases.report.worksHint")}</p>
        <ErrorList id="report-works-error" errors={fieldErrors("works")} />
      </section>

      <Form id={reportForm.id} method="post" encType="multipart/form-data" className="card space-y-4" data-testid="report-form">
        <input type="hidden" name="intent" value="report" />
        <input type="hidden" name="formToken" value={formToken} />
        {[...selected.keys()].map((n) => (
          <input key={n} type="hidden" name="works" value={n} />
        ))}
        <div aria-hidden="true" className="absolute left-[-10000px] h-px w-px overflow-hidden">
          <label>
            Website <input type="text" name="website" tabIndex={-1} autoComplete="off" />
          </label>
        </div>
        <h2 className="h2">{t("cases.report.stepWhere")}</h2>
        <div className="grid gap-3 sm:grid-cols-2">
          <label className="block">
            <span className="label">{t("cases.field.platform")}</span>
            <select name="platform" className="input" defaultValue="taobao" required>
              {PLATFORMS.map((p) => (
                <option key={p} value={p}>
                  {t(`cases.platform.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="block">
            <span className="label">{t("cases.field.sellerId")}</span>
            <input name="sellerId" className="input" maxLength={200} />
          </label>
          <label className="block sm:col-span-2">
            <span className="label">{t("cases.field.url")}</span>
            <input name="url" type="url" className="input" maxLength={2000} placeholder="https://" {...a11y("url")} />
            <ErrorList id="report-url-error" errors={fieldErrors("url")} />
          </label>
        </div>
        <h2 className="h2">{t("cases.report.stepWhat")}</h2>
        <label className="block">
          <span className="label">{t("cases.field.description")}</span>
          <textarea name="description" className="input min-h-24" required minLength={10} maxLength={5000} {...a11y("description")} />
          <ErrorList id="report-description-error" errors={fieldErrors("description")} />
        </label>
        <label className="block">
          <span className="label">{t("cases.field.files", { max: MAX_EVIDENCE_FILES })}</span>
          <input ref={evidenceInput} type="file" name="files" multiple accept="image/*,application/pdf" data-testid="evidence-files" {...a11y("files")} />
          <ErrorList id="report-files-error" errors={fieldErrors("files")} />
        </label>
        <fieldset>
          <legend className="label">{t("cases.field.standing")}</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            {REPORTER_STANDINGS.map((s) => (
              <label key={s} className="flex items-center gap-1">
                <input type="radio" name="standing" value={s} defaultChecked={s === "public"} /> {t(`cases.standing.${s}`)}
              </label>
            ))}
          </div>
        </fieldset>

        <h2 className="h2">{t("cases.report.stepWho")}</h2>
        {d.user ? (
          <p className="text-sm">{t("cases.report.asUser", { name: d.user.name, email: d.user.email })}</p>
        ) : (
          <div className="grid gap-3 sm:grid-cols-2">
            <label className="block">
              <span className="label">{t("cases.field.name")}</span>
              <input name="name" className="input" maxLength={120} />
            </label>
            <label className="block">
              <span className="label">{t("cases.field.email")}</span>
              <input name="email" type="email" className="input" required value={email} onChange={(e) => setEmail(e.target.value)} {...a11y("email")} />
              <ErrorList id="report-email-error" errors={fieldErrors("email")} />
            </label>
            <p className="muted sm:col-span-2" id="report-code-hint">
              {t("cases.report.codeHint", { minutes: d.codeMinutes })}
            </p>
            <div className="sm:col-span-2 flex flex-wrap items-end gap-2">
              <button
                type="button"
                className="btn-secondary"
                data-testid="send-code"
                disabled={!email || code.state !== "idle"}
                onClick={() => code.submit({ intent: "send-code", email }, { method: "post" })}
              >
                {t("cases.report.sendCode")}
              </button>
              <label className="block">
                <span className="label">{t("cases.field.code")}</span>
                <input
                  name="code"
                  className="input mono w-32"
                  inputMode="numeric"
                  pattern="[0-9]{6}"
                  maxLength={6}
                  autoComplete="one-time-code"
                  {...a11y("code")}
                />
              </label>
              {code.data?.codeSent ? (
                <span role="status" className="text-sm text-green-700" data-testid="code-sent">
                  {t("cases.report.codeSent", { email })}
                </span>
              ) : null}
              {code.data?.formError ? <FormError message={code.data.formError} /> : null}
              <ErrorList id="report-code-error" errors={fieldErrors("code")} />
            </div>
            <p className="muted sm:col-span-2">
              {t("cases.report.orLogin")}{" "}
              <Link to="/login?redirectTo=/cases/new" className="text-cobalt-600 hover:underline">
                {t("common.nav.login")}
              </Link>
            </p>
          </div>
        )}
        <button type="submit" className="btn-primary" disabled={nav.state !== "idle"} data-testid="report-submit">
          {t("cases.report.submit")}
        </button>
      </Form>
    </div>
  );
}
