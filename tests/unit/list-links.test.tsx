// A list's sort and page links keep its filters but not a confirmation, whose banner is read out again
// on every page it reaches.
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { serverI18n } from "../../app/utils/i18n.server";
import { Pagination } from "../../app/components/Pagination";
import { sortableHeaders } from "../../app/components/PeopleTable";

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));
const search = "?team=4&band=ready&decided=approved&progression=supported&saved=withdrawn&outcome=given&page=2";

describe("a list's own links", () => {
  it("keep the filters and drop what only confirmed something done, when paging", () => {
    const links = hrefs(renderToStaticMarkup(<Pagination page={2} pageCount={3} search={search} />));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(link).toMatch(/^\?team=4&band=ready&page=\d$/);
    }
  });

  it("keep the filters and drop what only confirmed something done, when sorting", () => {
    const { header } = sortableHeaders({ sort: "name", dir: "asc", search });
    expect(hrefs(renderToStaticMarkup(<>{header("Name", "name")}</>))).toEqual(["?team=4&band=ready&sort=name&dir=desc"]);
  });
});

describe("two paged lists on one page", () => {
  it("name their page links apart, in the reader's language", () => {
    const labels = (lng: string) => {
      const html = renderToStaticMarkup(
        <I18nextProvider i18n={serverI18n().cloneInstance({ lng })}>
          <Pagination page={1} pageCount={3} search="" of="Sessions to come" />
          <Pagination page={1} pageCount={2} search="" of="Sessions that have begun" />
          <Pagination page={1} pageCount={2} search="" />
        </I18nextProvider>,
      );
      return [...html.matchAll(/<nav[^>]*aria-label="([^"]*)"/g)].map((m) => m[1]);
    };
    expect(labels("en-GB")).toEqual(["Pages of Sessions to come", "Pages of Sessions that have begun", "Pages"]);
    expect(labels("cy")).toEqual(["Tudalennau: Sessions to come", "Tudalennau: Sessions that have begun", "Tudalennau"]);
  });
});
