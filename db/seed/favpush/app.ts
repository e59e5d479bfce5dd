import type { CreateAppInput } from "@/server/contracts/apps";

/** The articles' app: CTR ranking of goods for a user, 10 buckets hashed on uid. */
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
