import type { LoaderFunctionArgs } from "@remix-run/node";
import { IMPORT_TEMPLATE_CSV } from "~/domain/registry/import-template";
import { requirePermission } from "~/utils/auth.server";

/** GET /my/import/template.csv — the catalog template, with a BOM so Excel opens it as UTF-8. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "work:create");
  return new Response("\uFEFF" + IMPORT_TEMPLATE_CSV, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="kilnmark-import-template.csv"',
      "Cache-Control": "private, max-age=3600",
    },
  });
}
