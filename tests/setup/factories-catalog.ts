/**
 * Registered works with real, ingested photos for the public-side tests. The rows are written
 * directly (the registration use-cases are the registration slice's and are tested there); the
 * images go through the real ingest, and the views are added to the shared similarity index as
 * registration does.
 */
import { viewRowFromImage } from "~/domain/registry/view-row";
import type { PrismaClient } from "@prisma/client";
import { ingestImage, publishRenditions } from "~/domain/imaging/ingest-image.server";
import { generateCeramicImage, type CeramicStyle } from "~/domain/imaging/generate-demo-image.server";
import { formatRegistrationNumber } from "~/domain/registry/registration-number";
import { indexWorkViews } from "~/domain/registry/view-index.server";

let seq = 700_000 + Math.floor(Math.random() * 50_000);

export type CatalogWorkInput = {
  ownerUserId?: string;
  ownerOrgId?: string;
  ownerName?: string;
  visibility?: "public" | "sealed";
  status?: "registered" | "submitted" | "draft" | "revoked";
  titleZh?: string;
  titleEn?: string;
  descriptionZh?: string;
  descriptionEn?: string;
  category?: string;
  techniques?: string[];
  registeredAt?: Date;
  /** Image seeds; the first is the front view. */
  seeds?: number[];
  style?: CeramicStyle;
  images?: Uint8Array[];
};

export async function createCatalogWork(db: PrismaClient, dataDir: string, input: CatalogWorkInput) {
  const status = input.status ?? "registered";
  const creator = input.ownerUserId ?? (await db.membership.findFirstOrThrow({ where: { organizationId: input.ownerOrgId } })).userId;
  const images = input.images ?? (await Promise.all((input.seeds ?? [seq]).map((s) => generateCeramicImage(s, input.style ?? "blue-and-white"))));
  const ingested = [];
  for (const bytes of images) ingested.push(await ingestImage({ dataDir, bytes }));
  const registered = status === "registered" || status === "revoked";
  const registeredAt = input.registeredAt ?? new Date();
  const work = await db.work.create({
    data: {
      status,
      visibility: input.visibility ?? "public",
      titleZh: input.titleZh ?? "青花缠枝莲纹瓶",
      titleEn: input.titleEn ?? "Blue-and-white lotus scroll vase",
      descriptionZh: input.descriptionZh ?? "",
      descriptionEn: input.descriptionEn ?? "",
      category: input.category ?? "vase",
      techniques: JSON.stringify(input.techniques ?? ["qinghua"]),
      heightMm: 320,
      widthMm: 180,
      ownerUserId: input.ownerUserId ?? null,
      ownerOrgId: input.ownerOrgId ?? null,
      ownerName: input.ownerName ?? "Test owner",
      createdById: creator,
      registrationNumber: registered ? formatRegistrationNumber(registeredAt.getUTCFullYear(), ++seq) : null,
      submittedAt: status === "draft" ? null : registeredAt,
      registeredAt: registered ? registeredAt : null,
      authors: { create: [{ name: "陈青", nameEn: "Chen Qing", role: "设计", order: 0 }] },
      views: {
        create: ingested.map((img, i) => ({
          kind: i === 0 ? "front" : i === 1 ? "side" : "detail",
          order: i,
          ...viewRowFromImage(img),
          originalName: `view-${i}.png`,
        })),
      },
    },
    include: { views: { orderBy: { order: "asc" } } },
  });
  // As the registration use-cases do after their commit (awaited here: tests read the files).
  await publishRenditions(dataDir, ingested);
  if (status === "registered" || status === "submitted") await indexWorkViews(work.views);
  return { work, images };
}
