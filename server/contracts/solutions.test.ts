import { describe, expect, it } from "vitest";
import { favpushArticleDocument, favpushSolutions } from "@/db/seed/favpush";
import { FeatureNameSchema, SolutionNameSchema, SolutionSchema, SolutionsDocumentSchema } from "./solutions";

describe("SolutionNameSchema", () => {
  it.each([
    { name: "v1", ok: true },
    { name: "2.b-x_Y", ok: true },
    { name: "a".repeat(64), ok: true },
    { name: "a".repeat(65), ok: false },
    { name: "", ok: false },
    { name: "v 1", ok: false },
    { name: "_v1", ok: false },
    { name: "__proto__", ok: false },
    { name: "buckets", ok: false },
    { name: "实验", ok: false },
  ])("$name -> $ok", ({ name, ok }) => {
    expect(SolutionNameSchema.safeParse(name).success).toBe(ok);
  });
});

describe("FeatureNameSchema", () => {
  it.each([
    { name: "user_vec", ok: true },
    { name: "cf", ok: true },
    { name: "origin", ok: false },
    { name: "online", ok: false },
    { name: "log", ok: false },
    { name: "1vec", ok: false },
    { name: "goods-vec", ok: false },
  ])("$name -> $ok", ({ name, ok }) => {
    expect(FeatureNameSchema.safeParse(name).success).toBe(ok);
  });
});

describe("SolutionSchema", () => {
  it.each(favpushSolutions())("accepts fixture solution $name", (solution) => {
    expect(SolutionSchema.parse(solution)).toEqual(solution);
  });
});

describe("SolutionsDocumentSchema (the published shape)", () => {
  it("rejects the article's fixture, whose v2 buckets sit one level too high", () => {
    const result = SolutionsDocumentSchema.safeParse(favpushArticleDocument());
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(
      expect.arrayContaining(["solutions.1.v2.buckets", "solutions.1.buckets"]),
    );
  });

  it.each([
    { name: "two solutions in one entry", solutions: [{ a: body([0]), b: body([1]) }] },
    { name: "a duplicate name", solutions: [{ a: body([0]) }, { a: body([1]) }] },
    { name: "an empty entry", solutions: [{}] },
  ])("rejects $name", ({ solutions }) => {
    expect(SolutionsDocumentSchema.safeParse({ app_name: "favpush", solutions }).success).toBe(false);
  });

  it("accepts one solution per entry under distinct names", () => {
    const doc = { app_name: "favpush", solutions: [{ a: body([0]) }, { b: body([1]) }] };
    expect(SolutionsDocumentSchema.parse(doc)).toEqual(doc);
  });
});

function body(buckets: number[]) {
  return { features: {}, model: { name: "m", version: "1" }, fg: { class: "F", version: "1" }, buckets };
}
