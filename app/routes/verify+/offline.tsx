import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { loadRegistryWallet } from "~/domain/anchoring/registry-key.server";
import { getEnv } from "~/utils/env.server";
import { useT } from "~/utils/use-t";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.verifyOffline");

/** How anyone checks a certificate without this website: what the file holds and which standards it follows. */
export async function loader(_: LoaderFunctionArgs) {
  const env = getEnv();
  return json({ signer: loadRegistryWallet({ dataDir: env.DATA_DIR, privateKey: env.REGISTRY_PRIVATE_KEY }).address });
}

export default function VerifyOffline() {
  const { t } = useT();
  const { signer } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="h1">{t("certificates.offline.title")}</h1>
      <p>{t("certificates.offline.lead")}</p>
      <section className="card space-y-2">
        <h2 className="h2">{t("certificates.offline.steps")}</h2>
        <ol className="list-decimal space-y-2 pl-5 text-sm">
          <li>{t("certificates.offline.step1")}</li>
          <li>
            {t("certificates.offline.step2")}
            <code className="mono mt-1 block select-all rounded bg-slate-100 px-2 py-1 text-sm" data-testid="offline-signer">
              {signer}
            </code>
          </li>
          <li>{t("certificates.offline.step3")}</li>
          <li>{t("certificates.offline.step4")}</li>
          <li>{t("certificates.offline.step5")}</li>
        </ol>
      </section>
      <p className="text-sm">{t("certificates.offline.help")}</p>
      <Link to="/verify/certificate" className="btn-primary">
        {t("certificates.offline.online")}
      </Link>
    </div>
  );
}
