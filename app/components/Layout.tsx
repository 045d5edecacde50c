import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

interface LayoutProps {
  locale: string;
  nav: { href: string; label: string }[];
  signedIn: boolean;
  children: ReactNode;
}

function languageHref(pathname: string, search: string, lng: string) {
  const params = new URLSearchParams(search);
  params.set("lng", lng);
  return `${pathname}?${params.toString()}`;
}

export function Layout({ locale, nav, signedIn, children }: LayoutProps) {
  const { t } = useTranslation();
  const location = useLocation();
  const otherLocale = locale === "cy" ? "en-GB" : "cy";
  const within = (href: string) => location.pathname === href || location.pathname.startsWith(`${href}/`);
  // Only the closest entry is the current page: on /me/cpd that is "My CPD record", not "My record" too.
  const current = nav.filter((item) => within(item.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  const isCurrent = (href: string) => href === current;
  return (
    <>
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        {t("layout.skipLink")}
      </a>
      <header className="govuk-header" data-module="govuk-header">
        <div className="govuk-header__container govuk-width-container">
          <div className="govuk-header__logo">
            <Link to="/" className="govuk-header__link govuk-header__link--homepage">
              <span className="govuk-header__logotype-text">{t("layout.serviceName")}</span>
            </Link>
          </div>
          <div className="govuk-header__content pathways-header__tools">
            <a className="govuk-header__link" href={languageHref(location.pathname, location.search, otherLocale)} lang={otherLocale} hrefLang={otherLocale}>
              {t("layout.switchLanguage")}
            </a>
            {signedIn ? (
              <Form method="post" action="/logout" className="pathways-header__signout">
                <button type="submit" className="pathways-header__signout-button">
                  {t("layout.signOut")}
                </button>
              </Form>
            ) : null}
          </div>
        </div>
      </header>
      {nav.length > 0 ? (
        <section className="govuk-service-navigation" data-module="govuk-service-navigation">
          <div className="govuk-width-container">
            <div className="govuk-service-navigation__container">
              <nav aria-label={t("layout.navLabel")} className="govuk-service-navigation__wrapper">
                <ul className="govuk-service-navigation__list" id="navigation">
                  {nav.map((item) => (
                    <li key={item.href} className={`govuk-service-navigation__item${isCurrent(item.href) ? " govuk-service-navigation__item--active" : ""}`}>
                      <Link className="govuk-service-navigation__link" to={item.href} aria-current={isCurrent(item.href) ? "page" : undefined}>
                        {isCurrent(item.href) ? <strong className="govuk-service-navigation__active-fallback">{item.label}</strong> : item.label}
                      </Link>
                    </li>
                  ))}
                </ul>
              </nav>
            </div>
          </div>
        </section>
      ) : null}
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content" role="main">
          {children}
        </main>
      </div>
      <footer className="govuk-footer">
        <div className="govuk-width-container">
          <div className="govuk-footer__meta">
            <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <h2 className="govuk-visually-hidden">{t("layout.footerLinks")}</h2>
              <ul className="govuk-footer__inline-list">
                <li className="govuk-footer__inline-list-item">
                  <Link className="govuk-footer__link" to="/accessibility">
                    {t("layout.accessibility")}
                  </Link>
                </li>
              </ul>
              <p className="govuk-body-s pathways-footer__text">{t("layout.footerText")}</p>
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}
