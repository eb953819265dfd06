import { DEMO, HttpClient } from "../helpers";

/**
 * The entries of a /my/works page (one status at a time: the list is paged, and other tests may
 * add works to the same demo accounts): id, first image sha256 and the row's text.
 */
async function myWorks(client: HttpClient, status: string) {
  const res = await client.request(`/my/works?status=${status}`);
  const html = await res.text();
  return html
    .split('data-testid="my-work"')
    .slice(1)
    .map((block) => ({
      id: /href="\/my\/works\/([a-z0-9]+)"/.exec(block)?.[1],
      sha256: /\/resources\/images\/([0-9a-f]{64})\/320/.exec(block)?.[1],
      status: /data-testid="work-status">([^<]+)</.exec(block)?.[1] ?? "",
      sealed: block.includes("详情保密") || block.includes("details sealed"),
    }));
}

/**
 * Ids the registry rows need, found in the seeded demo over HTTP. The matrix's artisan is
 * artisan.xu: Chen's draft and sealed studio work are strangers' works to Xu; Xu's own submitted
 * work is his.
 */
export async function fixtures(): Promise<Record<string, string>> {
  const chen = await new HttpClient().login(DEMO.artisan);
  const chenRegistered = await myWorks(chen, "registered");
  const draft = (await myWorks(chen, "draft")).find((w) => w.status === "草稿" || w.status === "Draft");
  const sealed = chenRegistered.find((w) => w.sealed && (w.status === "已登记" || w.status === "Registered"));
  const pub = chenRegistered.find((w) => !w.sealed && (w.status === "已登记" || w.status === "Registered"));
  const xu = await new HttpClient().login(DEMO.artisan3);
  const xuWork = (await myWorks(xu, "submitted")).find((w) => w.status === "已提交" || w.status === "Submitted");
  const officer = await new HttpClient().login(DEMO.officer);
  const queue = await (await officer.request("/officer/examination")).text();
  const submittedWorkId = /href="\/officer\/examination\/([a-z0-9]+)"/.exec(queue)?.[1];
  if (!draft?.id || !draft.sha256 || !sealed?.sha256 || !pub?.sha256 || !xuWork?.id || !submittedWorkId) {
    throw new Error(
      "registry authz fixtures: the demo seed lacks Chen's draft, sealed and public works, a work of Xu, or a queued work (prisma/seed/registry.ts)",
    );
  }
  return {
    chenDraftId: draft.id,
    chenDraftSha: draft.sha256,
    sealedSha: sealed.sha256,
    publicSha: pub.sha256,
    xuWorkId: xuWork.id,
    submittedWorkId,
  };
}
