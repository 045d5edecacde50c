import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { Button } from "../components/Button";
import { useTranslation } from "react-i18next";
import { NotificationBanner } from "../components/NotificationBanner";
import { Pagination } from "../components/Pagination";
import { PersonRecord } from "../components/PersonRecord";
import { ReadinessList, ReadinessScore } from "../components/ReadinessList";
import { WidgetCard } from "../components/WidgetCard";
import { openNoticesPage } from "../services/notices.server";
import { personRecord } from "../services/person-view.server";
import { formatValues, readinessFor, readinessScore } from "../services/readiness.server";
import { widgetsFor } from "../services/widgets.server";
import { authorize } from "../utils/guard.server";
import { notFound } from "../utils/http.server";
import { fixedT } from "../utils/i18n.server";
import { pageMeta } from "../utils/meta";
import { askedPage } from "../utils/paging.server";

export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorize(request, "me.view");
  const [person, readiness, widgets, notices] = await Promise.all([
    personRecord(viewer.personId, locale),
    readinessFor([viewer.personId], locale),
    widgetsFor("me", viewer, [viewer.personId], locale),
    // Notices are the page's one paged list: `?page` pages through them.
    openNoticesPage(viewer.personId, askedPage(new URL(request.url).searchParams)),
  ]);
  if (!person) notFound();
  // Dates stored as written (2026-11-02) read as the rest of the page writes them (2 November 2026).
  const shown = notices.notices.map((n) => ({ id: n.id, text: fixedT(locale, n.source)(n.key, formatValues(n.values, locale)), href: n.href }));
  const items = readiness.get(viewer.personId) ?? [];
  return { title: t("me.title"), person, readiness: items, score: readinessScore(items), widgets, notices: shown, noticesPage: { total: notices.total, page: notices.page, pageCount: notices.pageCount, from: notices.from, to: notices.to } };
}

export default function Me() {
  const { t } = useTranslation();
  const { person, readiness, score, widgets, notices, noticesPage } = useLoaderData<typeof loader>();
  const location = useLocation();
  // More than a page of notices: the banner says how many and pages to the rest, rather than leaving them out.
  const paged = noticesPage.pageCount > 1;
  return (
    <>
      {notices.length > 0 ? (
        <NotificationBanner title={t("notices.title")}>
          {paged ? <p className="govuk-body">{t("notices.showing", { from: noticesPage.from, to: noticesPage.to, total: noticesPage.total })}</p> : null}
          <ul className="govuk-list">
            {notices.map((n) => (
              <li key={n.id} className="pathways-notice">
                <p className="govuk-notification-banner__heading">{n.href ? <a className="govuk-notification-banner__link" href={n.href}>{n.text}</a> : n.text}</p>
                <Form method="post" action={`/me/notices/${n.id}`}>
                  {/* Dismissing goes back to this page of notices, not the first. */}
                  <input type="hidden" name="page" value={noticesPage.page} />
                  <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                    {t("notices.dismiss")}
                    <span className="govuk-visually-hidden">: {n.text}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
          {paged ? <Pagination page={noticesPage.page} pageCount={noticesPage.pageCount} search={location.search} of={t("notices.listName")} /> : null}
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{t("me.caption")}</span>
      <h1 className="govuk-heading-l">
        {person.given_name} {person.family_name}
      </h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">{t("me.record")}</h2>
          <PersonRecord person={person} />
          <h2 className="govuk-heading-m">{t("me.readiness")}</h2>
          <ReadinessScore score={score} />
          <ReadinessList items={readiness} />
          {widgets.map((w) => (
            <WidgetCard key={w.id} widget={w} />
          ))}
        </div>
        <div className="govuk-grid-column-one-third">
          <h2 className="govuk-heading-s">{t("me.yourData")}</h2>
          <p className="govuk-body-s">{t("me.yourDataHint")}</p>
          <Form method="post" action="/me/export" reloadDocument>
            <Button variant="secondary">{t("me.downloadData")}</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
