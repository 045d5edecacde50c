import { data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Scripts, ScrollRestoration, isRouteErrorResponse, useMatches, useRouteError, useRouteLoaderData, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { Layout } from "./components/Layout";
import { navigationFor } from "./services/navigation.server";
import { readSession } from "./utils/auth.server";
import { useCspNonce } from "./utils/csp-nonce";
import { env } from "./utils/env.server";
import { fixedT, localeCookie, localeOf } from "./utils/i18n.server";
import { pageTitle } from "./utils/meta";
import { useRefusedForm } from "./utils/refused-form";
import { DEFAULT_LOCALE, isSupportedLocale } from "./utils/i18n";

export const handle = { i18n: "common" };

// No favicon of our own yet: an empty one stops browsers asking for /favicon.ico.
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/main.css" },
  { rel: "icon", href: "data:," },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await localeOf(request);
  const session = await readSession(request);
  const headers = new Headers();
  // ?lng= switches language; the cookie keeps the choice (a preference, not data we hold).
  const asked = new URL(request.url).searchParams.get("lng");
  if (isSupportedLocale(asked)) headers.append("Set-Cookie", await localeCookie.serialize(asked));
  if (session?.setCookie) headers.append("Set-Cookie", session.setCookie);
  const nav = session ? await navigationFor(session.user, locale) : [];
  const serviceName = fixedT(locale)("layout.serviceName");
  return data({ locale, nav, serviceName, signedIn: Boolean(session), demo: env.isDemo }, { headers });
}

function Document({ locale, title, children }: { locale: string; title?: string; children: React.ReactNode }) {
  const nonce = useCspNonce();
  return (
    <html lang={locale} dir="ltr" className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b0c0c" />
        {/* One <title>: a page's own comes from its meta, an error's or a refusal's from here. */}
        {title ? <title>{title}</title> : <Meta />}
        <Links />
      </head>
      <body className="govuk-template__body">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** "Error: " and the page's title when the page answers a refused form; otherwise the page's meta gives it. */
function useRefusalTitle(): string | undefined {
  const refused = useRefusedForm();
  const matches = useMatches();
  const { t } = useTranslation();
  return refused ? `${t("forms.errorPrefix")} ${pageTitle(matches[matches.length - 1]?.data, matches)}` : undefined;
}

export default function App() {
  const { locale, nav, signedIn } = useRouteLoaderData<typeof loader>("root")!;
  useChangeLanguage(locale);
  const refusalTitle = useRefusalTitle();
  return (
    <Document locale={locale} title={refusalTitle}>
      <Layout locale={locale} nav={nav} signedIn={signedIn}>
        <Outlet />
      </Layout>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData<typeof loader>("root");
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = status === 404 ? "notFound" : status === 403 ? "forbidden" : status === 405 ? "methodNotAllowed" : status === 409 ? "conflict" : status === 413 ? "tooLarge" : status === 503 ? "storageUnavailable" : "serverError";
  // A 503 was logged, with its cause, where the storage failure was recognised (storage-failure.server.ts).
  if (status >= 500 && status !== 503) console.error(error);
  return (
    <Document locale={root?.locale ?? DEFAULT_LOCALE} title={`${t(`errors.${kind}.title`)} – ${t("layout.serviceName")}`}>
      <Layout locale={root?.locale ?? DEFAULT_LOCALE} nav={root?.nav ?? []} signedIn={root?.signedIn ?? false}>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h1 className="govuk-heading-l">{t(`errors.${kind}.title`)}</h1>
            <p className="govuk-body">{t(`errors.${kind}.body`)}</p>
            <p className="govuk-body">
              <a className="govuk-link" href="/">
                {t("errors.home")}
              </a>
            </p>
          </div>
        </div>
      </Layout>
    </Document>
  );
}
