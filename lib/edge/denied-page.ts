import { guardFunctionSource } from "./guard/guard-source.js";
import { evaluateGuard, NO_STORE } from "./guard/guard-vm.js";

/**
 * What a browser shows for a denied link in local mode: the custom error page the production
 * distribution serves (infra/expired-link-page.ts), from the guard file's one page template.
 */
export const deniedPageHtml = evaluateGuard(guardFunctionSource(), NO_STORE).refusalPage("expired");
