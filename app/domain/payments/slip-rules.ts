/** Pure: the deal page shows the limit in the browser too. */
export const MAX_SLIP_BYTES = 10 * 1024 * 1024;
