/**
 * The product's icon: a document with a link badge, in one colour. The portal serves it as
 * /static/favicon.svg; client pages carry it inline (a data: URI), because the edge serves only
 * signed URLs and a browser's own request for /favicon.ico would be refused.
 */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  '<rect width="32" height="32" rx="6" fill="#1d4f91"/>' +
  '<path d="M10 7h8l5 5v13H10z" fill="#fff"/>' +
  '<path d="M18 7v5h5" fill="#c4dafa"/>' +
  '<circle cx="16.5" cy="19" r="3.2" fill="none" stroke="#1d4f91" stroke-width="1.8"/>' +
  "</svg>";

/** The icon as a data: URI for a <link rel="icon" href="...">: no request leaves the page. */
export const faviconDataUri = `data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}`;
