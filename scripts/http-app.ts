// The HTTP layer around the Remix build: static files, security headers, and the cross-site request
// check that every non-GET request passes before any route sees it.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import { CLIENT_ADDRESS_HEADER, isSafeMethod, isSameOriginRequest } from "../app/utils/origin.server";
import { DEFAULT_LOCALE, type Locale } from "../app/utils/i18n";
import { coreErrorBody, requestedLocale, withRequestLanguage } from "../app/utils/request-language.server";
import { withRequestMemo } from "../app/utils/request-memo.server";
import { projectRoot as root } from "./lib/project-root";

export async function loadBuild(): Promise<ServerBuild> {
  return import(pathToFileURL(path.join(root, "build/server/index.js")).href);
}

/** The policy for one response: Remix's inline hydration scripts run only because they carry its nonce. */
export function contentSecurityPolicy(nonce: string) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

function securityHeaders(_req: Request, res: Response, next: NextFunction) {
  // A fresh nonce per response, so a script injected into one page cannot guess it.
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  if (process.env.NODE_ENV === "production") res.setHeader("Strict-Transport-Security", "max-age=31536000");
  next();
}

function refuseCrossSite(trustedOrigins: string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isSafeMethod(req.method)) return next();
    const headers = { get: (name: string) => req.get(name) ?? null };
    if (isSameOriginRequest(headers, req.get("host") ?? "", trustedOrigins)) return next();
    // In the language the person's pages are in, though the build (which finds it for a page) never sees the request.
    void languageOf(req).then((locale) => res.status(403).type("text/plain; charset=utf-8").send(coreErrorBody("crossSite", locale)));
  };
}

/**
 * The request's language, found as the build finds it. The refusal must go out whatever the request
 * holds, so one whose address or headers it cannot be read from is refused in English.
 */
async function languageOf(req: Request): Promise<Locale> {
  try {
    return await requestedLocale(asFetchRequest(req));
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** Enough of the request, as the build would see it, to find its language: the query and the headers. */
function asFetchRequest(req: Request): globalThis.Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of [value ?? []].flat()) headers.append(name, one);
  }
  return new globalThis.Request(new URL(req.originalUrl, "http://pathways.invalid"), { headers });
}

function recordClientAddress(req: Request, _res: Response, next: NextFunction) {
  req.headers[CLIENT_ADDRESS_HEADER.toLowerCase()] = req.ip ?? req.socket.remoteAddress ?? "unknown";
  next();
}

/**
 * A route that answers before reading the whole body (a 404 for a record that does not exist, a form
 * refused as too large) leaves the rest unread, and the connection stalls behind it: the next request
 * sent on it is never read, and the client sees the connection reset. Once the answer is sent, drop the
 * rest, as Node itself does for a body nobody began to read.
 */
function discardUnreadBody(req: Request, res: Response, next: NextFunction) {
  res.on("finish", () => {
    if (req.complete) return;
    req.removeAllListeners("data");
    req.resume();
  });
  next();
}

/**
 * An address with a broken percent escape (`/team/%`) names no page: Express cannot decode it to match a
 * route, so Remix never sees it, and Express's own handler answered "Bad Request" in English and printed
 * a stack trace for each one. Answer it as the page not found it is, in the person's language.
 */
function refuseUndecodableAddress(error: unknown, req: Request, res: Response, next: NextFunction) {
  if (!(error instanceof URIError) || res.headersSent) return next(error);
  void languageOf(req).then((locale) => res.status(404).type("text/plain; charset=utf-8").send(coreErrorBody("notFound", locale)));
}

/** Lets the build close what it holds open (its database pool). */
export async function shutdownBuild(build: ServerBuild) {
  const entry = build.entry.module as { shutdown?: () => Promise<void> };
  await entry.shutdown?.();
}

export function createHttpApp(build: ServerBuild, options: { trustedOrigins?: string[]; trustProxy?: boolean | number | string } = {}) {
  const app = express();
  app.disable("x-powered-by");
  if (options.trustProxy !== undefined) app.set("trust proxy", options.trustProxy);
  app.use(securityHeaders);
  app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
  app.use("/styles", express.static(path.join(root, "build/client/styles"), { maxAge: "1h" }));
  app.use(refuseCrossSite(options.trustedOrigins ?? []));
  app.use(recordClientAddress);
  app.use(discardUnreadBody);
  const remix = createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }) });
  // Only a request that changes nothing shares reads between its parts (ADR 0010): a form posted without
  // JavaScript runs its action and then the page's loaders in one request, and they must see the change.
  // Every request has room for its language, so an error a route throws is worded in it.
  app.all("*", (req, res, next) =>
    withRequestLanguage(() => (isSafeMethod(req.method) ? withRequestMemo(() => remix(req, res, next), (forget) => res.once("close", forget)) : remix(req, res, next))),
  );
  app.use(refuseUndecodableAddress);
  return app;
}
