// The Content-Security-Policy nonce of the request being rendered. The HTTP layer makes a fresh one for
// each response and names it in the policy; Remix's inline hydration scripts carry it, so the policy
// needs no 'unsafe-inline'. In the browser the value is never read back (browsers hide nonces), so the
// empty default is what the client renders with.
import { createContext, useContext } from "react";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string;
  }
}

export const CspNonceContext = createContext("");

export const useCspNonce = () => useContext(CspNonceContext);
