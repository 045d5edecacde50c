import type { ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "warning";

export function Button({ variant = "primary", className, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  const variantClass = variant === "primary" ? "" : ` govuk-button--${variant}`;
  return <button type="submit" className={`govuk-button${variantClass}${className ? ` ${className}` : ""}`} data-module="govuk-button" {...props} />;
}
