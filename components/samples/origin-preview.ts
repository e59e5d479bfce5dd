/** A request's fields on one line: `uid=7, goods_id=101`, cut to `max` characters. */
export function originPreview(origin: Record<string, unknown>, max = 80): string {
  const text = Object.entries(origin)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(", ");
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
