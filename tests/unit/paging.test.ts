import { describe, expect, it } from "vitest";
import { askedPage, MOST_PAGES_ASKED, pageWindow } from "../../app/utils/paging.server";

describe("pageWindow", () => {
  it("shows the page asked for, with the rows before it as the offset", () => {
    expect(pageWindow(60, 2, 25)).toEqual({ page: 2, pageCount: 3, offset: 25, limit: 25 });
  });

  it("counts a part page as a page", () => {
    expect(pageWindow(51, 3, 25).pageCount).toBe(3);
    expect(pageWindow(50, 3, 25)).toMatchObject({ page: 2, pageCount: 2, offset: 25 });
  });

  it("moves a page past the end back to the last page", () => {
    expect(pageWindow(60, 99, 25)).toEqual({ page: 3, pageCount: 3, offset: 50, limit: 25 });
  });

  it("moves a page before the first, or one that is not a whole number, to a page", () => {
    expect(pageWindow(60, 0, 25).page).toBe(1);
    expect(pageWindow(60, -4, 25).page).toBe(1);
    expect(pageWindow(60, Number.NaN, 25).page).toBe(1);
    expect(pageWindow(60, 2.7, 25).page).toBe(2);
  });

  it("makes an empty list one empty page", () => {
    expect(pageWindow(0, 5, 25)).toEqual({ page: 1, pageCount: 1, offset: 0, limit: 25 });
  });
});

describe("askedPage", () => {
  const asked = (query: string) => askedPage(new URLSearchParams(query));

  it("reads the page from the query string", () => {
    expect(asked("page=7&sort=name")).toBe(7);
  });

  it("falls back to the first page for anything that is not a page", () => {
    for (const query of ["", "page=", "page=0", "page=-2", "page=2.5", "page=abc", "page=1e3", "page=9999999999"]) expect(asked(query)).toBe(1);
  });

  it("caps a page far past any list's end", () => {
    expect(asked("page=999999999")).toBe(MOST_PAGES_ASKED);
  });
});
