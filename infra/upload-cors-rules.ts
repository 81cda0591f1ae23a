// The bucket's CORS rules for browser uploads, apart from Pulumi so that tests can hold a browser
// against exactly these rules (test/support/cors-proxy.ts applies them in front of the S3 emulator).

/**
 * One S3 CORS rule, spelled as aws.s3.BucketCorsConfiguration's corsRules. `Origin` is a string, or
 * in the Pulumi program an Input<string> (a deployed portal's address is known only at `pulumi up`).
 */
export interface CorsRule<Origin = string> {
  id: string;
  allowedOrigins: Origin[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds: number;
}

/**
 * PUT from the portal's origin only; ETag exposed, because completing a multipart upload needs each part's
 * ETag. With `filesOrigin`, file requests' upload pages (served by the files host) may PUT parts too.
 */
export function uploadCorsRules<Origin>(portalOrigin: Origin | undefined, filesOrigin?: Origin): CorsRule<Origin>[] {
  const rule = (id: string, origin: Origin): CorsRule<Origin> => ({
    id,
    allowedOrigins: [origin],
    allowedMethods: ["PUT"],
    allowedHeaders: ["content-type"],
    exposeHeaders: ["ETag"],
    maxAgeSeconds: 3600,
  });
  return [...(portalOrigin === undefined ? [] : [rule("portal-uploads", portalOrigin)]), ...(filesOrigin === undefined ? [] : [rule("request-uploads", filesOrigin)])];
}
