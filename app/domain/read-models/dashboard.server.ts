/**
 * The dashboard: one section per role the user holds, each with that role's real items. Deals
 * and cases "on my works" are those on works the user manages (~/domain/access; the creator of
 * a work does not count).
 */
import type { PrismaClient } from "@prisma/client";
import { hasPermission } from "~/domain/access/roles.server";
import { workManagedBy } from "~/domain/access/work-managers.server";
import { OPEN_CASE_STATUSES } from "~/domain/cases/open-statuses";
import { listMyWorks } from "~/domain/registry/list-my-works.server";
import type { MyWorksFilter } from "~/domain/registry/my-works-filter";
import { officerQueueCounts } from "./officer-queues.server";

export async function dashboardFor({ db, user, worksFilter }: { db: PrismaClient; user: { id: string; roles: string[] }; worksFilter: MyWorksFilter }) {
  const ownWorks = workManagedBy(user.id);
  const artisan = hasPermission(user.roles, "work:create")
    ? {
        works: await listMyWorks({ userId: user.id, filter: worksFilter }),
        dealsOnMyWorks: await db.deal.findMany({
          where: { work: ownWorks },
          orderBy: { updatedAt: "desc" },
          take: 20,
          select: { id: true, reference: true, status: true, upfrontFeeFen: true, work: { select: { titleZh: true, titleEn: true } } },
        }),
        casesOnMyWorks: await db.infringementCase.findMany({
          where: { works: { some: { work: ownWorks } } },
          orderBy: { updatedAt: "desc" },
          take: 20,
          select: { id: true, number: true, status: true, platform: true },
        }),
      }
    : null;

  const licensee = hasPermission(user.roles, "deal:request")
    ? {
        deals: await db.deal.findMany({
          where: { licenseeId: user.id },
          orderBy: { updatedAt: "desc" },
          take: 50,
          select: { id: true, reference: true, status: true, upfrontFeeFen: true, licenseNumber: true, work: { select: { titleZh: true, titleEn: true } } },
        }),
      }
    : null;

  const officer = hasPermission(user.roles, "work:examine")
    ? {
        ...(await officerQueueCounts({ db })),
        myCases: await db.infringementCase.findMany({
          where: { assigneeId: user.id, status: { in: [...OPEN_CASE_STATUSES] } },
          take: 20,
          orderBy: { decisionDueAt: "asc" },
          select: { id: true, number: true, status: true, platform: true, decisionDueAt: true },
        }),
      }
    : null;

  const myReports = await db.infringementCase.findMany({
    where: { reporterId: user.id },
    orderBy: { updatedAt: "desc" },
    take: 20,
    select: { id: true, number: true, status: true, resolution: true },
  });

  return { artisan, licensee, officer, myReports };
}
