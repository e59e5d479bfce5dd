import type { CreateAppInput } from "@/server/contracts/apps";

/**
 * The articles' app: CTR ranking of goods for a user, 10 buckets hashed on uid. No item fields:
 * its templates read `goods_id` from the origin, as the articles' single request `{uid, goods_id}`
 * sends it, and one name cannot be both an origin and an item field. A batch sends `goods_id`
 * per item instead (origin `{uid}`, items `[{goods_id}, …]`), which the templates read the same way.
 */
export function favpushApp(change: Partial<CreateAppInput> = {}): CreateAppInput {
  return {
    name: "favpush",
    description: "Favourites push: CTR ranking of goods for a user (the demo app)",
    bucketCount: 10,
    hashKey: "uid",
    originFields: [
      { name: "uid", type: "int" },
      { name: "goods_id", type: "int" },
    ],
    ...change,
  };
}
