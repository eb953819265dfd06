import { createContext, useContext } from "react";

/**
 * The per-request CSP nonce (entry.server.tsx makes it). Only the server render knows it; in the
 * browser the value is "" (browsers hide nonce attributes from scripts, so nothing to hydrate).
 */
const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
