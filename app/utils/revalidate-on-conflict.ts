import type { ShouldRevalidateFunction } from "@remix-run/react";

/**
 * A route's `shouldRevalidate` for a page whose action refuses with 409, "changed by someone else
 * meanwhile". After a 4xx answer Remix reloads none of the page's data, so with JavaScript the page went on
 * offering the form just refused (booking radios to someone whose endorsement was taken back, a decision
 * on ratings since changed), and sending it again was refused again. Without JavaScript the page is drawn
 * afresh from the data as it now is; after a 409 the loaders run again, so with JavaScript it is too. What
 * was typed comes back in the action's reply, which a reload keeps, not in the loader's data.
 */
export const revalidateOnConflict: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => actionStatus === 409 || defaultShouldRevalidate;
