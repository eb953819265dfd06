import { workManagedBy } from "~/domain/access/work-managers.server";
import { readFile } from "node:fs/promises";
import sharp from "sharp";
import type { SeedStep } from "../seed";
import { openCase } from "~/domain/cases/open-case.server";
import { transitionCase } from "~/domain/cases/transition-case.server";
import { assignCase } from "~/domain/cases/assign-case.server";
import { storagePath } from "~/domain/imaging/ingest-image.server";
import { getEnv } from "~/utils/env.server";

/**
 * Demo data for the cases area, created through its real use-cases: a new report from a
 * licensee about a copy on Taobao (with a cropped, recompressed copy of the registered front
 * photo, so the automatic match shows), and a rights holder's report already under
 * investigation. Skipped when the registry seed made no registered public works. Works of
 * artisan.xu are left out so the authorization matrix's artisan stays a stranger to the cases, and
 * works with offers or deals so the licensing demo (whose checks refuse works under an open case)
 * stays approvable.
 */
export const seedCases: SeedStep = async ({ db, users }) => {
  const xu = users["artisan.xu@kilnmark.test"].id;
  const works = await db.work.findMany({
    where: { status: "registered", visibility: "public", NOT: workManagedBy(xu), deals: { none: {} }, offers: { none: {} } },
    orderBy: { registrationNumber: "asc" },
    include: { views: { where: { kind: "front" }, take: 1 } },
    take: 2,
  });
  if (works.length < 2 || !works[0].views[0]) return;
  const dataDir = getEnv().DATA_DIR;
  const officer = users["officer.li@kilnmark.test"].id;

  const front = await readFile(storagePath(dataDir, works[0].views[0].storageKey));
  const meta = await sharp(front).metadata();
  const dx = Math.round(meta.width! * 0.02);
  const dy = Math.round(meta.height! * 0.02);
  const copy = await sharp(front)
    .extract({ left: dx, top: dy, width: meta.width! - 2 * dx, height: meta.height! - 2 * dy })
    .resize(720)
    .jpeg({ quality: 72 })
    .toBuffer();
  await openCase({
    db,
    dataDir,
    reporter: { kind: "user", userId: users["licensee.tablefine@kilnmark.test"].id },
    registrationNumbers: [works[0].registrationNumber!],
    platform: "taobao",
    url: "https://item.taobao.com/item.htm?id=700000000001",
    sellerId: "jdz-ceramics-outlet",
    description: "同款花瓶以低价出售，商品图与登记照片一致。The same vase is sold cheaply with the registered photo.",
    standing: "public",
    files: [{ bytes: copy, name: "taobao-listing.jpg" }],
  });

  const ownerId = works[1].ownerUserId ?? (await db.membership.findFirst({ where: { organizationId: works[1].ownerOrgId ?? "" } }))?.userId;
  if (!ownerId) return;
  const second = await openCase({
    db,
    dataDir,
    reporter: { kind: "user", userId: ownerId },
    registrationNumbers: [works[1].registrationNumber!],
    platform: "douyin",
    url: "https://www.douyin.com/video/7300000000000000001",
    sellerId: "live-room-8812",
    description: "直播间销售我的作品的仿制品。Copies of my work are sold in a live stream.",
    standing: "owner",
    files: [],
  });
  await assignCase({ db, actorId: officer, caseId: second.id, assigneeId: officer });
  await transitionCase({
    db,
    actorId: officer,
    caseId: second.id,
    event: { type: "triage" },
    reason: "登记有效，投诉人为权利人。Registration valid; the reporter is the rights holder.",
  });
  await transitionCase({
    db,
    actorId: officer,
    caseId: second.id,
    event: { type: "investigate" },
    reason: "需核实直播间商品。The live-stream goods need checking.",
  });
};
