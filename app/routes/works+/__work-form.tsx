/** The work form shared by /works/new and /my/works/:id/edit: fields, authors, photos per view kind. */
import { Form, useMatches, useNavigate, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { checkFile, perFileProgress, uploadForm, type FileProblem, type UploadReply } from "./__upload-client";
import { ErrorList, FormError, useReplyForm } from "~/components/forms";
import { ACCEPT_ATTRIBUTE } from "~/domain/imaging/image-type";
import { viewFileField } from "~/domain/registry/forms";
import { TECHNIQUES, VIEW_KINDS, VISIBILITIES, WORK_CATEGORIES, type ViewKind } from "~/domain/registry/vocabulary";
import { useT } from "~/utils/use-t";

type WorkFormDefaults = {
  titleZh?: string;
  titleEn?: string;
  descriptionZh?: string;
  descriptionEn?: string;
  category?: string;
  techniques?: string[];
  heightMm?: number | null;
  widthMm?: number | null;
  depthMm?: number | null;
  creationDate?: string | null;
  authors?: { name: string; nameEn: string; role: string }[];
  owner?: string;
  visibility?: string;
};

function FilePicker({ kind, progress, problems, onFiles }: { kind: ViewKind; progress: number[] | null; problems: FileProblem[]; onFiles: () => void }) {
  const { t } = useT();
  const [previews, setPreviews] = useState<{ url: string; name: string }[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => () => previews.forEach((p) => URL.revokeObjectURL(p.url)), [previews]);
  const id = `file-${kind}`;
  const show = (files: File[]) => {
    setPreviews(files.map((f) => ({ url: URL.createObjectURL(f), name: f.name })));
    onFiles();
  };
  return (
    <div
      className={`rounded-md border p-3 ${over ? "border-cobalt-500 bg-cobalt-50" : "border-slate-200"}`}
      data-testid={`view-input-${kind}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const dropped = Array.from(e.dataTransfer.files).slice(0, kind === "front" ? 1 : 8);
        if (!input.current || dropped.length === 0) return;
        const dt = new DataTransfer();
        dropped.forEach((f) => dt.items.add(f));
        input.current.files = dt.files;
        show(dropped);
      }}
    >
      <label htmlFor={id} className="label">
        {t(`works.view.${kind}`)}
        {kind === "front" ? " *" : ""}
      </label>
      <input
        ref={input}
        id={id}
        type="file"
        name={viewFileField(kind)}
        accept={ACCEPT_ATTRIBUTE}
        multiple={kind !== "front"}
        className="block w-full text-sm"
        onChange={(e) => show(Array.from(e.currentTarget.files ?? []))}
      />
      <p className="muted mt-1 text-xs">{t("works.upload.dropHint")}</p>
      {problems.length ? (
        <ul className="mt-1 text-sm text-rouge-500" role="alert" data-testid={`file-problems-${kind}`}>
          {problems.map((p) => (
            <li key={p.name}>{t(p.key, p.params)}</li>
          ))}
        </ul>
      ) : null}
      {previews.length ? (
        <div className="mt-2 flex flex-wrap gap-2">
          {previews.map((p, n) => (
            <figure key={p.url} className="w-24">
              <img src={p.url} alt={p.name} className="h-24 w-24 rounded border object-cover" />
              <figcaption className="truncate text-xs text-slate-500">{p.name}</figcaption>
              {progress ? (
                <progress
                  className="h-1.5 w-full"
                  max={100}
                  value={Math.round((progress[n] ?? 0) * 100)}
                  aria-label={t("works.upload.progress", { name: p.name })}
                  data-testid="file-progress"
                />
              ) : null}
            </figure>
          ))}
        </div>
      ) : null}
    </div>
  );
}

export function WorkForm({
  mode,
  defaults,
  orgs,
  userName,
  existingViews = [],
  reply,
  idempotencyKey,
}: {
  mode: "create" | "edit";
  defaults: WorkFormDefaults;
  orgs: { id: string; name: string }[];
  userName: string;
  existingViews?: { id: string; kind: string; sha256: string; originalName: string }[];
  /** The action's answer to the last post (useActionData), in the one form style (~/web/form-reply.server). */
  reply?: UploadReply | null;
  /** Rendered into the form so a repeated submission returns the first result (create only). */
  idempotencyKey?: string;
}) {
  const { t } = useT();
  const nav = useNavigation();
  const navigate = useNavigate();
  const routeId = useMatches().at(-1)?.id ?? "";
  // With JavaScript the photos go up through XMLHttpRequest (per-file progress); without it the form posts as usual.
  const [uploading, setUploading] = useState(false);
  const [progress, setProgress] = useState<Record<string, number[]>>({});
  const [problems, setProblems] = useState<Record<string, FileProblem[]>>({});
  // A post through XMLHttpRequest (with photos) answers here instead of through useActionData.
  const [uploadReply, setReply] = useState<UploadReply | null>(null);
  const current = uploadReply ?? reply ?? null;
  const formError = current?.formError ?? null;
  const { form } = useReplyForm("work-form", current, "work");
  const busy = nav.state !== "idle" || uploading;
  const onSubmit = async (e: React.FormEvent<HTMLFormElement>) => {
    const form = e.currentTarget;
    setReply(null); // the answer to this post replaces the last upload's
    const inputs = Array.from(form.querySelectorAll<HTMLInputElement>('input[type="file"]'));
    const files = inputs.flatMap((i) => Array.from(i.files ?? []).map((f) => ({ input: i.name, file: f })));
    const found: Record<string, FileProblem[]> = {};
    for (const { input, file } of files) {
      const problem = checkFile(file);
      if (problem) (found[input] ??= []).push(problem);
    }
    setProblems(found);
    if (Object.keys(found).length) {
      e.preventDefault();
      return;
    }
    if (files.length === 0 || typeof XMLHttpRequest === "undefined") return; // nothing to show progress for
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const body = new FormData(form, submitter);
    const sizes = files.map((f) => f.file.size);
    const byInput = (fractions: number[]) => {
      const out: Record<string, number[]> = {};
      files.forEach((f, n) => (out[f.input] ??= []).push(fractions[n]));
      return out;
    };
    setUploading(true);
    setProgress(byInput(sizes.map(() => 0)));
    const outcome = await uploadForm(form.action, routeId, body, (loaded, total) => setProgress(byInput(perFileProgress(sizes, loaded, total))));
    setUploading(false);
    if (outcome.kind === "redirect") {
      navigate(outcome.to);
      return;
    }
    setProgress({});
    if (outcome.kind === "data") setReply(outcome.data);
    else setReply({ formError: outcome.message ?? t("works.upload.failed", { status: outcome.status }) });
  };
  const authors = [...(defaults.authors ?? [])];
  while (authors.length < Math.max(3, (defaults.authors?.length ?? 0) + 1)) authors.push({ name: "", nameEn: "", role: "" });
  // Conform's errors by exact input name ("authors[1].name" under its row).
  const err = (k: string) => form.allErrors[k];
  const aria = (k: string, id: string) => ({
    "aria-invalid": err(k)?.length ? true : undefined,
    "aria-describedby": err(k)?.length ? `${id}-error` : undefined,
  });
  return (
    <Form method="post" encType="multipart/form-data" className="card space-y-6" id={form.id} data-testid="work-form" onSubmit={onSubmit}>
      <FormError message={formError} />
      {idempotencyKey ? <input type="hidden" name="idempotencyKey" value={idempotencyKey} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label className="label" htmlFor="titleZh">
            {t("works.form.titleZh")} *
          </label>
          <input id="titleZh" name="titleZh" {...aria("titleZh", "titleZh")} className="input" defaultValue={defaults.titleZh} maxLength={200} />
          <ErrorList id="titleZh-error" errors={err("titleZh")} />
        </div>
        <div>
          <label className="label" htmlFor="titleEn">
            {t("works.form.titleEn")}
          </label>
          <input id="titleEn" name="titleEn" {...aria("titleEn", "titleEn")} className="input" defaultValue={defaults.titleEn} maxLength={200} />
          <ErrorList id="titleEn-error" errors={err("titleEn")} />
        </div>
        <div>
          <label className="label" htmlFor="descriptionZh">
            {t("works.form.descriptionZh")}
          </label>
          <textarea
            id="descriptionZh"
            name="descriptionZh"
            {...aria("descriptionZh", "descriptionZh")}
            className="input min-h-24"
            defaultValue={defaults.descriptionZh}
            maxLength={5000}
          />
          <ErrorList id="descriptionZh-error" errors={err("descriptionZh")} />
        </div>
        <div>
          <label className="label" htmlFor="descriptionEn">
            {t("works.form.descriptionEn")}
          </label>
          <textarea
            id="descriptionEn"
            name="descriptionEn"
            {...aria("descriptionEn", "descriptionEn")}
            className="input min-h-24"
            defaultValue={defaults.descriptionEn}
            maxLength={5000}
          />
          <ErrorList id="descriptionEn-error" errors={err("descriptionEn")} />
        </div>
        <div>
          <label className="label" htmlFor="category">
            {t("works.form.category")} *
          </label>
          <select id="category" name="category" {...aria("category", "category")} className="input" defaultValue={defaults.category ?? ""}>
            <option value="">—</option>
            {WORK_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`works.category.${c}`)}
              </option>
            ))}
          </select>
          <ErrorList id="category-error" errors={err("category")} />
        </div>
        <div>
          <label className="label" htmlFor="creationDate">
            {t("works.form.creationDate")}
          </label>
          <input
            id="creationDate"
            name="creationDate"
            {...aria("creationDate", "creationDate")}
            type="date"
            className="input"
            defaultValue={defaults.creationDate ?? ""}
          />
          <ErrorList id="creationDate-error" errors={err("creationDate")} />
        </div>
      </div>

      <fieldset>
        <legend className="label">{t("works.form.techniques")}</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {TECHNIQUES.map((tq) => (
            <label key={tq} className="flex items-center gap-1 text-sm">
              <input type="checkbox" name="techniques" value={tq} defaultChecked={defaults.techniques?.includes(tq)} />
              {t(`works.technique.${tq}`)}
            </label>
          ))}
        </div>
        <ErrorList id="techniques-error" errors={err("techniques")} />
      </fieldset>

      <fieldset>
        <legend className="label">{t("works.form.dimensions")}</legend>
        <div className="grid grid-cols-3 gap-3">
          {(["heightMm", "widthMm", "depthMm"] as const).map((k) => (
            <div key={k}>
              <label className="text-sm text-slate-600" htmlFor={k}>
                {t(`works.form.${k.replace("Mm", "")}`)}
              </label>
              <input id={k} name={k} className="input" inputMode="numeric" defaultValue={defaults[k] ?? ""} {...aria(k, k)} />
              <ErrorList id={`${k}-error`} errors={err(k)} />
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="label">{t("works.form.authors")} *</legend>
        {authors.map((a, i) => (
          <div key={i} className="grid gap-2 sm:grid-cols-3" data-testid="author-row">
            <input
              aria-label={t("works.form.authorName")}
              placeholder={t("works.form.authorName")}
              name={`authors[${i}].name`}
              className="input"
              {...aria(`authors[${i}].name`, `author-${i}-name`)}
              defaultValue={a.name}
            />
            <input
              aria-label={t("works.form.authorNameEn")}
              placeholder={t("works.form.authorNameEn")}
              name={`authors[${i}].nameEn`}
              className="input"
              defaultValue={a.nameEn}
            />
            <input
              aria-label={t("works.form.authorRole")}
              placeholder={t("works.form.authorRole")}
              name={`authors[${i}].role`}
              className="input"
              defaultValue={a.role}
            />
            <div className="sm:col-span-3">
              <ErrorList id={`author-${i}-name-error`} errors={err(`authors[${i}].name`)} />
            </div>
          </div>
        ))}
        <ErrorList id="authors-error" errors={err("authors")} />
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label className="label" htmlFor="owner">
            {t("works.form.owner")}
          </label>
          <select id="owner" name="owner" {...aria("owner", "owner")} className="input" defaultValue={defaults.owner ?? "self"}>
            <option value="self">{t("works.form.ownerSelf", { name: userName })}</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          <ErrorList id="owner-error" errors={err("owner")} />
        </div>
        <fieldset>
          <legend className="label">{t("works.form.visibility")}</legend>
          {VISIBILITIES.map((v) => (
            <label key={v} className="flex items-start gap-2 text-sm">
              <input type="radio" name="visibility" value={v} defaultChecked={(defaults.visibility ?? "public") === v} className="mt-1" />
              <span>
                <span className="font-medium">{t(`works.visibility.${v}`)}</span>
                <span className="muted block">{t(v === "public" ? "works.form.visibilityPublicHint" : "works.form.visibilitySealedHint")}</span>
              </span>
            </label>
          ))}
        </fieldset>
      </div>

      <fieldset className="space-y-3">
        <legend className="label">{t("works.form.views")}</legend>
        <p className="muted">{t("works.form.viewsHint")}</p>
        {existingViews.length ? (
          <div className="flex flex-wrap gap-3" data-testid="existing-views">
            {existingViews.map((v) => (
              <figure key={v.id} className="w-32 text-xs">
                <img src={`/resources/images/${v.sha256}/320`} alt={t(`works.view.${v.kind}`)} className="h-32 w-32 rounded border object-cover" />
                <figcaption>
                  {t(`works.view.${v.kind}`)}
                  <label className="flex items-center gap-1">
                    <input type="checkbox" name="removeViewId" value={v.id} /> {t("works.form.removeView")}
                  </label>
                </figcaption>
              </figure>
            ))}
          </div>
        ) : null}
        <div className="grid gap-3 sm:grid-cols-2">
          {VIEW_KINDS.map((k) => (
            <FilePicker
              key={k}
              kind={k}
              progress={progress[viewFileField(k)] ?? null}
              problems={problems[viewFileField(k)] ?? []}
              onFiles={() => setProblems((p) => ({ ...p, [viewFileField(k)]: [] }))}
            />
          ))}
        </div>
      </fieldset>

      <div className="flex flex-wrap gap-2">
        <button type="submit" name="intent" value={mode === "create" ? "draft" : "save"} className="btn-secondary" disabled={busy}>
          {t(mode === "create" ? "works.form.saveDraft" : "works.form.save")}
        </button>
        <button type="submit" name="intent" value="submit" className="btn-primary" disabled={busy}>
          {t("works.form.submit")}
        </button>
      </div>
    </Form>
  );
}
