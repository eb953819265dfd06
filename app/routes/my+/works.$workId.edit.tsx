import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getWorkForViewer } from "~/domain/registry/get-work-for-viewer.server";
import { submitWork } from "~/domain/registry/submit-work.server";
import { updateWork } from "~/domain/registry/update-work.server";
import { prisma } from "~/utils/db.server";
import { requirePermission } from "~/utils/auth.server";
import { getT } from "~/utils/locale.server";
import { invalidForm } from "~/web/form-reply.server";
import { invariantResponse } from "~/utils/route-helpers.server";
import { useT } from "~/utils/use-t";
import { WorkForm } from "~/routes/works+/__work-form";
import { domainErrorJson, readWorkForm, WORK_FORM_INTENT } from "~/routes/works+/__work-upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.editWork");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "work:create");
  const found = await getWorkForViewer({ viewerId: user.id, workId: params.workId });
  invariantResponse(found?.access === "full" && found.canManage, "Not Found", 404);
  const w = found.work;
  if (!(w.status === "draft" || w.status === "changes_requested")) {
    const { t } = await getT(request, user);
    throw json({ message: t("works.error.notEditable") }, { status: 409 });
  }
  const names = await prisma.workView.findMany({ where: { workId: w.id }, select: { id: true, originalName: true } });
  const nameOf = new Map(names.map((n) => [n.id, n.originalName]));
  return json({
    userName: user.name,
    orgs: user.memberships.map((m) => ({ id: m.organization.id, name: m.organization.name })),
    work: { id: w.id, titleZh: w.titleZh },
    defaults: {
      titleZh: w.titleZh,
      titleEn: w.titleEn,
      descriptionZh: w.descriptionZh,
      descriptionEn: w.descriptionEn,
      category: w.category,
      techniques: w.techniques,
      heightMm: w.heightMm,
      widthMm: w.widthMm,
      depthMm: w.depthMm,
      creationDate: w.creationDate ? new Date(w.creationDate).toISOString().slice(0, 10) : null,
      authors: w.authors,
      owner: w.ownerOrgId ?? "self",
      visibility: w.visibility,
    },
    views: w.views.map((v) => ({ id: v.id, kind: v.kind, sha256: v.sha256, originalName: nameOf.get(v.id) ?? "" })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "work:create");
  const { locale } = await getT(request, user);
  const workId = params.workId!;
  const found = await getWorkForViewer({ viewerId: user.id, workId });
  invariantResponse(found?.access === "full" && found.canManage, "Not Found", 404);
  try {
    const { fields, views, submission } = await readWorkForm(request);
    if (submission.status !== "success") return invalidForm(submission, { locale, intent: WORK_FORM_INTENT, messageKey: "works.form.fixErrors" });
    const removeViewIds = fields.getAll("removeViewId").map(String);
    await updateWork({ userId: user.id, workId, values: submission.value, addViews: views, removeViewIds });
    if (fields.get("intent") === "submit") {
      await submitWork({ userId: user.id, workId });
      return redirect(`/my/works/${workId}?submitted=1`);
    }
    return redirect(`/my/works/${workId}?created=1`);
  } catch (e) {
    return domainErrorJson(e, locale, { intent: WORK_FORM_INTENT, result: null });
  }
}

export default function EditWork() {
  const { t } = useT();
  const { userName, orgs, work, defaults, views } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <h1 className="h1">{t("works.page.edit.title", { title: work.titleZh })}</h1>
      <WorkForm mode="edit" defaults={defaults} orgs={orgs} userName={userName} existingViews={views} reply={data} />
    </div>
  );
}
