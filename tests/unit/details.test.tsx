// GOV.UK's details fold: the summary, the text folded beneath it, closed unless the page asks for it open.
// A native `<details>`, so it opens without JavaScript; the browser tests and axe read exactly this markup.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Details } from "../../app/components/Details";

describe("a details fold", () => {
  it("is GOV.UK's details markup: the summary's text, then the text it folds away, closed", () => {
    const html = renderToStaticMarkup(
      <Details summary="Names of the people withdrawn">
        <ul className="govuk-list">
          <li>Morgan Pritchard, Assessment North</li>
        </ul>
      </Details>,
    );
    expect(html).toBe(
      '<details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Names of the people withdrawn</span></summary>' +
        '<div class="govuk-details__text"><ul class="govuk-list"><li>Morgan Pritchard, Assessment North</li></ul></div></details>',
    );
  });

  it("starts open only when asked", () => {
    const openAttribute = (open?: boolean) => renderToStaticMarkup(<Details summary="Columns" open={open}>Text</Details>).match(/^<details[^>]*>/)?.[0];
    expect(openAttribute()).toBe('<details class="govuk-details">');
    expect(openAttribute(false)).toBe('<details class="govuk-details">');
    expect(openAttribute(true)).toBe('<details class="govuk-details" open="">');
  });

  it("escapes its summary as text", () => {
    expect(renderToStaticMarkup(<Details summary="<b>Columns</b>">Text</Details>)).toContain('<span class="govuk-details__summary-text">&lt;b&gt;Columns&lt;/b&gt;</span>');
  });
});
