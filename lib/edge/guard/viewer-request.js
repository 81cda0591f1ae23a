// signed-share edge guard (docs/revocation.md): every URL the product signs carries its link id as
// the query parameter `l`; this viewer-request function refuses a request whose id is missing,
// malformed or in the revocation KeyValueStore, and otherwise returns the request unchanged.
// CloudFront Functions runtime cloudfront-js-2.0; the local edge runs this same file. Keep it to the
// language that runtime supports (test/edge/guard-function.test.ts checks it).
import cf from 'cloudfront';

// infra/edge-guard.ts puts the stack's supportContact here at deploy time (HTML-escaped).
const SUPPORT_CONTACT = "the person who sent you the link";

// Until this instant (ms since 1970; 0: never) a request without `l`, from a link issued before link
// ids, passes on and its signature alone decides: the stack's legacyLinksUntil, local mode's
// SHARE_LEGACY_LINKS_UNTIL (docs/deploy.md#upgrading-a-stack-with-live-links).
const LEGACY_LINKS_UNTIL = 0;

const LINK_ID = /^[A-Za-z0-9_-]{22,128}$/;
const revoked = cf.kvs();

function refusal(statusCode, statusDescription, title, text, next) {
  const html = '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">' +
    '<meta name="robots" content="noindex"><title>' + title + '</title>' +
    '<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1f2328}' +
    'main{max-width:34rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:8px}</style></head>' +
    '<body><main><h1>' + title + '</h1><p>' + text + '</p><p>' + next + '</p></main></body></html>';
  return {
    statusCode: statusCode,
    statusDescription: statusDescription,
    headers: {
      'content-type': { value: 'text/html; charset=utf-8' },
      'cache-control': { value: 'no-store' },
    },
    body: { encoding: 'text', data: html },
  };
}

async function handler(event) {
  const request = event.request;
  const param = request.querystring ? request.querystring.l : undefined;
  if (!param && Date.now() < LEGACY_LINKS_UNTIL) return request;
  if (!param || (param.multiValue && param.multiValue.length > 1) || typeof param.value !== 'string' || !LINK_ID.test(param.value)) {
    return refusal(403, 'Forbidden', 'This link is not complete',
      'The address you followed is missing part of the link, or was changed.',
      'Open the link exactly as you received it, or ask ' + SUPPORT_CONTACT + ' for a new one.');
  }
  let isRevoked;
  try {
    isRevoked = await revoked.exists(param.value);
  } catch (error) {
    // Fail closed: without the revocation list nobody can say the link is still valid.
    return refusal(503, 'Service Unavailable', 'Please try again in a minute',
      'The link could not be checked just now.', 'Reload the page in a minute.');
  }
  if (isRevoked) {
    return refusal(403, 'Forbidden', 'This link has been withdrawn',
      'The sender withdrew this link, so its files can no longer be downloaded with it.',
      'Please ask ' + SUPPORT_CONTACT + ' for a new link if you still need them.');
  }
  return request;
}
