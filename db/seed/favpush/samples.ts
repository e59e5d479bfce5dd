import { favpushCfGoods } from "./rows";

/** A goods id of the uid that has a graph_cf map (123 for 234, the articles' pair), so both solutions find every feature. */
const cfGoods = (uid: number) => (uid === 234 ? 123 : favpushCfGoods(uid)[0]!);

/**
 * The demo's sample requests: every candidate release of favpush is scored on these before it
 * goes out. Each uid and goods id has rows under every demo version (and the pair a cf map), and
 * the uids fall in buckets of both solutions.
 */
export function favpushSampleRequests(): { name: string; origin: Record<string, unknown> }[] {
  const pick = (name: string, uid: number) => ({ name, origin: { uid, goods_id: cfGoods(uid) } });
  return [pick("Demo example (uid 234)", 234), pick("uid 7", 7), pick("uid 42", 42), pick("uid 101", 101), pick("uid 256", 256), pick("uid 399", 399)];
}
