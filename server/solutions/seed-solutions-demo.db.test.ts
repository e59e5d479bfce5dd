import { afterAll, beforeAll, expect, it } from "vitest";
import { FAVPUSH_SOLUTIONS, readFavpushFixture } from "./favpush-fixture";
import { getSolutionsDraft } from "./get-solutions-draft";
import { FAVPUSH_DEMO_DOCUMENT, seedSolutionsDemo } from "./seed-solutions-demo";
import { startKit, type Kit } from "./solutions-test-kit";

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
});
afterAll(async () => kit?.close());

it("is the article's document, misplaced buckets included", () => {
  expect(FAVPUSH_DEMO_DOCUMENT).toEqual(readFavpushFixture());
});

it("gives favpush v1 on buckets 0-2 and v2 on 3-9, once", async () => {
  await seedSolutionsDemo(kit.database.db);
  await seedSolutionsDemo(kit.database.db);
  const draft = await getSolutionsDraft(kit.database.db, "favpush");
  expect(draft).toMatchObject({ version: 1, solutions: [...FAVPUSH_SOLUTIONS], split: { ok: true } });
});
