import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { DomainError, isDomainError } from "~/domain/errors";
import { importCatalogFormSchema, importFieldOf } from "~/domain/registry/forms";
import { importCatalog } from "~/domain/registry/import-catalog.server";
import { imagesFromUploads } from "~/domain/registry/import-images.server";
import { getImportJob, startImportJob } from "~/domain/registry/import-jobs.server";
import { requirePermission } from "~/utils/auth.server";
import { translate } from "~/utils/i18n";
import { readMultipartUpload } from "~/web/image-upload.server";
import { getT } from "~/utils/locale.server";
import { formDomainError, invalidForm, parseForm } from "~/web/form-reply.server";
import { ErrorList, useReplyForm } from "~/components/forms";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.import");

/** One upload may carry a whole catalog's photos (or one ZIP of them). */
const MAX_IMPORT_BYTES = 500 * 1024 * 1024;
const MAX_CSV_BYTES = 5 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "work:create");
  const jobId = new URL(request.url).searchParams.get("job");
  const job = jobId ? getImportJob({ userId: user.id, jobId }) : null;
  return json({
    jobId,
    job: job ? { status: job.status, done: job.done, total: job.total, report: job.report, error: job.error } : null,
    userName: user.name,
    studios: user.memberships.map((m) => ({ id: m.organization.id, name: m.organization.name })),
    maxMb: MAX_IMPORT_BYTES / 1024 / 1024,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "work:create");
  const { locale } = await getT(request, user);
  const intent = "import";
  try {
    const form = await readMultipartUpload(request, { maxFileBytes: MAX_IMPORT_BYTES, maxFiles: 2001, maxParts: 2001 + 20, maxBodyBytes: MAX_IMPORT_BYTES });
    const submission = parseForm(form, importCatalogFormSchema);
    if (submission.status !== "success") return invalidForm(submission, { locale, intent, messageKey: "common.form.fixErrors" });
    const { owner } = submission.value;
    const csvFile = form.get("csv");
    if (!csvFile || typeof csvFile === "string" || csvFile.size === 0) throw new DomainError("BAD_INPUT", "catalog.import.error.notCsv");
    if (csvFile.size > MAX_CSV_BYTES) throw new DomainError("TOO_LARGE", "catalog.import.error.csvTooLarge", { maxMb: MAX_CSV_BYTES / 1024 / 1024 });
    const csv = new Uint8Array(await csvFile.arrayBuffer());
    const uploads: { name: string; bytes: Uint8Array }[] = [];
    for (const f of form.getAll("images")) {
      if (typeof f !== "string" && f.size > 0) uploads.push({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
    }
    const images = await imagesFromUploads(uploads);
    const job = startImportJob({
      userId: user.id,
      run: (onProgress) => importCatalog({ userId: user.id, csv, images, owner, locale, onProgress }),
      describeError: (e) => {
        if (isDomainError(e)) return translate(locale, e.messageKey, e.params);
        console.error("[import] failed", e);
        return translate(locale, "common.error.server.title");
      },
    });
    return redirect(`/my/import?job=${job.id}`);
  } catch (e) {
    // The CSV's own refusals sit under the file input; the upload's limits (size, parts) above the form.
    return formDomainError(e, { locale, intent, fieldOf: importFieldOf, fieldMessageKey: "common.form.fixErrors" });
  }
}

export default function ImportCatalog() {
  const { t } = useT();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const nav = useNavigation();
  const { form, errors } = useReplyForm("import-form", actionData, "import");
  const aria = (name: string) => ({
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `import-${name}-error` : undefined,
  });
  const revalidator = useRevalidator();
  const running = data.job?.status === "running";

  // Poll the loader while the import runs; the progress bar follows.
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 700);
    return () => clearInterval(id);
  }, [running, revalidator]);

  const uploading = nav.state === "submitting";
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <h1 className="h1">{t("catalog.import.title")}</h1>
        <p className="muted">{t("catalog.import.intro")}</p>
        <p className="muted">
          {t("catalog.import.docs")}{" "}
          <a href="/my/import/template.csv" download className="text-cobalt-600 hover:underline" data-testid="import-template">
            {t("catalog.import.template")}
          </a>
        </p>
      </div>

      {data.jobId && !data.job ? (
        <p className="card text-rouge-500" role="alert">
          {t("catalog.import.notFound")}
        </p>
      ) : null}

      {data.job ? (
        <section className="card space-y-4" data-testid="import-job" data-status={data.job.status}>
          {data.job.status === "running" ? (
            <div className="space-y-2">
              <progress
                className="h-3 w-full"
                max={Math.max(1, data.job.total)}
                value={data.job.done}
                data-testid="import-progress"
                aria-label={t("catalog.import.running", { done: data.job.done, total: data.job.total })}
              />
              <p className="text-sm" aria-live="polite">
                {t("catalog.import.running", { done: data.job.done, total: data.job.total })}
              </p>
            </div>
          ) : null}
          {data.job.status === "failed" ? (
            <p className="text-rouge-500" role="alert" data-testid="import-failed">
              {t("catalog.import.failed", { message: data.job.error ?? "" })}
            </p>
          ) : null}
          {data.job.report ? (
            <div className="space-y-4" data-testid="import-report">
              <progress className="h-3 w-full" max={1} value={1} aria-hidden="true" />
              <p className="font-medium" data-testid="import-summary">
                {t("catalog.import.finished", {
                  created: data.job.report.created.length,
                  failed: new Set(data.job.report.problems.filter((p) => p.row > 1).map((p) => p.row)).size,
                })}
              </p>
              {data.job.report.created.length ? (
                <div>
                  <h2 className="h2">{t("catalog.import.created")}</h2>
                  <ul className="list-disc pl-5 text-sm" data-testid="import-created">
                    {data.job.report.created.map((c) => (
                      <li key={c.workId}>
                        {t("catalog.import.row")} {c.row}:{" "}
                        <Link className="text-cobalt-700 hover:underline" to={`/my/works/${c.workId}`}>
                          {c.titleZh}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {data.job.report.alreadyImported.length ? (
                <div>
                  <h2 className="h2">{t("catalog.import.alreadyTitle")}</h2>
                  <p className="muted text-sm">{t("catalog.import.alreadyCount", { count: data.job.report.alreadyImported.length })}</p>
                  <ul className="list-disc pl-5 text-sm" data-testid="import-already">
                    {data.job.report.alreadyImported.map((a) => (
                      <li key={`${a.row}-${a.workId}`} data-row={a.row}>
                        {t("catalog.import.row")} {a.row}:{" "}
                        <Link className="text-cobalt-700 hover:underline" to={`/my/works/${a.workId}`}>
                          {a.message}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {data.job.report.problems.length ? (
                <div className="overflow-x-auto">
                  <h2 className="h2">{t("catalog.import.problems")}</h2>
                  <table className="table" data-testid="import-problems">
                    <thead>
                      <tr>
                        <th>{t("catalog.import.row")}</th>
                        <th>{t("catalog.import.column")}</th>
                        <th>{t("catalog.import.message")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.job.report.problems.map((p, i) => (
                        <tr key={i} data-testid="import-problem" data-row={p.row}>
                          <td>{p.row}</td>
                          <td className="mono">{p.column ? t(`catalog.import.column.${p.column}`) : "—"}</td>
                          <td>{p.message}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : null}
              <Link to="/my/import" className="btn-secondary">
                {t("catalog.import.again")}
              </Link>
            </div>
          ) : null}
        </section>
      ) : (
        <Form method="post" encType="multipart/form-data" className="card space-y-4" id={form.id}>
          <div>
            <label className="label" htmlFor="import-csv">
              {t("catalog.import.csv")}
            </label>
            <input id="import-csv" name="csv" type="file" accept=".csv,text/csv" required className="block w-full text-sm" {...aria("csv")} />
            <ErrorList id="import-csv-error" errors={errors.csv} />
          </div>
          <div>
            <label className="label" htmlFor="import-images">
              {t("catalog.import.images")}
            </label>
            <input id="import-images" name="images" type="file" multiple accept="image/*,.zip,application/zip" className="block w-full text-sm" />
            <p className="muted">{t("catalog.import.imagesHint", { maxMb: data.maxMb })}</p>
          </div>
          <div>
            <label className="label" htmlFor="import-owner">
              {t("catalog.import.owner")}
            </label>
            <select id="import-owner" name="owner" className="input" defaultValue="self" {...aria("owner")}>
              <option value="self">{t("catalog.import.ownerSelf", { name: data.userName })}</option>
              {data.studios.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            <ErrorList id="import-owner-error" errors={errors.owner} />
          </div>
          {actionData?.formError ? (
            <p className="field-error" role="alert" data-testid="import-error">
              {actionData.formError}
            </p>
          ) : null}
          {uploading ? <progress className="h-3 w-full" data-testid="import-uploading" aria-label={t("catalog.import.start")} /> : null}
          <button type="submit" className="btn-primary" disabled={uploading}>
            {t("catalog.import.start")}
          </button>
        </Form>
      )}
    </div>
  );
}
