import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { CsrfField } from "./csrf-field.js";
import type { SessionUser } from "../env.js";
import { assets } from "../static/assets.js";

export interface LayoutProps {
  /** page title; the document title becomes "TITLE · signed-share" */
  title: string;
  /** signed-in user, shown with a sign-out button; omit on public pages */
  user?: SessionUser | null;
  /** needed for the sign-out form whenever `user` is given */
  csrfToken?: string | null;
  /** navigation links for the header, e.g. <NavLink href="/clients" current>Clients</NavLink> */
  nav?: Child;
  children?: Child;
}

/** The page shell of every portal page: header, navigation, user, main content, footer. */
export function Layout({ title, user, csrfToken, nav, children }: LayoutProps) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <meta name="color-scheme" content="light dark" />
          <title>{`${title} · signed-share`}</title>
          <link rel="icon" type="image/svg+xml" href={assets["favicon.svg"].href} />
          <link rel="stylesheet" href={assets["style.css"].href} />
          {user ? <script src={assets["times.js"].href} defer></script> : null}
        </head>
        <body>
          <a class="skip-link" href="#main">
            Skip to content
          </a>
          <header class="site-header">
            <div class="site-header__inner">
              <a class="brand" href="/">
                signed-share
              </a>
              {nav ? (
                <nav class="site-nav" aria-label="Main">
                  {nav}
                </nav>
              ) : null}
              {user ? <UserMenu user={user} csrfToken={csrfToken ?? ""} /> : null}
            </div>
          </header>
          <main id="main" class="site-main">
            {children}
          </main>
          <footer class="site-footer">
            <p>signed-share · private files, shared through links that expire</p>
          </footer>
        </body>
      </html>
    </>
  );
}

function UserMenu({ user, csrfToken }: { user: SessionUser; csrfToken: string }) {
  return (
    <div class="user-menu">
      <a class="user-menu__name" href="/account" title="Your account">
        {user.name} <span class="badge">{user.role}</span>
      </a>
      <form method="post" action="/sign-out">
        <CsrfField token={csrfToken} />
        <button type="submit" class="button button--quiet">
          Sign out
        </button>
      </form>
    </div>
  );
}

/** A header navigation link; `current` marks the page the user is on. */
export function NavLink({ href, current, children }: { href: string; current?: boolean; children?: Child }) {
  return (
    <a href={href} aria-current={current ? "page" : undefined}>
      {children}
    </a>
  );
}
