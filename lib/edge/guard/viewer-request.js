// signed-share edge guard (docs/revocation.md): every URL the product signs carries its link id as
// the query parameter `l`; this viewer-request function refuses a request whose query is not exactly
// what a link signs or whose id is in the revocation KeyValueStore, and otherwise returns the request
// unchanged. CloudFront Functions runtime cloudfront-js-2.0; the local edge runs this same file. Keep it
// to the language that runtime supports (test/edge/guard-function.test.ts checks it).
import cf from 'cloudfront';

// infra/edge-guard.ts puts the stack's supportContact here at deploy time (HTML-escaped).
const SUPPORT_CONTACT = "the person who sent you the link";

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
const STYLE = ':root{color-scheme:light dark}body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1f2328}' +
  'main{max-width:34rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002}' +
  'h1{font-size:1.35rem;margin-top:0}@media (prefers-color-scheme:dark){body{background:#14171c;color:#e6e9ee}main{background:#1d2229}}';
const PAGES = {
  notComplete: ['This link is not complete', 'The address you followed is missing part of the link, or was changed.',
    'Open the link exactly as you received it, or ask {contact} for a new one.'],
  withdrawn: ['This link has been withdrawn', 'The sender withdrew this link, so its files can no longer be downloaded with it.',
    'Please ask {contact} for a new link if you still need them.'],
  unavailable: ['Please try again in a minute', 'The link could not be checked just now.', 'Reload the page in a minute.'],
  expired: ['This link has expired or is not valid', 'The link you followed is not accepted. Links stop working when they expire or are withdrawn, and a link with a start time works only from then on.',
    'Please ask {contact} for a new link, or try again at the time you were given.'],
};

// The HTML of one page of PAGES; `contact` (already HTML-escaped) defaults to SUPPORT_CONTACT.
function refusalPage(name, contact) {
  const page = PAGES[name];
  const next = page[2].split('{contact}').join(contact === undefined ? SUPPORT_CONTACT : contact);
  return '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">' +
    '<meta name="robots" content="noindex"><title>' + page[0] + '</title><style>' + STYLE + '</style></head>' +
    '<body><main><h1>' + page[0] + '</h1><p>' + page[1] + '</p><p>' + next + '</p></main></body></html>';
}

function refusal(statusCode, statusDescription, name) {
  return {
    statusCode: statusCode,
    statusDescription: statusDescription,
    headers: {
      'content-type': { value: 'text/html; charset=utf-8' },
      'cache-control': { value: 'no-store' },
    },
    body: { encoding: 'text', data: refusalPage(name) },
  };
}

async function handler(event) {
  const request = event.request;
  const linkId = linkIdOf(request.querystring);
  // A legacy link's query has no `l` but, like every other, nothing besides the signing parameters.
  if (linkId === NO_LINK_ID && Date.now() < LEGACY_LINKS_UNTIL) return request;
  if (!linkId) return refusal(403, 'Forbidden', 'notComplete');
  let isRevoked;
  try {
    isRevoked = await revoked.exists(linkId);
  } catch (error) {
    // Fail closed: without the revocation list nobody can say the link is still valid.
    return refusal(503, 'Service Unavailable', 'unavailable');
  }
  if (isRevoked) return refusal(403, 'Forbidden', 'withdrawn');
  return request;
}
