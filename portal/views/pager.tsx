import type { PagerLinks } from "../sharing/pager.js";

/** Previous / next (and back to the first page) under a list that pages by cursor. */
export function Pager({ links, newer = "Previous page", older = "Next page" }: { links: PagerLinks; newer?: string; older?: string }) {
  if (!links.previous && !links.next) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {links.first && links.first !== links.previous ? (
        <a class="button button--quiet" href={links.first}>
          First page
        </a>
      ) : null}
      {links.previous ? (
        <a class="button" href={links.previous} rel="prev">
          {newer}
        </a>
      ) : null}
      {links.next ? (
        <a class="button" href={links.next} rel="next">
          {older}
        </a>
      ) : null}
    </nav>
  );
}
