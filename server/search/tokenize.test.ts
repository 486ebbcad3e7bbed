import { describe, expect, it } from "vitest";
import { queryWords, searchTextOf } from "./tokenize";

describe("Chinese search words", () => {
  it("indexes a message by its words and the words inside them", () => {
    const words = searchTextOf("我的订单号123456还没发货")?.split(" ") ?? [];
    expect(words).toEqual(expect.arrayContaining(["订单", "订单号", "123456", "发货"]));
  });

  it("finds every query word among a matching message's words", () => {
    const indexed = new Set(searchTextOf("请问我的快递到哪了？已经三天了")?.split(" "));
    for (const word of queryWords("快递到哪了")) expect(indexed).toContain(word);
  });

  it("drops punctuation and text-search operators, lowercases Latin words", () => {
    expect(queryWords("iPhone & (退款)!")).toEqual(["iphone", "退款"]);
    expect(searchTextOf("？！。")).toBeNull();
  });
});
