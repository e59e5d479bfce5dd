import { describe, expect, it } from "vitest";
import { itemFieldChoices, itemLabel, itemsFromText, splitIds, textFromItems } from "./item-draft";

describe("the Items box", () => {
  it("offers the app's item fields first, then origin fields but the hash key", () => {
    const app = {
      hashKey: "uid",
      originFields: [
        { name: "uid", type: "int" as const },
        { name: "goods_id", type: "int" as const },
      ],
      itemFields: [{ name: "sku", type: "string" as const }],
    };
    expect(itemFieldChoices(app)).toEqual([
      { name: "sku", type: "string", from: "item" },
      { name: "goods_id", type: "int", from: "origin" },
    ]);
  });

  it("splits ids by lines and commas, dropping blanks", () => {
    expect(splitIds(" 123\n124, 125 ,\n\n 126 ")).toEqual(["123", "124", "125", "126"]);
    expect(splitIds(" \n , ")).toEqual([]);
  });

  it("types the ids as the field declares, one item each", () => {
    expect(itemsFromText({ name: "goods_id", type: "int" }, "123\n124")).toEqual({ items: [{ goods_id: 123 }, { goods_id: 124 }] });
    expect(itemsFromText({ name: "sku", type: "string" }, "a-1, b-2")).toEqual({ items: [{ sku: "a-1" }, { sku: "b-2" }] });
    expect(itemsFromText({ name: "goods_id", type: "int" }, "  ")).toBeNull();
  });

  it("names the ids that do not fit and the ones listed twice", () => {
    const r = itemsFromText({ name: "goods_id", type: "int" }, "123\nabc\n123");
    expect(r).toEqual({ error: 'goods_id is int: "abc" (item 2): a whole number is needed; "123" (item 3) is listed twice' });
  });

  it("turns a request's items back into the box, when they carry one field each", () => {
    expect(textFromItems([{ goods_id: 1 }, { goods_id: 2 }])).toEqual({ field: "goods_id", text: "1\n2" });
    expect(textFromItems([{ goods_id: 1, x: 2 }])).toBeNull();
    expect(textFromItems(undefined)).toBeNull();
  });

  it("labels an item by its id, or by its fields when it has several", () => {
    expect(itemLabel({ goods_id: 7 })).toBe("7");
    expect(itemLabel({ a: 1, b: "x" })).toBe('{"a":1,"b":"x"}');
  });
});
