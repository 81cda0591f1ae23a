// Next and previous for the lists that page by cursor (Links, Clients): a cursor only goes forward, so
// each page's address carries the cursors of the pages before it (`back`), a few at most.

/** Pages back a list's address remembers; further back, "Newest" starts again from the first page. */
export const MAX_BACK = 20;
const FIRST = "-";

export interface PagerState {
  /** The cursor this page starts after; undefined on the first page. */
  after?: string;
  /** The `after` of each earlier page, oldest first ("-": the first page). */
  back: string[];
}

/** The pager's state from `?after=` and `?back=` (cursors are base64url, so a comma parts them). */
export function pagerState(after: string | undefined, back: string | undefined): PagerState {
  const trail = (back ?? "").split(",").filter((c) => c === FIRST || /^[A-Za-z0-9_-]{1,2048}$/.test(c)).slice(-MAX_BACK);
  return { ...(after ? { after } : {}), back: trail };
}

export interface PagerLinks {
  previous?: string;
  next?: string;
  /** The first page, when this is not it. */
  first?: string;
}

/** The addresses of the previous, next and first pages, with the list's own parameters (filters, search) kept. */
export function pagerLinks(path: string, params: Record<string, string | undefined>, state: PagerState, next: string | undefined): PagerLinks {
  const url = (extra: Record<string, string>) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries({ ...params, ...extra })) if (value !== undefined && value !== "") query.set(name, value);
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  };
  const links: PagerLinks = {};
  if (state.after !== undefined) {
    links.first = url({});
    const previous = state.back.at(-1);
    const earlier = state.back.slice(0, -1).join(",");
    links.previous = previous === undefined || previous === FIRST ? url({}) : url({ after: previous, ...(earlier ? { back: earlier } : {}) });
  }
  if (next !== undefined) links.next = url({ after: next, back: [...state.back, state.after ?? FIRST].slice(-MAX_BACK).join(",") });
  return links;
}
