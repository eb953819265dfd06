import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorList, FormError, useReplyForm } from "~/components/forms";
import { createOffer } from "~/domain/licensing/create-offer.server";
import { listOfferableWorks } from "~/domain/licensing/offerable-works.server";
import { offerFormSchema } from "~/domain/licensing/forms";
import { requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getT } from "~/utils/locale.server";
import { useT } from "~/utils/use-t";
import { formDomainError, invalidForm, parseForm } from "~/web/form-reply.server";
import { ProductionInput, ScopeInputs } from "~/routes/deals+/__license-ui";
import { EmptyState } from "~/components/list-ui";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.newOffer");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "offer:create");
  const works = await listOfferableWorks({ db: prisma, userId: user.id });
  return json({ works });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "offer:create");
  const { locale } = await getT(request, user);
  const submission = parseForm(await readPageForm(request), offerFormSchema);
  if (submission.status !== "success") return invalidForm(submission, { locale, messageKey: "licensing.form.fixErrors" });
  try {
    const { workId, terms, notes } = submission.value;
    const offer = await createOffer({ db: prisma, actorId: user.id, workId, terms, notes });
    return redirect(`/offers/${offer.id}`);
  } catch (e) {
    return formDomainError(e, { locale, submission });
  }
}

export default function NewOffer() {
  const { t, locale } = useT();
  const { works } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const nav = useNavigation();
  const { form, errors } = useReplyForm("offer-form", data);
  const year = new Date().getUTCFullYear();
  if (!works.length) {
    return (
      <div className="mx-auto max-w-2xl space-y-4">
        <h1 className="h1">{t("licensing.offerForm.title")}</h1>
        <EmptyState>
          {t("licensing.offerForm.noWorks")}{" "}
          <Link to="/works/new" className="text-cobalt-600 underline">
            {t("common.dashboard.newWork")}
          </Link>
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="h1">{t("licensing.offerForm.title")}</h1>
      <p className="muted">{t("licensing.offerForm.intro")}</p>
      <Form method="post" className="card space-y-5" id={form.id}>
        <FormError message={data?.formError} />
        <div>
          <label className="label" htmlFor="workId">
            {t("licensing.offerForm.work")}
          </label>
          <select id="workId" name="workId" className="input" defaultValue={params.get("workId") ?? works[0].id}>
            {works.map((w) => (
              <option key={w.id} value={w.id}>
                {(locale === "en" && w.titleEn) || w.titleZh} · {w.registrationNumber}
              </option>
            ))}
          </select>
          <ErrorList errors={errors?.workId} />
        </div>
        <ScopeInputs
          defaults={{ exclusivity: "non_exclusive", fields: [], regions: [], termStart: `${year}-01-01`, termLastDay: `${year + 1}-12-31` }}
          errors={errors}
        />
        <ProductionInput errors={errors} />
        <div className="grid gap-3 sm:grid-cols-3">
          <div>
            <label className="label" htmlFor="upfrontFee">
              {t("licensing.form.upfrontFee")}
            </label>
            <input id="upfrontFee" name="upfrontFee" className="input" inputMode="decimal" placeholder="12,000.00" required />
            <ErrorList errors={errors?.upfrontFee} />
          </div>
          <div>
            <label className="label" htmlFor="royaltyPercent">
              {t("licensing.form.royaltyPercent")}
            </label>
            <input id="royaltyPercent" name="royaltyPercent" className="input" inputMode="decimal" placeholder="5" />
            <ErrorList errors={errors?.royaltyPercent} />
          </div>
          <div>
            <label className="label" htmlFor="minimumGuarantee">
              {t("licensing.form.minimumGuarantee")}
            </label>
            <input id="minimumGuarantee" name="minimumGuarantee" className="input" inputMode="decimal" placeholder="0" />
            <ErrorList errors={errors?.minimumGuarantee} />
          </div>
        </div>
        <fieldset className="space-y-1">
          <legend className="label">{t("licensing.form.conditions")}</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="sublicensing" />
            {t("licensing.form.sublicensing")}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="attribution" defaultChecked />
            {t("licensing.form.attribution")}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="modifications" />
            {t("licensing.form.modifications")}
          </label>
        </fieldset>
        <div>
          <label className="label" htmlFor="notes">
            {t("licensing.form.notes")}
          </label>
          <textarea id="notes" name="notes" className="input min-h-24" maxLength={2000} />
          <ErrorList errors={errors?.notes} />
        </div>
        <button type="submit" className="btn-primary" disabled={nav.state !== "idle"}>
          {t("licensing.offerForm.submit")}
        </button>
      </Form>
    </div>
  );
}
