// Helpers the Research in Practice tests share.

/** A POST of form fields, as a browser sends one. */
export const form = (fields: Record<string, string> | [string, string][]) => ({ method: "POST", body: new URLSearchParams(fields) });

