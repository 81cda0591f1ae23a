// signed-share edge guard (docs/revocation.md): every URL the product signs carries its link id as
// the query parameter `l`; this viewer-request function refuses a request whose query is not exactly
// what a link signs or whose id is in the revocation KeyValueStore, and otherwise returns the request
// unchanged. CloudFront Functions runtime cloudfront-js-2.0; the local edge runs this same file. Keep it
// to the language that runtime supports (test/edge/guard-function.test.ts checks it).
import cf from 'cloudfront';

// The words of the pages below by language (the first: where Accept-Language names none we have), HTML,
// `{contact}` where the contact goes. infra/edge-guard.ts and the local edge write every language of the
// message catalogs here (lib/edge/guard/refusal-texts.ts); alone, the file has English.
const PAGES = {"en":{"contact":"the person who sent you the link","notComplete":["This link is not complete","The address you followed is missing part of the link, or was changed.","Open the link exactly as you received it, or ask {contact} for a new one."],"withdrawn":["This link has been withdrawn","The sender withdrew this link, so its files can no longer be downloaded with it.","Please ask {contact} for a new link if you still need them."],"unavailable":["Please try again in a minute","The link could not be checked just now.","Reload the page in a minute. If this keeps happening, tell {contact}."],"expired":["This link is not valid at this time","Each link works only during the time it was issued for: this one is not valid yet, or no longer valid, or its address was changed.","If you were told when it starts working, try again then. Otherwise ask {contact} for a new link."]}};
// The stack's supportContact and organisationName, plain text; an empty contact is each language's `contact`.
const CONTACT = "";
const ORGANISATION = "";

// Until this instant (ms since 1970; 0: never) a request without `l`, from a link issued before link
// ids, passes on and its signature alone decides: the stack's legacyLinksUntil, local mode's
// SHARE_LEGACY_LINKS_UNTIL (docs/deploy.md#upgrading-a-stack-with-live-links).
const LEGACY_LINKS_UNTIL = 0;

const revoked = cf.kvs();

// The query rule (docs/revocation.md, "Exactly one l"): exactly one `l` holding a link id, and
// otherwise only CloudFront's signing parameters, each once and in its own form. In a policy Resource
// `?` matches any one character, so a folder link's `<folder>/*?l=<id>` also accepts a query that
// merely ends in `xl=<id>`; with this rule no parameter but `l` can end that way (no value allowed
// here holds "="), so the `l` read below is the one the signature covers. Download attribution applies
// this same function to logged queries (lib/edge/guard/query-rule.ts).
const LINK_ID = /^[A-Za-z0-9_-]{22,128}$/;
const SIGNING_PARAMS = {
  'Expires': /^[0-9]{1,12}$/,
  'Policy': /^[A-Za-z0-9_~%-]+$/,
  'Signature': /^[A-Za-z0-9_~%-]+$/,
  'Key-Pair-Id': /^[A-Za-z0-9_-]+$/,
  'Hash-Algorithm': /^SHA(1|256)$/,
};
// What linkIdOf answers for a query the rule allows that has no `l` at all.
const NO_LINK_ID = '';

// The link id of a query the rule allows; NO_LINK_ID when it allows it but there is no `l`; else null.
function linkIdOf(querystring) {
  const names = Object.keys(querystring || {});
  let id = NO_LINK_ID;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const param = querystring[name];
    if (!param || typeof param.value !== 'string' || (param.multiValue && param.multiValue.length > 1)) return null;
    if (name === 'l') {
      if (!LINK_ID.test(param.value)) return null;
      id = param.value;
    } else if (!Object.prototype.hasOwnProperty.call(SIGNING_PARAMS, name) || !SIGNING_PARAMS[name].test(param.value)) {
      return null;
    }
  }
  return id;
}

// Every page the edge generates: this function's refusals, and the custom error page for an expired or
// not yet valid link (infra/expired-link-page.ts and the local edge render it with refusalPage). One
// style, light and dark; the index pages' CSP allows it by hash (lib/edge/response-headers.ts), so a
// refusal served on a page path renders styled too.
const STYLE = ':root{color-scheme:light dark}body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1f2328;overflow-wrap:anywhere}' +
  'main{max-width:34rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002}' +
  'h1{font-size:1.35rem;margin-top:0}h2{font-size:1.1rem}.org{font-weight:600;color:#57606a;margin-top:0}section{border-top:1px solid #8885;margin-top:1.5rem}' +
  '@media (prefers-color-scheme:dark){body{background:#14171c;color:#e6e9ee}main{background:#1d2229}.org{color:#a8b1bb}}';

// The language of an Accept-Language header: the language of PAGES with the highest weight, the earlier on
// a tie, else the first of PAGES. lib/i18n/catalog.ts (negotiateLanguage) is the same rule, kept equal by a test.
const LANGUAGE_RANGE = /^\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*[qQ]\s*=\s*([01](?:\.[0-9]{0,3})?))?\s*$/;
function languageOf(headers) {
  const header = headers && headers['accept-language'];
  let best = Object.keys(PAGES)[0];
  let bestWeight = 0;
  if (!header || typeof header.value !== 'string') return best;
  const ranges = header.value.slice(0, 1000).split(',');
  for (let i = 0; i < ranges.length; i++) {
    const match = LANGUAGE_RANGE.exec(ranges[i]);
    if (!match) continue;
    const language = match[1].toLowerCase();
    const weight = match[2] === undefined ? 1 : Math.min(1, Number(match[2]));
    if (Object.prototype.hasOwnProperty.call(PAGES, language) && weight > bestWeight) {
      best = language;
      bestWeight = weight;
    }
  }
  return best;
}

// The HTML of page `name` in `languages` (codes of PAGES): the first as the page, each other one below it in
// a section of its own (the custom error page, which CloudFront serves the same to every viewer, has them all).
function refusalPage(name, languages) {
  const first = PAGES[languages[0]][name];
  let body = ORGANISATION ? '<p class="org">' + html(ORGANISATION) + '</p>' : '';
  for (let i = 0; i < languages.length; i++) {
    const page = PAGES[languages[i]][name];
    const next = page[2].split('{contact}').join(CONTACT ? html(CONTACT) : PAGES[languages[i]].contact);
    const h = i ? 'h2' : 'h1';
    body += (i ? '<section lang="' + languages[i] + '">' : '') + '<' + h + '>' + page[0] + '</' + h + '><p>' + page[1] + '</p><p>' + next + '</p>' + (i ? '</section>' : '');
  }
  return '<!doctype html><html lang="' + languages[0] + '"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">' +
    '<meta name="robots" content="noindex"><title>' + first[0] + '</title><style>' + STYLE + '</style></head>' +
    '<body><main>' + body + '</main></body></html>';
}

function html(text) {
  return text.replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
}

function refusal(request, statusCode, statusDescription, name) {
  return {
    statusCode: statusCode,
    statusDescription: statusDescription,
    headers: {
      'content-type': { value: 'text/html; charset=utf-8' },
      'cache-control': { value: 'no-store' },
    },
    body: { encoding: 'text', data: refusalPage(name, [languageOf(request.headers)]) },
  };
}

async function handler(event) {
  const request = event.request;
  const linkId = linkIdOf(request.querystring);
  // A legacy link's query has no `l` but, like every other, nothing besides the signing parameters.
  if (linkId === NO_LINK_ID && Date.now() < LEGACY_LINKS_UNTIL) return request;
  if (!linkId) return refusal(request, 403, 'Forbidden', 'notComplete');
  let isRevoked;
  try {
    isRevoked = await revoked.exists(linkId);
  } catch (error) {
    // Fail closed: without the revocation list nobody can say the link is still valid.
    return refusal(request, 503, 'Service Unavailable', 'unavailable');
  }
  if (isRevoked) return refusal(request, 403, 'Forbidden', 'withdrawn');
  return request;
}
