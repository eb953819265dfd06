/**
 * Steps of the work form's photo upload shared by upload-form.test.ts and walk-artisan.test.ts:
 * counting the form's POSTs, giving a view a file of the wrong type, dropping a photo onto a view
 * (a DataTransfer built in the page, as a drag from the desktop delivers it) and recording the
 * per-file progress values the form shows while it sends.
 */
import type { Page } from "playwright-core";

/** Counts POSTs of the work form from now on; read the count with the returned function. */
export function countFormPosts(page: Page, path = "/works/new"): () => number {
  let posts = 0;
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().includes(path)) posts++;
  });
  return () => posts;
}

/** Puts an SVG (a type the form refuses) into the view's file input. */
export async function pickWrongType(page: Page, view: string): Promise<void> {
  await page.setInputFiles(`#file-${view}`, {
    name: "logo.svg",
    mimeType: "image/svg+xml",
    buffer: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"),
  });
}

/** Drops `bytes` as a PNG named `name` onto the view and waits for its preview. */
export async function dropPhoto(page: Page, view: string, bytes: Buffer, name: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ bytes, name }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], name, { type: "image/png" }));
      return dt;
    },
    { bytes: [...bytes], name },
  );
  await page.getByTestId(`view-input-${view}`).dispatchEvent("drop", { dataTransfer });
  await page.locator(`[data-testid="view-input-${view}"] img[alt="${name}"]`).waitFor();
}

/** Records every value the form's per-file progress bars take from now on; read them with the returned function. */
export async function recordUploadProgress(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { __progress: number[] }).__progress = seen;
    new MutationObserver(() => document.querySelectorAll<HTMLProgressElement>('[data-testid="file-progress"]').forEach((p) => seen.push(p.value))).observe(
      document.body,
      { subtree: true, childList: true, attributes: true },
    );
  });
  return () => page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
}
