/** Ids this area's authz rows need, found in the seeded demo data over HTTP (see ../helpers). */
export async function fixtures(): Promise<Record<string, string>> {
  return {};
}
