import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError, useReplyForm } from "~/components/forms";
import { isCompanyProfileComplete } from "~/domain/accounts/update-profile.server";
import { dealRequestFormSchema, requestTermsFromOffer } from "~/domain/licensing/forms";
import { requestDeal } from "~/domain/licensing/request-deal.server";
import { findOfferForViewer, offerTermsOf } from "~/domain/licensing/offer-page.server";
import { IDEMPOTENCY_FIELD, newIdempotencyKey, parseIdempotencyKey } from "~/domain/idempotency/idempotency-key";
import { withdrawOffer } from "~/domain/licensing/withdraw-offer.server";
import { getUser, requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getT } from "~/utils/locale.server";
import { invariantResponse } from "~/utils/route-helpers.server";
import { useT } from "~/utils/use-t";
import { formDomainError, invalidForm, parseForm } from "~/web/form-reply.server";
import { ScopeInputs, TermsSummary } from "~/routes/deals+/__license-ui";
import { WorkPicture } from "~/components/work-picture";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.offer");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const page = await findOfferForViewer({ db: prisma, offerId: params.offerId ?? "", viewer: user });
  invariantResponse(page, "Not Found", 404);
  return json({
    ...page,
    idempotencyKey: newIdempotencyKey(),
    profileComplete: user ? isCompanyProfileComplete(user) : false,
    company: user ? { companyName: user.companyName, country: user.country, address: user.address } : null,
    anonymous: !user,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readPageForm(request);
  const intent = String(form.get("intent") ?? "request");
  if (intent === "withdraw") {
    const user = await requirePermission(request, "offer:create");
    const { locale } = await getT(request, user);
    try {
      await withdrawOffer({ db: prisma, actorId: user.id, offerId: params.offerId! });
      return redirect(`/offers/${params.offerId}`);
    } catch (e) {
      return formDomainError(e, { locale, intent });
    }
  }
  const user = await requirePermission(request, "deal:request");
  const { locale } = await getT(request, user);
  const submission = parseForm(form, dealRequestFormSchema);
  if (submission.status !== "success") return invalidForm(submission, { locale, intent, messageKey: "licensing.form.fixErrors" });
  const offer = await offerTermsOf({ db: prisma, offerId: params.offerId ?? "" });
  invariantResponse(offer, "Not Found", 404);
  try {
    const deal = await requestDeal({
      db: prisma,
      actorId: user.id,
      offerId: offer.id,
      terms: requestTermsFromOffer(offer.terms, submission.value),
      message: submission.value.message,
      idempotencyKey: parseIdempotencyKey(form.get(IDEMPOTENCY_FIELD)),
    });
    return redirect(`/deals/${deal.reference}`);
  } catch (e) {
    return formDomainError(e, { locale, intent, submission });
  }
}

export default function OfferPage() {
  const { t, locale, money } = useT();
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const request = useReplyForm("request-form", data, "request");
  const nav = useNavigation();
  const w = d.work;
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-4 lg:col-span-2">
        <div>
          <p className="muted">{t("licensing.offer.eyebrow")}</p>
          <h1 className="h1" data-testid="offer-title">
            {w.sealed ? t("licensing.work.sealedTitle") : (locale === "en" && w.titleEn) || w.titleZh}
          </h1>
          <p className="mono">
            {w.registrationNumber ? (
              <Link className="text-cobalt-600 hover:underline" to={`/works/${w.registrationNumber}`}>
                {w.registrationNumber}
              </Link>
            ) : null}
          </p>
          {w.sealed ? (
            <p className="muted" data-testid="sealed-note">
              {t("licensing.work.sealedNote")}
            </p>
          ) : (
            <p className="muted">
              {t("licensing.work.owner")}: {w.ownerName} · {t(`works.category.${w.category}`)}
              {w.techniques.length ? ` · ${w.techniques.map((x) => t(`works.technique.${x}`)).join("、")}` : ""}
            </p>
          )}
          <div className="mt-3 max-w-sm">
            <WorkPicture
              sha256={w.imageSha256}
              sealed={w.sealed}
              alt={w.sealed ? "" : (locale === "en" && w.titleEn) || w.titleZh || ""}
              className="h-64 w-full"
            />
          </div>
          {d.offer.status !== "published" ? (
            <p className="badge mt-2 bg-slate-100 text-slate-700" data-testid="offer-withdrawn">
              {t("licensing.offer.withdrawn")}
            </p>
          ) : null}
        </div>
        <section className="card space-y-3">
          <h2 className="h2">{t("licensing.offer.terms")}</h2>
          <TermsSummary summaries={d.summaries} />
          {d.offer.notes ? <p className="whitespace-pre-line text-sm text-slate-700">{d.offer.notes}</p> : null}
        </section>
        {d.manager && d.offer.status === "published" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            <button type="submit" className="btn-secondary" data-testid="withdraw-offer">
              {t("licensing.offer.withdraw")}
            </button>
          </Form>
        ) : null}
      </div>
      <aside className="space-y-4">
        <div className="card space-y-1">
          <div className="muted">{t("licensing.offers.fee")}</div>
          <div className="text-2xl font-semibold text-cobalt-700" data-testid="offer-fee">
            {money(d.offer.upfrontFeeFen)}
          </div>
          {d.offer.royaltyBps ? (
            <div className="text-sm">
              {t("licensing.offers.royalty")}: {d.offer.royaltyBps / 100}%
              {d.offer.minimumGuaranteeFen ? ` · ${t("licensing.offer.guarantee")} ${money(d.offer.minimumGuaranteeFen)}` : ""}
            </div>
          ) : null}
        </div>
        {d.anonymous ? (
          <p className="card text-sm">
            <Link to="/login" className="text-cobalt-600 underline">
              {t("common.nav.login")}
            </Link>{" "}
            {t("licensing.offer.loginToRequest")}
          </p>
        ) : null}
      </aside>
      {d.canRequest ? (
        <section className="card space-y-4 lg:col-span-3" id="request">
          <h2 className="h2">{t("licensing.request.title")}</h2>
          <p className="muted">{t("licensing.request.intro")}</p>
          <div className="rounded-md bg-slate-50 p-3 text-sm" data-testid="company-details">
            <div className="font-medium">{t("licensing.request.company")}</div>
            {d.company?.companyName ? (
              <div>
                {d.company.companyName} · {d.company.country} · {d.company.address}
              </div>
            ) : null}
            {!d.profileComplete ? (
              <p className="text-rouge-500" data-testid="profile-incomplete">
                {t("licensing.request.profileIncomplete")}{" "}
                <Link to="/profile" className="underline">
                  {t("licensing.request.completeProfile")}
                </Link>
              </p>
            ) : null}
          </div>
          <Form method="post" className="space-y-4" id={request.form.id}>
            <input type="hidden" name="intent" value="request" />
            <input type="hidden" name="idempotencyKey" value={d.idempotencyKey} />
            <FormError message={data?.formError} />
            <ScopeInputs defaults={d.defaults} errors={request.errors} allowed={d.allowed} />
            <div>
              <label className="label" htmlFor="message">
                {t("licensing.request.message")}
              </label>
              <textarea id="message" name="message" className="input min-h-20" maxLength={2000} />
            </div>
            <button type="submit" className="btn-primary" disabled={nav.state !== "idle"} data-testid="request-submit">
              {t("licensing.request.submit")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
