// The CloudFront distribution that serves client files only through signed URLs, over HTTPS.
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import {
  ERROR_PAGE_KEY,
  ERROR_PAGE_ORIGIN_PATH,
  ERROR_PAGE_PATH,
  probeObjectKey,
} from "./bucket-layout";
import { CLIENT_FILE_HEADERS, INDEX_PAGE_PATH_PATTERN, pageHeaders, pagePathCsp } from "../lib/edge/response-headers";
import { REQUEST_API_METHODS, REQUEST_API_ORIGIN_PATH, REQUEST_API_PATH_PATTERN } from "../lib/edge/request-api-route";
import { renderExpiredLinkPage } from "./expired-link-page";
import type { PrivateBucket } from "./private-bucket";
import { responseHeadersPolicyArgs } from "./response-headers-policy";

export interface SignedDistributionArgs {
  bucket: PrivateBucket;
  originPrefix: string;
  keyGroupId: pulumi.Input<string>;
  priceClass: string;
  /** Whom to ask for a new link and the organisation, on the custom error page (stack settings). */
  supportContact?: string | undefined;
  organisationName?: string | undefined;
  /** ISO country codes allowed; empty: no geo restriction. */
  geoAllowlist: string[];
  webAclArn?: string;
  /** Custom host name and its issued us-east-1 certificate; absent: the *.cloudfront.net name and certificate. */
  customDomain?: { domainName: string; certificateArn: pulumi.Input<string> };
  /** IPv6 on the distribution (off: AWS advises against it for signed URLs with IP conditions). */
  ipv6: boolean;
  /** `<bucket>.s3.amazonaws.com` of the access-log bucket; absent: no standard logs. */
  logBucketDomainName?: pulumi.Input<string>;
  /** The log bucket's settings (ACLs on for log delivery): the distribution itself waits for them. */
  logBucketReady?: pulumi.Resource[];
  /** The revocation guard (edge-guard.ts), run on every signed behaviour as its viewer-request function. */
  viewerRequestFunctionArn: pulumi.Input<string>;
  /**
   * The portal's host name (portalDomainName, or the host of portalUrl): file requests' upload API on the
   * files host goes there (docs/requests.md#the-upload-api). Absent: no such behaviour, and file requests'
   * pages cannot send files through this distribution.
   */
  requestApiHost?: string;
  /** Where upload pages send parts (the bucket's S3 origin): allowed in the page paths' CSP. */
  uploadOrigin?: pulumi.Input<string>;
}

/** The policy's arguments with another Content-Security-Policy (one known only at `pulumi up`). */
function withContentSecurityPolicy(args: aws.cloudfront.ResponseHeadersPolicyArgs, csp: pulumi.Input<string>): aws.cloudfront.ResponseHeadersPolicyArgs {
  const security = args.securityHeadersConfig as aws.types.input.cloudfront.ResponseHeadersPolicySecurityHeadersConfig;
  return { ...args, securityHeadersConfig: { ...security, contentSecurityPolicy: { contentSecurityPolicy: csp, override: true } } };
}

const CLIENT_FILES_ORIGIN = "client-files";
const PORTAL_ORIGIN = "portal";
/** AWS managed policies (their ids are fixed): no caching at all; every viewer header, cookie and query string but Host. */
const MANAGED_CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const MANAGED_ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
const ERROR_PAGE_ORIGIN = "error-page";
const READ_ONLY_METHODS = ["GET", "HEAD"];

export class SignedDistribution extends pulumi.ComponentResource {
  readonly distribution: aws.cloudfront.Distribution;
  readonly distributionId: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly domainName: pulumi.Output<string>;
  readonly hostedZoneId: pulumi.Output<string>;

  constructor(name: string, args: SignedDistributionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("signed-share:cdn:SignedDistribution", name, {}, opts);
    const parent = { parent: this };
    const objectOpts = { parent: this, dependsOn: args.bucket.lockedDown };

    // CloudFront signs every request to S3 (SigV4), so the bucket can stay private.
    const originAccess = new aws.cloudfront.OriginAccessControl(
      `${name}-oac`,
      {
        description: "signed-share: CloudFront reads the private bucket",
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      },
      parent,
    );

    // One cached copy per object: the signing parameters (Expires, Policy, Signature, Key-Pair-Id) and any
    // other query string, header or cookie stay out of the cache key and are never forwarded to S3.
    // Index pages are stored with `no-store` and so are never cached.
    const cachePolicy = new aws.cloudfront.CachePolicy(
      `${name}-cache`,
      {
        comment: "signed-share: cache by path only",
        minTtl: 0,
        defaultTtl: 3600,
        maxTtl: 86400,
        parametersInCacheKeyAndForwardedToOrigin: {
          queryStringsConfig: { queryStringBehavior: "none" },
          headersConfig: { headerBehavior: "none" },
          cookiesConfig: { cookieBehavior: "none" },
          enableAcceptEncodingGzip: true,
          enableAcceptEncodingBrotli: true,
        },
      },
      parent,
    );

    // Browser protections on every response (lib/edge/response-headers.ts, also sent by the local edge): HTTPS
    // only, no MIME sniffing, no Referer (signed URLs must not leak to other sites), no framing, no indexing.
    // Client files are sandboxed: never active content on this origin.
    const responseHeaders = new aws.cloudfront.ResponseHeadersPolicy(
      `${name}-security-headers`,
      responseHeadersPolicyArgs(CLIENT_FILE_HEADERS, "signed-share: client files (CSP sandbox), HSTS, nosniff, no-referrer, frame deny, noindex"),
      parent,
    );
    // Index pages: a strict Content-Security-Policy that lets only the page's own inline script and style run.
    const indexPageHeaders = new aws.cloudfront.ResponseHeadersPolicy(
      `${name}-index-page-headers`,
      withContentSecurityPolicy(
        responseHeadersPolicyArgs(pageHeaders(), "signed-share: link index and upload pages (strict CSP), HSTS, nosniff, no-referrer, frame deny, noindex"),
        // Upload pages send parts straight to the bucket: its origin is allowed in connect-src.
        pulumi.output(args.uploadOrigin).apply((origin) => pagePathCsp(origin)),
      ),
      parent,
    );

    // The friendly page shown for every 403 (expired, revoked, tampered or unsigned link).
    new aws.s3.BucketObjectv2(
      `${name}-expired-link-page`,
      {
        bucket: args.bucket.bucketName,
        key: ERROR_PAGE_KEY,
        content: renderExpiredLinkPage({ contact: args.supportContact, organisation: args.organisationName }),
        contentType: "text/html; charset=utf-8",
        cacheControl: "public, max-age=300",
      },
      objectOpts,
    );

    // A small file the rotation tool requests through the edge to see which keys it accepts.
    new aws.s3.BucketObjectv2(
      `${name}-rotation-probe`,
      {
        bucket: args.bucket.bucketName,
        key: probeObjectKey(args.originPrefix),
        content: "signed-share edge probe\n",
        contentType: "text/plain; charset=utf-8",
        cacheControl: "no-store",
      },
      objectOpts,
    );

    const httpsAndSecurityHeaders = {
      viewerProtocolPolicy: "https-only",
      allowedMethods: READ_ONLY_METHODS,
      cachedMethods: READ_ONLY_METHODS,
      cachePolicyId: cachePolicy.id,
      responseHeadersPolicyId: responseHeaders.id,
      compress: true,
    };
    // Signed behaviours run the revocation guard, on cache hits too: a revoked link's URLs are refused
    // even while CloudFront holds their objects.
    const signedAndGuarded = {
      trustedKeyGroups: [args.keyGroupId],
      functionAssociations: [{ eventType: "viewer-request", functionArn: args.viewerRequestFunctionArn }],
    };

    // The distribution: every path needs a signature from a key in the key group, except the one
    // expired-link page (see bucket-layout.ts for why nothing else is reachable without one).
    this.distribution = new aws.cloudfront.Distribution(
      name,
      {
        enabled: true,
        comment: `signed-share ${pulumi.getStack()}`,
        isIpv6Enabled: args.ipv6,
        httpVersion: "http2and3",
        priceClass: args.priceClass,
        aliases: args.customDomain === undefined ? [] : [args.customDomain.domainName],
        webAclId: args.webAclArn,
        origins: [
          {
            originId: CLIENT_FILES_ORIGIN,
            domainName: args.bucket.regionalDomainName,
            originPath: `/${args.originPrefix}`,
            originAccessControlId: originAccess.id,
          },
          {
            originId: ERROR_PAGE_ORIGIN,
            domainName: args.bucket.regionalDomainName,
            originPath: ERROR_PAGE_ORIGIN_PATH,
            originAccessControlId: originAccess.id,
          },
          ...(args.requestApiHost === undefined
            ? []
            : [
                {
                  originId: PORTAL_ORIGIN,
                  domainName: args.requestApiHost,
                  // The portal answers the upload API under this prefix, apart from its own routes.
                  originPath: REQUEST_API_ORIGIN_PATH,
                  customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
                },
              ]),
        ],
        defaultCacheBehavior: {
          ...httpsAndSecurityHeaders,
          targetOriginId: CLIENT_FILES_ORIGIN,
          ...signedAndGuarded,
        },
        orderedCacheBehaviors: [
          {
            ...httpsAndSecurityHeaders,
            pathPattern: ERROR_PAGE_PATH,
            targetOriginId: ERROR_PAGE_ORIGIN,
          },
          // File requests' upload API (docs/requests.md#the-upload-api), before the pages' pattern that also
          // matches it: signed by the request link (CloudFront checks signature and expiry), guarded (one l,
          // not revoked), never cached, forwarded with its query and body to the portal, which checks again.
          ...(args.requestApiHost === undefined
            ? []
            : [
                {
                  ...httpsAndSecurityHeaders,
                  pathPattern: REQUEST_API_PATH_PATTERN,
                  targetOriginId: PORTAL_ORIGIN,
                  allowedMethods: REQUEST_API_METHODS,
                  compress: false,
                  cachePolicyId: MANAGED_CACHING_DISABLED,
                  originRequestPolicyId: MANAGED_ALL_VIEWER_EXCEPT_HOST,
                  ...signedAndGuarded,
                },
              ]),
          // The link index pages: signed like every client file, with their own headers.
          {
            ...httpsAndSecurityHeaders,
            pathPattern: INDEX_PAGE_PATH_PATTERN,
            targetOriginId: CLIENT_FILES_ORIGIN,
            ...signedAndGuarded,
            responseHeadersPolicyId: indexPageHeaders.id,
          },
        ],
        customErrorResponses: [
          // Keep the 403 status (tools and scripts see the denial) but show the page; never cache the error,
          // so a link that becomes valid (start time) or a fixed key works at once.
          { errorCode: 403, responseCode: 403, responsePagePath: ERROR_PAGE_PATH, errorCachingMinTtl: 0 },
          // A revoked link's page is deleted: S3 answers 404, and the client sees the same page.
          { errorCode: 404, responseCode: 404, responsePagePath: ERROR_PAGE_PATH, errorCachingMinTtl: 0 },
        ],
        restrictions: {
          geoRestriction:
            args.geoAllowlist.length === 0
              ? { restrictionType: "none" }
              : { restrictionType: "whitelist", locations: args.geoAllowlist },
        },
        viewerCertificate:
          args.customDomain === undefined
            ? { cloudfrontDefaultCertificate: true }
            : {
                acmCertificateArn: args.customDomain.certificateArn,
                sslSupportMethod: "sni-only",
                minimumProtocolVersion: "TLSv1.2_2021",
              },
        loggingConfig:
          args.logBucketDomainName === undefined
            ? undefined
            : { bucket: args.logBucketDomainName, prefix: "cloudfront/", includeCookies: false },
      },
      // On the distribution itself: a component's dependsOn does not reach its children.
      { parent: this, dependsOn: args.logBucketReady ?? [] },
    );

    this.distributionId = this.distribution.id;
    this.arn = this.distribution.arn;
    this.domainName = this.distribution.domainName;
    this.hostedZoneId = this.distribution.hostedZoneId;
    this.registerOutputs({ distributionId: this.distributionId, domainName: this.domainName });
  }
}
