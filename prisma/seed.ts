/**
 * Demo data, created on first start when the database has no users — through the same
 * use-cases the UI calls (never by writing rows around them), so the demo exercises the real
 * rules and writes the real audit trail.
 */
import type { PrismaClient } from "@prisma/client";
import { signUp } from "~/domain/accounts/sign-up.server";
import { createOrganization } from "~/domain/accounts/create-organization.server";
import { updateProfile } from "~/domain/accounts/update-profile.server";
import type { RoleName } from "~/utils/permissions";

export const DEMO_PASSWORD = "kilnmark-demo";

export const DEMO_USERS: { email: string; name: string; role: RoleName }[] = [
  { email: "admin@kilnmark.test", name: "管理员 Admin", role: "admin" },
  { email: "officer.li@kilnmark.test", name: "李审查 Li (officer)", role: "officer" },
  { email: "officer.wang@kilnmark.test", name: "王专员 Wang (officer)", role: "officer" },
  { email: "artisan.chen@kilnmark.test", name: "陈青花 Chen", role: "artisan" },
  { email: "artisan.zhou@kilnmark.test", name: "周粉彩 Zhou", role: "artisan" },
  { email: "artisan.xu@kilnmark.test", name: "徐玲珑 Xu", role: "artisan" },
  { email: "licensee.popclay@kilnmark.test", name: "PopClay Toys Ltd.", role: "licensee" },
  { email: "licensee.tablefine@kilnmark.test", name: "Tablefine GmbH", role: "licensee" },
];

/** Steps registered by later features (works, offers, deals, cases); each receives the demo users. */
export type SeedStep = (ctx: { db: PrismaClient; users: Record<string, { id: string; email: string }>; studioId: string }) => Promise<void>;
const extraSteps: SeedStep[] = [];
export function registerSeedStep(step: SeedStep) {
  extraSteps.push(step);
}

export async function seedIfEmpty(db: PrismaClient): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  await seed(db);
  return true;
}

export async function seed(db: PrismaClient) {
  const users: Record<string, { id: string; email: string }> = {};
  for (const u of DEMO_USERS) {
    const created = await signUp({
      db,
      name: u.name,
      email: u.email,
      password: DEMO_PASSWORD,
      role: u.role,
      locale: u.role === "licensee" && u.email.includes("tablefine") ? "en" : "zh-CN",
      actorId: null,
      emailVerified: true,
    });
    users[u.email] = { id: created.id, email: created.email };
  }
  // A studio with a valid Unified Social Credit Code (check character per GB 32100-2015).
  const studio = await createOrganization({
    db,
    userId: users["artisan.chen@kilnmark.test"].id,
    values: { kind: "studio", name: "景德镇青花坊陶瓷工作室", nameEn: "Qinghua Workshop Jingdezhen", uscc: "91360200MA35QH0X39" },
  });
  await updateProfile({
    db,
    userId: users["licensee.popclay@kilnmark.test"].id,
    values: {
      name: "PopClay Toys Ltd.",
      locale: "zh-CN",
      companyName: "PopClay Toys Ltd.",
      country: "CN",
      address: "Shenzhen, Nanshan District",
      phone: "+86 755 0000 0000",
    },
  });
  await updateProfile({
    db,
    userId: users["licensee.tablefine@kilnmark.test"].id,
    values: { name: "Tablefine GmbH", locale: "en", companyName: "Tablefine GmbH", country: "DE", address: "Selb, Bavaria" },
  });
  const { runSeedSteps } = await import("./seed-steps");
  await runSeedSteps({ db, users, studioId: studio.id }, extraSteps);
}

export async function printDemoLogins(db: PrismaClient, seededNow: boolean) {
  const demo = await db.user.findMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) } }, include: { roles: true } });
  if (!demo.length) return;
  console.log(seededNow ? "\nDemo data seeded. Demo logins (password for all: " + DEMO_PASSWORD + "):" : "\nDemo logins (password: " + DEMO_PASSWORD + "):");
  for (const u of DEMO_USERS) {
    if (demo.some((d) => d.email === u.email)) console.log(`  ${u.role.padEnd(9)} ${u.email}`);
  }
  console.log("");
}
