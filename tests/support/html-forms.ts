// Reading the forms and the error summary out of a page the server rendered, the way a browser without
// JavaScript would submit them. React's server output is regular enough for patterns: every attribute
// is double-quoted and escaped, and forms do not nest.

export interface PageForm {
  /** Where it posts: a path with its query (Remix adds `?index` for index routes). */
  action: string;
  multipart: boolean;
  /** What a browser sends, in order, before the button pressed. */
  fields: [string, string][];
  /** Named buttons; a browser adds the one pressed. */
  buttons: [string, string][];
  /** Names of the controls a person sees and fills in (not hidden inputs, not buttons). */
  visible: Set<string>;
}

const ENTITIES: Record<string, string> = { quot: '"', amp: "&", lt: "<", gt: ">", apos: "'", nbsp: "\u00a0" };

export function decodeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity[0] !== "#") return ENTITIES[entity] ?? whole;
    return String.fromCodePoint(entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
  });
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of tag.matchAll(/\s([a-zA-Z_:][-\w:.]*)(?:="([^"]*)")?/g)) found.set(m[1].toLowerCase(), decodeHtml(m[2] ?? ""));
  return found;
}

/** Every POST form on the page, its controls, and controls elsewhere that name it with form="id". */
export function postForms(html: string, pageUrl: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = attributes(m[1]);
    if ((attrs.get("method") ?? "get").toLowerCase() !== "post") continue;
    const id = attrs.get("id");
    const outside = id ? controlsNaming(html.replace(m[0], ""), id) : "";
    const form: PageForm = {
      action: relative(new URL(attrs.get("action") || pageUrl, pageUrl)),
      multipart: attrs.get("enctype") === "multipart/form-data",
      fields: [],
      buttons: [],
      visible: new Set(),
    };
    readControls(m[2] + outside, form);
    forms.push(form);
  }
  return forms;
}

function relative(url: URL) {
  return `${url.pathname}${url.search}`;
}

function controlsNaming(html: string, formId: string): string {
  const controls = html.match(/<(input|button)\b[^>]*>|<(select|textarea)\b[^>]*>[\s\S]*?<\/\2>/g) ?? [];
  return controls.filter((c) => attributes(c.slice(0, c.indexOf(">") + 1)).get("form") === formId).join("");
}

function readControls(html: string, form: PageForm) {
  for (const m of html.matchAll(/<input\b[^>]*>|<button\b[^>]*>|<select\b([^>]*)>([\s\S]*?)<\/select>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const tag = m[0];
    if (tag.startsWith("<select")) readSelect(attributes(m[1]), m[2], form);
    else if (tag.startsWith("<textarea")) readTextarea(attributes(m[3]), m[4], form);
    else if (tag.startsWith("<button")) readButton(attributes(tag), form);
    else readInput(attributes(tag), form);
  }
}

function readInput(attrs: Map<string, string>, form: PageForm) {
  const name = attrs.get("name");
  if (!name || attrs.has("disabled")) return;
  const type = (attrs.get("type") ?? "text").toLowerCase();
  if (type !== "hidden" && type !== "submit") form.visible.add(name);
  if (type === "submit") form.buttons.push([name, attrs.get("value") ?? ""]);
  else if (type === "checkbox" || type === "radio") {
    if (attrs.has("checked")) form.fields.push([name, attrs.get("value") ?? "on"]);
  } else if (type === "file") form.fields.push([name, ""]);
  else if (type !== "image" && type !== "reset" && type !== "button") form.fields.push([name, attrs.get("value") ?? ""]);
}

function readButton(attrs: Map<string, string>, form: PageForm) {
  const name = attrs.get("name");
  const type = (attrs.get("type") ?? "submit").toLowerCase();
  if (name && type === "submit" && !attrs.has("disabled")) form.buttons.push([name, attrs.get("value") ?? ""]);
}

function readSelect(attrs: Map<string, string>, body: string, form: PageForm) {
  const name = attrs.get("name");
  if (!name || attrs.has("disabled")) return;
  form.visible.add(name);
  const options = [...body.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)].map((o) => ({ attrs: attributes(o[1]), text: decodeHtml(o[2]) }));
  const chosen = options.find((o) => o.attrs.has("selected")) ?? options[0];
  if (chosen) form.fields.push([name, chosen.attrs.get("value") ?? chosen.text]);
}

function readTextarea(attrs: Map<string, string>, body: string, form: PageForm) {
  const name = attrs.get("name");
  if (!name || attrs.has("disabled")) return;
  form.visible.add(name);
  form.fields.push([name, decodeHtml(body).replace(/^\n/, "")]);
}

/** The ids the page's error summary links to (`<a href="#id">`). */
export function errorSummaryTargets(html: string): string[] {
  const summary = /<div[^>]*class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0];
  if (!summary) return [];
  return [...summary.matchAll(/<a href="#([^"]+)"/g)].map((m) => decodeHtml(m[1]));
}

export function hasErrorSummary(html: string): boolean {
  return html.includes('class="govuk-error-summary"');
}

/** Whether an element on the page has this id. */
export function hasElementWithId(html: string, id: string): boolean {
  const escaped = id.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  return html.includes(`id="${escaped}"`);
}

/** The text of the page's first heading. */
export function firstHeading(html: string): string {
  const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? "";
  return decodeHtml(h1.replace(/<[^>]+>/g, "")).trim();
}

/** The text of every <title> in the page's head (an SVG in the body has its own); a page has exactly one. */
export function titles(html: string): string[] {
  const head = /<head\b[\s\S]*?<\/head>/.exec(html)?.[0] ?? "";
  return [...head.matchAll(/<title\b[^>]*>([\s\S]*?)<\/title>/g)].map((m) => decodeHtml(m[1].replace(/<!--[\s\S]*?-->/g, "")).trim());
}
