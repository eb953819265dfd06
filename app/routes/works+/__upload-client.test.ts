import { describe, expect, it } from "vitest";
import { checkFile, perFileProgress } from "./__upload-client";

describe("work form upload, browser side", () => {
  it("checks the declared type, or the extension when the browser gives none, and the size", () => {
    expect(checkFile({ name: "a.jpg", type: "image/jpeg", size: 1000 })).toBeNull();
    expect(checkFile({ name: "a.tif", type: "", size: 1000 })).toBeNull();
    expect(checkFile({ name: "a.svg", type: "image/svg+xml", size: 1000 })?.key).toBe("works.upload.badType");
    expect(checkFile({ name: "a.gif", type: "image/gif", size: 1000 })?.key).toBe("works.upload.badType");
    expect(checkFile({ name: "big.png", type: "image/png", size: 26 * 1024 * 1024 })).toMatchObject({ key: "works.upload.tooLarge", params: { maxMb: 25 } });
    expect(checkFile({ name: "edge.png", type: "image/png", size: 25 * 1024 * 1024 })).toBeNull();
  });

  it("turns bytes sent into per-file progress in form order", () => {
    expect(perFileProgress([100, 300], 0, 400)).toEqual([0, 0]);
    expect(perFileProgress([100, 300], 50, 400)).toEqual([0.5, 0]);
    expect(perFileProgress([100, 300], 250, 400)).toEqual([1, 0.5]);
    expect(perFileProgress([100, 300], 400, 400)).toEqual([1, 1]);
    // with envelope overhead the end of the request is the end of the last file
    expect(perFileProgress([100, 300], 440, 440)).toEqual([1, 1]);
    expect(perFileProgress([0, 10], 0, 10)).toEqual([1, 0]);
  });
});
