/**
 * Reads the description of an embedded ICC profile. Display derivatives are cut from the
 * ICC-ignoring decode that the hashes need anyway; that is only faithful when the embedded
 * profile is sRGB (or absent). Anything else (Display P3, Adobe RGB, CMYK) takes the slower,
 * colour-managed path.
 */
function findTag(icc: Uint8Array, view: DataView, tag: string): { off: number; size: number } | null {
  if (icc.length < 132) return null;
  const count = view.getUint32(128);
  for (let i = 0; i < count && 132 + i * 12 + 12 <= icc.length; i++) {
    const entry = 132 + i * 12;
    if (String.fromCharCode(...icc.subarray(entry, entry + 4)) !== tag) continue;
    const off = view.getUint32(entry + 4);
    const size = view.getUint32(entry + 8);
    return off + size <= icc.length ? { off, size } : null;
  }
  return null;
}

function viewOf(icc: Uint8Array): DataView {
  return new DataView(icc.buffer, icc.byteOffset, icc.byteLength);
}

function iccDescription(icc: Uint8Array): string | null {
  const view = viewOf(icc);
  const tag = findTag(icc, view, "desc");
  {
    if (!tag || tag.size < 12) return null;
    const { off, size } = tag;
    const type = String.fromCharCode(...icc.subarray(off, off + 4));
    if (type === "desc") {
      const n = view.getUint32(off + 8);
      const bytes = icc.subarray(off + 12, Math.min(off + 12 + n, off + size));
      return String.fromCharCode(...bytes).replace(/\0+$/, "");
    }
    if (type === "mluc" && size >= 28) {
      const len = view.getUint32(off + 20);
      const strOff = view.getUint32(off + 24);
      let s = "";
      for (let p = off + strOff; p + 1 < Math.min(off + strOff + len, off + size); p += 2) {
        s += String.fromCharCode(view.getUint16(p));
      }
      return s.replace(/\0+$/, "");
    }
    return null;
  }
}

/** sRGB primaries adapted to D50, as stored in the rXYZ/gXYZ/bXYZ tags of sRGB matrix profiles. */
const SRGB_COLORANTS: Record<string, [number, number, number]> = {
  rXYZ: [0.4361, 0.2225, 0.0139],
  gXYZ: [0.3851, 0.7169, 0.0971],
  bXYZ: [0.1431, 0.0606, 0.7141],
};

function hasSrgbColorants(icc: Uint8Array): boolean {
  const view = viewOf(icc);
  for (const [tag, expected] of Object.entries(SRGB_COLORANTS)) {
    const t = findTag(icc, view, tag);
    if (!t || t.size < 20) return false;
    for (let k = 0; k < 3; k++) {
      const v = view.getInt32(t.off + 8 + 4 * k) / 65536;
      if (Math.abs(v - expected[k]) > 0.01) return false;
    }
  }
  return true;
}

export function isSrgbProfile(icc: Uint8Array | undefined): boolean {
  if (!icc) return true;
  if (hasSrgbColorants(icc)) return true;
  const desc = iccDescription(icc);
  return desc !== null && /srgb/i.test(desc);
}
