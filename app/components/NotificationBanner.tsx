import type { ReactNode } from "react";

/**
 * GOV.UK's notification banner. A success banner, or one that tells the user what came of what they just
 * did (`outcome`: a job already running, say), is announced as it appears (role "alert"), as GOV.UK
 * advises; any other is a region.
 */
export function NotificationBanner({ title, success, outcome, children }: { title: string; success?: boolean; outcome?: boolean; children: ReactNode }) {
  return (
    <div className={`govuk-notification-banner${success ? " govuk-notification-banner--success" : ""}`} role={success || outcome ? "alert" : "region"} aria-labelledby="notification-banner-title">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="notification-banner-title">
          {title}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

/** The green "done" banner after a change, with its one-line message; nothing when there is no message. */
export function SuccessBanner({ title, message }: { title: string; message: string | null | false | undefined }) {
  if (!message) return null;
  return (
    <NotificationBanner title={title} success>
      <p className="govuk-notification-banner__heading">{message}</p>
    </NotificationBanner>
  );
}
