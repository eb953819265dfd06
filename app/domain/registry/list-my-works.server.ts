import { workManagedBy } from "~/domain/access/work-managers.server";
import type { Prisma } from "@prisma/client";
import { containsText, prisma } from "~/utils/db.server";
import { parseDecisionReason } from "./forms";
import { MY_WORKS_PER_PAGE, pageCount, type MyWorksFilter } from "./my-works-filter";

/**
 * One page of the works a user manages (their own and their studios'), newest change first,
 * filtered by status and a text query (titles, registration number, owner). A page past the end
 * shows the last page.
 */
export async function listMyWorks({ userId, filter, perPage = MY_WORKS_PER_PAGE }: { userId: string; filter: MyWorksFilter; perPage?: number }) {
  const and: Prisma.WorkWhereInput[] = [workManagedBy(userId)];
  if (filter.status) and.push({ status: filter.status });
  if (filter.q) {
    and.push({
      OR: [
        { titleZh: containsText(filter.q) },
        { titleEn: containsText(filter.q) },
        { registrationNumber: { contains: filter.q.toUpperCase() } },
        { ownerName: containsText(filter.q) },
      ],
    });
  }
  const where: Prisma.WorkWhereInput = { AND: and };
  const total = await prisma.work.count({ where });
  const pages = pageCount(total, perPage);
  const page = Math.min(filter.page, pages);
  const works = await prisma.work.findMany({
    where,
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * perPage,
    take: perPage,
    select: {
      id: true,
      titleZh: true,
      titleEn: true,
      status: true,
      visibility: true,
      ownerName: true,
      registrationNumber: true,
      decisionReason: true,
      updatedAt: true,
      views: { take: 1, orderBy: { order: "asc" }, select: { sha256: true } },
    },
  });
  return {
    filter: { ...filter, page },
    works: works.map(({ decisionReason, ...w }) => ({ ...w, decision: parseDecisionReason(decisionReason) })),
    total,
    page,
    pages,
  };
}
