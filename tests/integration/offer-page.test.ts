/** The offer page's read models: who sees an offer (withdrawn ones only its managers and staff), what a request may ask for, which works a user may offer. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { createRegisteredWork, terms } from "../setup/factories-licensing";
import { createOffer } from "~/domain/licensing/create-offer.server";
import { withdrawOffer } from "~/domain/licensing/withdraw-offer.server";
import { findOfferForViewer, offerTermsOf } from "~/domain/licensing/offer-page.server";
import { listOfferableWorks } from "~/domain/licensing/offerable-works.server";

let t: TestDb;
let artisan: Awaited<ReturnType<typeof createTestUser>>;
let licensee: Awaited<ReturnType<typeof createTestUser>>;
let officer: Awaited<ReturnType<typeof createTestUser>>;
let otherArtisan: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  t = await createTestDb();
  artisan = await createTestUser(t.db, "artisan");
  licensee = await createTestUser(t.db, "licensee");
  officer = await createTestUser(t.db, "officer");
  otherArtisan = await createTestUser(t.db, "artisan");
});
afterAll(async () => t.cleanup());

/** The viewer as the page's session gives it: the user and its roles. */
const as = (u: { id: string }, role: string) => ({ id: u.id, roles: [role] });

describe("findOfferForViewer", () => {
  it("shows a published offer to everyone, with the request limits of its terms; only licensees may request", async () => {
    const work = await createRegisteredWork(t.db, { ownerUserId: artisan.id });
    const offer = await createOffer({ db: t.db, actorId: artisan.id, workId: work.id, terms: terms({ exclusivity: "sole", territories: ["eu", "JP"] }) });
    const anonymous = await findOfferForViewer({ db: t.db, offerId: offer.id, viewer: null });
    expect(anonymous?.offer.id).toBe(offer.id);
    expect(anonymous?.allowed.exclusivities).toEqual(["sole", "non_exclusive"]);
    expect(anonymous?.allowed.regions).toEqual(["eu"]);
    expect(anonymous?.canRequest).toBe(false);
    expect(anonymous?.manager).toBe(false);
    expect((await findOfferForViewer({ db: t.db, offerId: offer.id, viewer: as(licensee, "licensee") }))?.canRequest).toBe(true);
    const mine = await findOfferForViewer({ db: t.db, offerId: offer.id, viewer: as(artisan, "artisan") });
    expect(mine?.manager).toBe(true);
    expect(mine?.canRequest).toBe(false);
  });

  it("hides a withdrawn offer from strangers and licensees, not from its owner or an officer", async () => {
    const work = await createRegisteredWork(t.db, { ownerUserId: artisan.id });
    const offer = await createOffer({ db: t.db, actorId: artisan.id, workId: work.id, terms: terms() });
    await withdrawOffer({ db: t.db, actorId: artisan.id, offerId: offer.id });
    expect(await findOfferForViewer({ db: t.db, offerId: offer.id, viewer: null })).toBeNull();
    expect(await findOfferForViewer({ db: t.db, offerId: offer.id, viewer: as(licensee, "licensee") })).toBeNull();
    expect(await findOfferForViewer({ db: t.db, offerId: offer.id, viewer: as(otherArtisan, "artisan") })).toBeNull();
    expect((await findOfferForViewer({ db: t.db, offerId: offer.id, viewer: as(artisan, "artisan") }))?.offer.status).toBe("withdrawn");
    const staff = await findOfferForViewer({ db: t.db, offerId: offer.id, viewer: as(officer, "officer") });
    expect(staff?.offer.status).toBe("withdrawn");
    expect(staff?.canRequest).toBe(false);
  });

  it("answers null for a missing offer, and offerTermsOf gives the stored terms", async () => {
    expect(await findOfferForViewer({ db: t.db, offerId: "no-such-offer", viewer: as(officer, "officer") })).toBeNull();
    expect(await offerTermsOf({ db: t.db, offerId: "no-such-offer" })).toBeNull();
    const work = await createRegisteredWork(t.db, { ownerUserId: artisan.id });
    const offer = await createOffer({ db: t.db, actorId: artisan.id, workId: work.id, terms: terms({ territories: ["JP"] }) });
    const found = await offerTermsOf({ db: t.db, offerId: offer.id });
    expect(found?.id).toBe(offer.id);
    expect(found?.terms.territories).toEqual(["JP"]);
  });
});

describe("listOfferableWorks", () => {
  it("lists the registered works the user manages, and none of another artisan's", async () => {
    const owner = await createTestUser(t.db, "artisan");
    const a = await createRegisteredWork(t.db, { ownerUserId: owner.id });
    const b = await createRegisteredWork(t.db, { ownerUserId: owner.id });
    await createRegisteredWork(t.db, { ownerUserId: otherArtisan.id });
    const ids = (await listOfferableWorks({ db: t.db, userId: owner.id })).map((w) => w.id);
    expect(ids.sort()).toEqual([a.id, b.id].sort());
    expect(await listOfferableWorks({ db: t.db, userId: licensee.id })).toEqual([]);
  });
});
