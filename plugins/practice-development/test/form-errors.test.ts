// A failed post on any of this plugin's forms: the summary lists the errors in the order the fields
// appear, an error of the whole form has no link, and each field finds its own message in words.
import { describe, expect, it } from "vitest";
import { errorItems, fieldError } from "../form-errors";

const words = (key: string) => `words for ${key}`;

describe("errorItems", () => {
  it("lists errors in the fields' order, whatever order they were found in, with fields the order does not name last", () => {
    const errors = { form: "errors.form", teams: "errors.teams", extra: "errors.extra", title: "errors.title" };
    expect(errorItems(words, errors, ["title", "teams", "form"])).toEqual([
      { fieldId: "title", message: "words for errors.title" },
      { fieldId: "teams", message: "words for errors.teams" },
      { fieldId: undefined, message: "words for errors.form" },
      { fieldId: "extra", message: "words for errors.extra" },
    ]);
  });

  it("is empty when nothing failed", () => {
    expect(errorItems(words, undefined, ["title"])).toEqual([]);
    expect(errorItems(words, {}, ["title"])).toEqual([]);
  });
});

describe("fieldError", () => {
  it("gives a field its message in words, and nothing to a field that is fine or a form that did not fail", () => {
    const errorOf = fieldError(words, { title: "errors.title" });
    expect(errorOf("title")).toBe("words for errors.title");
    expect(errorOf("teams")).toBeUndefined();
    expect(fieldError(words, undefined)("title")).toBeUndefined();
  });
});
