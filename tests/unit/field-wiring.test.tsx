// A field's hint and error are both read out with it. Conform's getInputProps and getTextareaProps name
// only the error in aria-describedby once a field is invalid; spread over the component's own wiring,
// that silenced the hint exactly when it mattered ("Needed when you do not support the request").
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Field } from "../../app/components/Field";
import { Textarea } from "../../app/components/Textarea";

const describedBy = (html: string, tag: "input" | "textarea") => html.match(new RegExp(`<${tag}[^>]*aria-describedby="([^"]*)"`))?.[1];

describe("a field with a hint and an error", () => {
  const conformProps = { "aria-describedby": "note-error", "aria-invalid": true } as const;

  it("names both in aria-describedby, whatever the form library passes", () => {
    const input = renderToStaticMarkup(<Field {...conformProps} id="note" name="note" label="Note" hint="Needed when…" error="Enter a note" />);
    expect(describedBy(input, "input")).toBe("note-hint note-error");
    const textarea = renderToStaticMarkup(<Textarea {...conformProps} id="note" name="note" label="Note" hint="Needed when…" error="Enter a note" />);
    expect(describedBy(textarea, "textarea")).toBe("note-hint note-error");
  });

  it("names only the hint before there is an error, and is marked invalid only with one", () => {
    const input = renderToStaticMarkup(<Field aria-invalid={undefined} id="note" name="note" label="Note" hint="Needed when…" />);
    expect(describedBy(input, "input")).toBe("note-hint");
    expect(input).not.toContain("aria-invalid");
    expect(renderToStaticMarkup(<Textarea id="note" name="note" label="Note" error="Enter a note" />)).toContain('aria-invalid="true"');
  });
});
