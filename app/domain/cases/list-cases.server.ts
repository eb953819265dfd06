import { workManagedBy } from "~/domain/access/work-managers.server";
import type { Prisma, PrismaClient } from "@prisma/client";
import { CASE_STATUSES } from "./case-state";
import { OPEN_CASE_STATUSES } from "./open-statuses";
import { PLATFORMS } from "./platforms";
import { CASE_SLA, workingDaysLeft } from "./sla";

type OfficerCaseFilters = { status?: string; platform?: string; assignee?: string; overdue?: boolean };

/** The officers' queue: open cases first by the nearest deadline; filters are validated here. */
export async function listOfficerCases({
  db,
  userId,
  filters,
  now = new Date(),
}: {
  db: PrismaClient;
  userId: string;
  filters: OfficerCaseFilters;
  now?: Date;
}) {
  const where: Prisma.InfringementCaseWhereInput = {};
  if (filters.status === "open" || !filters.status) where.status = { in: [...OPEN_CASE_STATUSES] };
  else if ((CASE_STATUSES as readonly string[]).includes(filters.status)) where.status = filters.status;
  if (filters.platform && (PLATFORMS as readonly string[]).includes(filters.platform)) where.platform = filters.platform;
  if (filters.assignee === "me") where.assigneeId = userId;
  else if (filters.assignee === "none") where.assigneeId = null;
  if (filters.overdue) {
    where.AND = [
      { status: { in: [...OPEN_CASE_STATUSES] } },
      { OR: [{ status: { in: ["reported", "triage"] }, triageDueAt: { lte: now } }, { decisionDueAt: { lte: now } }] },
    ];
  }
  const rows = await db.infringementCase.findMany({
    where,
    orderBy: [{ decisionDueAt: "asc" }],
    take: 200,
    include: {
      assignee: { select: { id: true, name: true } },
      works: { include: { work: { select: { registrationNumber: true } } } },
      _count: { select: { matches: true, evidence: true } },
    },
  });
  return rows.map((c) => {
    const triageOpen = c.status === "reported" || c.status === "triage";
    const open = (OPEN_CASE_STATUSES as readonly string[]).includes(c.status);
    // Stored due dates already account for reopenings.
    const clock = (dueAt: Date, soonDays: number) => ({
      dueAt,
      status: dueAt <= now ? "overdue" : workingDaysLeft(now, dueAt) <= soonDays ? "due_soon" : "on_time",
      daysLeft: workingDaysLeft(now, dueAt),
    });
    return {
      number: c.number,
      status: c.status,
      resolution: c.resolution,
      platform: c.platform,
      createdAt: c.createdAt,
      assignee: c.assignee,
      works: c.works.map((w) => w.work.registrationNumber),
      matches: c._count.matches,
      evidence: c._count.evidence,
      triage: triageOpen ? clock(c.triageDueAt, CASE_SLA.triageDueSoonWorkingDays) : null,
      decision: open ? clock(c.decisionDueAt, CASE_SLA.decisionDueSoonWorkingDays) : null,
    };
  });
}

/** "My cases": reported by me, about works I manage, or where I am the respondent. */
export async function listMyCases({ db, userId }: { db: PrismaClient; userId: string }) {
  const rows = await db.infringementCase.findMany({
    where: { OR: [{ reporterId: userId }, { accusedId: userId }, { works: { some: { work: workManagedBy(userId) } } }] },
    orderBy: { createdAt: "desc" },
    take: 200,
    include: { works: { include: { work: { select: { registrationNumber: true } } } } },
  });
  return rows.map((c) => ({
    number: c.number,
    status: c.status,
    resolution: c.resolution,
    platform: c.platform,
    createdAt: c.createdAt,
    works: c.works.map((w) => w.work.registrationNumber),
    role: c.reporterId === userId ? "reporter" : c.accusedId === userId ? "respondent" : "owner",
  }));
}

export async function listOfficers({ db }: { db: PrismaClient }) {
  return db.user.findMany({
    where: { disabledAt: null, roles: { some: { permissions: { some: { key: "case:handle" } } } } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}
